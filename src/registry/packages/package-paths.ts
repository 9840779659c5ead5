/**
 * Which paths may be part of a package. Every path is relative, uses forward slashes and stays inside the package
 * folder (SEC-SC-1: an archive entry such as `../../app.js` must never be written outside the version directory).
 */

/** Directories that are never part of a package: dependencies are installed from the lockfile, VCS data is noise. */
export const excludedDirectoryNames: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Cairn's own marker in a version directory (which package it holds); a package may not ship a file by that name. */
export const versionMarkerName = '.cairn-package.json';

export const maxPathLength = 512;

// Control characters would break the digest's one-line-per-file text and every log line naming the path.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/;

/** Why `candidate` is not an acceptable package path, or undefined when it is. */
export function packagePathProblem(candidate: string): string | undefined {
  if (candidate.length === 0) return 'is empty';
  if (candidate.length > maxPathLength) return `is longer than ${maxPathLength} characters`;
  if (controlCharacters.test(candidate)) return 'contains control characters';
  if (candidate.includes('\\')) return 'contains a backslash (use forward slashes)';
  if (candidate.startsWith('/') || /^[A-Za-z]:/.test(candidate)) return 'is absolute';
  const parts = candidate.split('/');
  if (parts.some((part) => part === '..')) return 'escapes the package folder ("..")';
  if (parts.some((part) => part === '' || part === '.')) return 'has an empty or "." segment';
  if (parts.some((part) => excludedDirectoryNames.has(part))) return 'is inside node_modules/ or .git/, which are never part of a package';
  if (candidate === versionMarkerName) return `is reserved (${versionMarkerName} is Cairn's own marker)`;
  return undefined;
}

/**
 * An archive entry name as a package path: a leading `./` (what `tar -C dir .` writes) is dropped, and a
 * directory entry's trailing `/`. Anything else is kept as is, so packagePathProblem sees it.
 */
export function normalizeEntryPath(entryPath: string): string {
  let result = entryPath;
  while (result.startsWith('./')) result = result.slice(2);
  if (result.endsWith('/')) result = result.slice(0, -1);
  return result;
}

/** Byte order of the UTF-8 paths: one order for every platform and locale, so the digest is well defined. */
export function comparePaths(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
