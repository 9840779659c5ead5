import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CairnError } from '../../errors/index.js';
import type { ArtifactStore } from './artifact-store.js';
import type { PackageFile } from './manifest.js';
import { sha256Hex } from './package-digest.js';
import { versionMarkerName } from './package-paths.js';

/**
 * `<data_dir>/models/<url-encoded model name>/<version>/`. A leading dot is encoded too, so model names such as
 * `..` or `.` can never name a directory outside `models/`.
 */
export function versionDirectory(dataDir: string, modelName: string, version: string): string {
  const encodedName = encodeURIComponent(modelName).replace(/^\./, '%2E');
  if (!/^[1-9][0-9]*$/.test(version)) throw new CairnError('INVALID_PARAMETER_VALUE', `not a version number: ${version}`);
  return path.join(dataDir, 'models', encodedName, version);
}

/**
 * Re-hashes every package file in `directory` (node_modules and anything else not in the package is ignored).
 * Throws PACKAGE_INTEGRITY_ERROR naming the first file that is missing or differs.
 */
export async function verifyDirectory(directory: string, files: readonly PackageFile[]): Promise<void> {
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(directory, file.path));
    } catch {
      throw new CairnError('PACKAGE_INTEGRITY_ERROR', `package file ${file.path} is missing from ${directory}.`);
    }
    const found = sha256Hex(bytes);
    if (found !== file.sha256) {
      throw new CairnError('PACKAGE_INTEGRITY_ERROR', `package file ${file.path} does not match its sha256 digest (expected ${file.sha256}, found ${found}).`);
    }
  }
}

/** The package digest a version directory was built from, or undefined when it has no (readable) marker. */
export async function markerDigest(directory: string): Promise<string | undefined> {
  try {
    const marker = JSON.parse(await readFile(path.join(directory, versionMarkerName), 'utf8')) as { digest?: unknown };
    return typeof marker.digest === 'string' ? marker.digest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds a version directory atomically: the files are copied from their blobs into a temporary sibling, `prepare`
 * runs there (the dependency install), and the whole directory is renamed into place. A reader never sees half a
 * version; when another builder won the race its directory is kept and ours is dropped.
 */
export async function buildVersionDirectory(
  target: string,
  digest: string,
  files: readonly PackageFile[],
  blobs: ArtifactStore,
  prepare: (directory: string) => Promise<void>,
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    for (const file of files) {
      const bytes = await blobs.read(file.sha256, `package file ${file.path}`);
      const destination = path.join(temporary, file.path);
      // Paths were checked when the package was stored; check again that none leaves the directory.
      if (!destination.startsWith(`${temporary}${path.sep}`)) throw new CairnError('PACKAGE_INVALID', `package path ${file.path} escapes the package folder.`);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, bytes, { mode: 0o644 });
    }
    await prepare(temporary);
    await writeFile(path.join(temporary, versionMarkerName), `${JSON.stringify({ digest })}\n`);
    try {
      await rename(temporary, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await markerDigest(target)) === digest) return;
      throw error;
    }
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}
