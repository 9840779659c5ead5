import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import { type Capability, type JsFlavor, jsFlavorSchema, knownFlavors, manifestSchema, type PackageFile, type PackageManifest } from './manifest.js';
import { packageDigest, sha256Hex, sortedFiles } from './package-digest.js';
import { packagePathProblem } from './package-paths.js';

export const manifestFileName = 'MLmodel';

/** A package that passed every check: what the store records and the CLI prints. */
export interface ValidatedPackage {
  digest: string;
  manifest: PackageManifest;
  manifestSha256: string;
  js: JsFlavor;
  capabilities: ReadonlySet<Capability>;
  /** Sorted by path (the digest's order). */
  files: PackageFile[];
  /** Sum of the files' sizes (unpacked). */
  unpackedBytes: number;
}

function invalid(message: string): CairnError {
  return new CairnError('PACKAGE_INVALID', message);
}

/** `flavors.js.entry: is missing; signature: unknown field(s) input` — the zod issues of the manifest, by field. */
function issuesText(prefix: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'MLmodel';
      if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
      if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${where}: is missing`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

function ajvText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}

/** The records an `input_example` stands for: a list of records, `{dataframe_records: [...]}`, or one record. */
function exampleRecords(example: unknown): unknown[] {
  if (Array.isArray(example)) return example;
  const record = example as { dataframe_records?: unknown } | null;
  if (record && typeof record === 'object' && Array.isArray(record.dataframe_records)) return record.dataframe_records;
  return [example];
}

function isChatOrEmbedExample(example: unknown): boolean {
  return typeof example === 'object' && example !== null && !Array.isArray(example) && ('messages' in example || 'input' in example);
}

/** Parses and checks `MLmodel` alone (no file checks): the manifest, the js flavour, the signature schemas. */
export function parseManifest(text: string): { manifest: PackageManifest; js: JsFlavor } {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw invalid(`MLmodel is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('MLmodel must be a YAML mapping (flavors, signature, …).');
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw invalid(`MLmodel is invalid: ${issuesText('', parsed.error)}`);
  const manifest = parsed.data;
  const unknown = Object.keys(manifest.flavors).filter((flavor) => !(knownFlavors as readonly string[]).includes(flavor));
  if (unknown.length > 0) {
    throw invalid(`MLmodel names unknown flavour ${unknown.join(', ')}; Cairn serves: ${knownFlavors.join(', ')}.`);
  }
  const js = jsFlavorSchema.safeParse(manifest.flavors.js);
  if (!js.success) throw invalid(`MLmodel is invalid: ${issuesText('flavors.js', js.error)}`);

  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators: Partial<Record<'inputs' | 'outputs' | 'params', ReturnType<Ajv['compile']>>> = {};
  for (const field of ['inputs', 'outputs', 'params'] as const) {
    const schema = manifest.signature?.[field];
    if (!schema) continue;
    try {
      validators[field] = ajv.compile(schema);
    } catch (error) {
      throw invalid(`MLmodel field signature.${field} is not a valid JSON Schema: ${(error as Error).message}`);
    }
  }
  const validateInputs = validators.inputs;
  const capabilities = new Set(js.data.capabilities);
  if (validateInputs && manifest.input_example !== undefined && !(isChatOrEmbedExample(manifest.input_example) && !capabilities.has('predict'))) {
    exampleRecords(manifest.input_example).forEach((record, index, all) => {
      if (!validateInputs(record)) {
        const where = all.length === 1 && !Array.isArray(manifest.input_example) ? 'input_example' : `input_example record ${index}`;
        throw invalid(`MLmodel ${where} does not match signature.inputs: ${ajvText(validateInputs.errors)}`);
      }
    });
  }
  return { manifest, js: js.data };
}

/**
 * Checks a whole package given as its files (path → bytes): every path, the manifest, that the entry module and the
 * lockfile with its package.json exist. Throws CairnError PACKAGE_INVALID naming what is wrong.
 */
export function validatePackageFiles(files: ReadonlyMap<string, Buffer>): ValidatedPackage {
  for (const filePath of files.keys()) {
    const problem = packagePathProblem(filePath);
    if (problem) throw invalid(`package path ${JSON.stringify(filePath)} ${problem}.`);
  }
  const manifestBytes = files.get(manifestFileName);
  if (!manifestBytes) throw invalid('package has no MLmodel manifest at its root.');
  const { manifest, js } = parseManifest(manifestBytes.toString('utf8'));
  if (!files.has(js.entry)) throw invalid(`MLmodel field flavors.js.entry names ${js.entry}, which is not in the package.`);
  const lockfile = manifest.dependencies?.npm?.lockfile;
  if (lockfile !== undefined) {
    if (!files.has(lockfile)) throw invalid(`MLmodel field dependencies.npm.lockfile names ${lockfile}, which is not in the package.`);
    const directory = lockfile.includes('/') ? lockfile.slice(0, lockfile.lastIndexOf('/') + 1) : '';
    if (!files.has(`${directory}package.json`)) {
      throw invalid(`dependencies.npm.lockfile ${lockfile} needs a package.json beside it (${directory}package.json is not in the package).`);
    }
  }
  const list: PackageFile[] = [...files].map(([filePath, bytes]) => ({ path: filePath, size: bytes.length, sha256: sha256Hex(bytes) }));
  return {
    digest: packageDigest(list),
    manifest,
    manifestSha256: sha256Hex(manifestBytes),
    js,
    capabilities: new Set(js.capabilities),
    files: sortedFiles(list),
    unpackedBytes: list.reduce((total, file) => total + file.size, 0),
  };
}
