import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, Parser, Pax, type ReadEntry } from 'tar';
import { CairnError } from '../../errors/index.js';
import { comparePaths, excludedDirectoryNames, normalizeEntryPath, packagePathProblem } from './package-paths.js';

/** Bounds on one package (from the `models` config section). */
export interface PackageLimits {
  /** Largest archive accepted (the upload itself). */
  maxPackageBytes: number;
  /** Most files a package may hold. */
  maxPackageFiles: number;
  /** Largest total of the unpacked files: bounds a gzip bomb. */
  maxUnpackedBytes: number;
}

export function packageLimitsOf(models: { max_package_bytes: number; max_package_files: number }): PackageLimits {
  return { maxPackageBytes: models.max_package_bytes, maxPackageFiles: models.max_package_files, maxUnpackedBytes: 4 * models.max_package_bytes };
}

function invalid(message: string): CairnError {
  return new CairnError('PACKAGE_INVALID', message);
}

const fileTypes = new Set(['File', 'OldFile', 'ContiguousFile']);
const notAnArchive = "package archive is not a gzip'd tar archive (.tgz)";

/**
 * Reads a .tgz held in memory into its files (path → bytes), never touching the disk. Refuses absolute paths, `..`,
 * symbolic and hard links, devices and FIFOs (SEC-SC-1, zip-slip), naming the entry; corrupt gzip or tar data, more
 * files than allowed and more unpacked bytes than allowed are PACKAGE_INVALID too.
 */
export async function readPackageArchive(archive: Buffer, limits: PackageLimits): Promise<Map<string, Buffer>> {
  if (archive.length > limits.maxPackageBytes) {
    throw new CairnError('PAYLOAD_TOO_LARGE', `package archive is ${archive.length} bytes; the limit is ${limits.maxPackageBytes} (models.max_package_bytes).`);
  }
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) throw invalid(`${notAnArchive}: it does not start with the gzip signature.`);
  const files = new Map<string, Buffer>();
  let unpacked = 0;
  let failure: CairnError | undefined;
  let sawEntry = false;

  await new Promise<void>((resolve) => {
    // strict: every tar warning (bad checksum, truncated input, corrupt gzip) is an error.
    const parser = new Parser({ strict: true });
    const fail = (error: CairnError) => {
      if (!failure) failure = error;
      parser.abort(error);
    };
    parser.on('entry', (entry: ReadEntry) => {
      sawEntry = true;
      if (failure) return entry.resume();
      const name = normalizeEntryPath(entry.path);
      const problem = packagePathProblem(name);
      if (problem) return fail(invalid(`archive entry ${JSON.stringify(entry.path)} ${problem}.`)), entry.resume();
      if (entry.type === 'Directory') return entry.resume();
      if (!fileTypes.has(entry.type)) {
        fail(invalid(`archive entry ${JSON.stringify(entry.path)} is a ${entry.type}; a package holds only regular files and directories.`));
        return entry.resume();
      }
      if (files.has(name)) return fail(invalid(`archive entry ${JSON.stringify(entry.path)} appears twice.`)), entry.resume();
      if (files.size + 1 > limits.maxPackageFiles) {
        return fail(invalid(`package has more than ${limits.maxPackageFiles} files (models.max_package_files).`)), entry.resume();
      }
      const size = entry.size ?? 0;
      unpacked += size;
      if (unpacked > limits.maxUnpackedBytes) {
        return fail(invalid(`package unpacks to more than ${limits.maxUnpackedBytes} bytes.`)), entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(name, Buffer.concat(chunks)));
    });
    parser.on('error', (error: Error) => {
      if (!failure) failure = invalid(`${notAnArchive}: ${error.message.replace(/^TAR_[A-Z_]+: /, '')}.`);
      resolve();
    });
    parser.on('end', () => resolve());
    parser.on('close', () => resolve());
    try {
      parser.end(archive);
    } catch (error) {
      if (!failure) failure = invalid(`${notAnArchive}: ${(error as Error).message}.`);
      resolve();
    }
  });
  if (failure) throw failure;
  if (!sawEntry || files.size === 0) throw invalid(`${notAnArchive}: it holds no files.`);
  return files;
}

/**
 * A package folder's files (path → bytes), sorted, skipping node_modules/ and .git/ at any depth. Symbolic links
 * are refused (a package must be self-contained and a link could point anywhere).
 */
export async function readPackageDirectory(directory: string, limits: PackageLimits): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let unpacked = 0;
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(path.join(directory, relative), { withFileTypes: true });
    entries.sort((left, right) => comparePaths(left.name, right.name));
    for (const entry of entries) {
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!excludedDirectoryNames.has(entry.name)) await walk(childRelative);
        continue;
      }
      if (entry.isSymbolicLink()) throw invalid(`package file ${childRelative} is a symbolic link; a package holds only regular files.`);
      if (!entry.isFile()) throw invalid(`package file ${childRelative} is not a regular file.`);
      const problem = packagePathProblem(childRelative);
      if (problem) throw invalid(`package path ${JSON.stringify(childRelative)} ${problem}.`);
      if (files.size + 1 > limits.maxPackageFiles) throw invalid(`package has more than ${limits.maxPackageFiles} files (models.max_package_files).`);
      const bytes = await readFile(path.join(directory, childRelative));
      unpacked += bytes.length;
      if (unpacked > limits.maxUnpackedBytes) throw invalid(`package is larger than ${limits.maxUnpackedBytes} bytes unpacked.`);
      files.set(childRelative, bytes);
    }
  }
  const stats = await lstat(directory).catch(() => undefined);
  if (!stats?.isDirectory()) throw invalid(`${directory} is not a directory.`);
  await walk('');
  return files;
}

/** Fixed modification time of every entry, so packing the same files twice gives the same bytes. */
const fixedMtime = new Date('2000-01-01T00:00:00Z');

/**
 * Packs a package's files into a deterministic .tgz: entries sorted by path, regular files only, fixed mtime, mode
 * 0644, portable headers (uid/gid 0, no user names), so the same files always give the same archive bytes.
 * Written block by block with tar's own header encoder (a pax header when a path does not fit ustar).
 */
export function packPackageFiles(files: ReadonlyMap<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const filePath of [...files.keys()].sort(comparePaths)) {
    const bytes = files.get(filePath)!;
    const data = { path: filePath, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', size: bytes.length, mtime: fixedMtime, type: 'File' as const };
    const header = Buffer.alloc(512);
    if (new Header(data).encode(header, 0)) blocks.push(new Pax({ path: filePath, mtime: fixedMtime, size: bytes.length }).encode());
    blocks.push(header, bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}
