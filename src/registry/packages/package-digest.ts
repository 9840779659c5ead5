import { createHash } from 'node:crypto';
import type { PackageFile } from './manifest.js';
import { comparePaths } from './package-paths.js';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The package's files sorted the way the digest lists them. */
export function sortedFiles(files: readonly PackageFile[]): PackageFile[] {
  return [...files].sort((left, right) => comparePaths(left.path, right.path));
}

/**
 * The package digest: sha256 of the UTF-8 text made of one line per file, sorted by path (byte order),
 * `<sha256 hex>  <path>\n` (the `sha256sum` format, so `sha256sum` over the files reproduces it).
 * The manifest is one of the files; node_modules/ and .git/ are never part of a package.
 */
export function packageDigest(files: readonly PackageFile[]): string {
  return sha256Hex(sortedFiles(files).map((file) => `${file.sha256}  ${file.path}\n`).join(''));
}
