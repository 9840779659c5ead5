import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ApiClient, ApiError } from '../api-client.js';
import { parseInteger, parseVersion } from '../argument-parsers.js';
import { downloadBytes, uploadBytes } from '../binary-transfer.js';
import { CliError } from '../cli-error.js';
import { type ClientOptions, clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asRecord, asText, formatKeyValues } from '../output.js';

const modelVersions = '/api/2.0/mlflow/model-versions';
const registeredModels = '/api/2.0/mlflow/registered-models';

interface PackedPackage {
  digest: string;
  source: string;
  flavor: string;
  entry: string;
  capabilities: string[];
  files: number;
  unpackedBytes: number;
  archive: Buffer;
  archiveSha256: string;
}

/**
 * Validates a package folder locally and packs it deterministically. The package modules (zod, yaml, Ajv, tar) are
 * imported here, not at start-up: every other client command stays fast.
 */
async function packFolder(directory: string): Promise<PackedPackage> {
  const [{ configSchema }, archiveModule, { validatePackageFiles }, { sha256Hex }, { packageSource }, { isCairnError }] = await Promise.all([
    import('../../config/index.js'),
    import('../../registry/packages/package-archive.js'),
    import('../../registry/packages/package-validation.js'),
    import('../../registry/packages/package-digest.js'),
    import('../../registry/packages/manifest.js'),
    import('../../errors/index.js'),
  ]);
  try {
    const limits = archiveModule.packageLimitsOf(configSchema.parse({}).models);
    const files = await archiveModule.readPackageDirectory(directory, limits);
    const validated = validatePackageFiles(files);
    const archive = archiveModule.packPackageFiles(files);
    return {
      digest: validated.digest,
      source: packageSource(validated.digest),
      flavor: 'js',
      entry: validated.js.entry,
      capabilities: [...validated.capabilities],
      files: validated.files.length,
      unpackedBytes: validated.unpackedBytes,
      archive,
      archiveSha256: sha256Hex(archive),
    };
  } catch (error) {
    if (isCairnError(error)) throw new CliError(error.message, 1);
    throw error;
  }
}

function packageSummary(packed: PackedPackage, out: string | undefined): string {
  return formatKeyValues([
    ['digest', `sha256:${packed.digest}`],
    ['source', packed.source],
    ['flavour', `${packed.flavor} (entry ${packed.entry})`],
    ['capabilities', packed.capabilities.join(', ')],
    ['files', String(packed.files)],
    ['size', `${packed.unpackedBytes} bytes unpacked, ${packed.archive.length} bytes packed`],
    ['archive', out ? `${out} (sha256:${packed.archiveSha256})` : undefined],
  ]);
}

/** The archive to upload: a .tgz file as is, or a folder packed the way `cairn models package` packs it. */
async function archiveOf(target: string): Promise<Buffer> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new CliError(`${target} does not exist`, 2);
  if (info.isDirectory()) return (await packFolder(target)).archive;
  return readFile(target);
}

async function ensureModel(client: ApiClient, name: string): Promise<void> {
  try {
    await client.get(`${registeredModels}/get`, { name });
  } catch (error) {
    if (!(error instanceof ApiError) || error.errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw error;
    await client.post(`${registeredModels}/create`, { name });
  }
}

/** Polls the version until its install has finished (READY or FAILED_REGISTRATION), bounded by `timeoutMs`. */
async function waitForVersion(client: ApiClient, name: string, version: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = asRecord((await client.get(`${modelVersions}/get`, { name, version })).model_version);
    if (current.status !== 'PENDING_REGISTRATION') return current;
    if (Date.now() >= deadline) throw new CliError(`version ${version} of ${name} is still PENDING_REGISTRATION after ${timeoutMs} ms`, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function versionSummary(version: Record<string, unknown>): string {
  return formatKeyValues([
    ['name', asText(version.name)],
    ['version', asText(version.version)],
    ['status', asText(version.status)],
    ['status message', asText(version.status_message)],
    ['source', asText(version.source)],
  ]);
}

/** `cairn models package | register | download`: model packages (see docs/model-packages.md). */
export function registerModelPackageCommands(models: Command): void {
  models
    .command('package <dir>')
    .description('Validate a model package folder locally (no server) and optionally pack it into a .tgz')
    .option('--out <file>', 'write the deterministic .tgz here')
    .option('--json', 'print the result as JSON')
    .action(async (directory: string, options: { out?: string; json?: boolean }) => {
      const packed = await packFolder(directory);
      if (options.out) await writeFile(options.out, packed.archive);
      const { archive: _archive, ...summary } = packed;
      printResult(options, { ...summary, archive_bytes: packed.archive.length, out: options.out }, () => packageSummary(packed, options.out));
    });

  withClientOptions(
    models
      .command('register <name> <package>')
      .description('Upload a package (folder or .tgz), create the model if missing and a version whose source is the package')
      .option('--description <text>', 'description of the new version')
      .option('--wait', 'wait until the version is READY (dependencies installed) or FAILED_REGISTRATION')
      .option('--timeout <seconds>', 'with --wait, give up after this long', '600'),
  ).action(async (name: string, target: string, options: ClientOptions & { description?: string; wait?: boolean; timeout: string }) => {
    const timeoutMs = parseInteger(options.timeout, '--timeout', 1) * 1000;
    const archive = await archiveOf(target);
    const client = clientFrom(options);
    const uploaded = asRecord((await uploadBytes(client, '/api/2.0/cairn/model-packages', archive)).package);
    await ensureModel(client, name);
    const created = await client.post(`${modelVersions}/create`, { name, source: asText(uploaded.source), description: options.description });
    let version = asRecord(created.model_version);
    if (options.wait) version = await waitForVersion(client, name, asText(version.version) ?? '', timeoutMs);
    printResult(options, { package: uploaded, model_version: version }, () => `Registered version ${asText(version.version)} of ${name}.\n${versionSummary(version)}`);
    if (version.status === 'FAILED_REGISTRATION') throw new CliError(`version ${asText(version.version)} of ${name} failed: ${asText(version.status_message) ?? 'no reason given'}`, 1);
  });

  withClientOptions(
    models
      .command('download <name> <version>')
      .description("Download a version's package (.tgz), byte for byte as it was uploaded")
      .requiredOption('--out <file>', 'where to write the .tgz'),
  ).action(async (name: string, versionText: string, options: ClientOptions & { out: string }) => {
    const version = parseVersion(versionText);
    const { bytes, headers } = await downloadBytes(clientFrom(options), '/api/2.0/cairn/model-versions/download', { name, version });
    await writeFile(options.out, bytes);
    const digest = headers.get('x-cairn-package-digest') ?? '';
    printResult(options, { out: options.out, bytes: bytes.length, digest }, () => `Wrote ${bytes.length} bytes to ${options.out} (package ${digest}).`);
  });
}
