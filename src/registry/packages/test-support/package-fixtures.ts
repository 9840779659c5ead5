import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

/** A minimal valid `js` package: MLmodel + model.js with a predict capability and a signature. */
export const minimalManifest = [
  'flavors:',
  '  js:',
  '    entry: model.js',
  '    capabilities: [predict]',
  'signature:',
  '  inputs: {type: object, properties: {text: {type: string}}, required: [text]}',
  '  outputs: {type: object}',
  'input_example: {text: "Cairn serves models."}',
  'metadata: {author: tests, license: MIT}',
  '',
].join('\n');

export const minimalModule = 'export async function load() {}\nexport async function predict(records) { return records.map((record) => ({ length: record.text.length })); }\n';

export function packageFiles(extra: Record<string, string | Buffer | undefined> = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>([
    ['MLmodel', Buffer.from(minimalManifest)],
    ['model.js', Buffer.from(minimalModule)],
  ]);
  for (const [name, content] of Object.entries(extra)) {
    if (content === undefined) files.delete(name);
    else files.set(name, Buffer.isBuffer(content) ? content : Buffer.from(content));
  }
  return files;
}

/** A manifest with npm dependencies, for packages that carry a lockfile. */
export function manifestWithLockfile(lockfile = 'package-lock.json'): string {
  return `${minimalManifest}dependencies:\n  npm: {lockfile: ${lockfile}}\n`;
}

/** package.json + package-lock.json (v3) naming one dependency fetched from `resolved`. */
export function npmProject(dependency: { name: string; version: string; resolved: string; integrity: string }, scripts: Record<string, string> = {}): Record<string, string> {
  const packageJson = { name: 'cairn-fixture-model', version: '1.0.0', private: true, scripts, dependencies: { [dependency.name]: dependency.version } };
  const lock = {
    name: 'cairn-fixture-model',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'cairn-fixture-model', version: '1.0.0', ...(Object.keys(scripts).length > 0 ? { hasInstallScript: true } : {}), dependencies: { [dependency.name]: dependency.version } },
      [`node_modules/${dependency.name}`]: { version: dependency.version, resolved: dependency.resolved, integrity: dependency.integrity },
    },
  };
  return { 'package.json': `${JSON.stringify(packageJson, null, 2)}\n`, 'package-lock.json': `${JSON.stringify(lock, null, 2)}\n` };
}

/** A tiny real dependency from the public registry (no dependencies of its own). */
export const realTinyDependency = {
  name: 'ms',
  version: '2.1.3',
  resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
  integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
};

/** A dependency that does not exist on the registry: its install must fail with npm's own message. */
export const missingDependency = {
  name: 'cairn-no-such-package-xyz-123',
  version: '1.0.0',
  resolved: 'https://registry.npmjs.org/cairn-no-such-package-xyz-123/-/cairn-no-such-package-xyz-123-1.0.0.tgz',
  // Matches no tarball in npm's content-addressed cache, so npm has to ask the registry (and gets a 404).
  integrity: `sha512-${Buffer.alloc(64, 0x5a).toString('base64')}`,
};

export function writePackageFolder(files: ReadonlyMap<string, Buffer>, directory = mkdtempSync(path.join(tmpdir(), 'cairn-package-'))): string {
  for (const [name, bytes] of files) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), bytes);
  }
  return directory;
}

/** A raw tar entry of any type and name (for hostile archives: `../x`, `/etc/x`, symbolic links, devices). */
export interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
  body?: Buffer | string;
  linkpath?: string;
}

/** Builds a .tgz from raw entries without any path checks, as an attacker would. */
export function rawArchive(entries: readonly RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body);
    const type = entry.type ?? 'File';
    const header = Buffer.alloc(512);
    new Header({
      path: entry.path,
      type,
      mode: 0o644,
      uid: 0,
      gid: 0,
      size: type === 'File' ? body.length : 0,
      mtime: new Date(0),
      ...(entry.linkpath ? { linkpath: entry.linkpath } : {}),
    }).encode(header, 0);
    blocks.push(header);
    if (type === 'File') blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
