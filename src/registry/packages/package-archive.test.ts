import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { packPackageFiles, type PackageLimits, readPackageArchive, readPackageDirectory } from './package-archive.js';
import { sha256Hex } from './package-digest.js';
import { validatePackageFiles } from './package-validation.js';
import { packageFiles, rawArchive, writePackageFolder } from './test-support/package-fixtures.js';

const limits: PackageLimits = { maxPackageBytes: 1024 * 1024, maxPackageFiles: 50, maxUnpackedBytes: 4 * 1024 * 1024 };
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected the archive to be refused');
}

describe('package archives', () => {
  it('packs deterministically and reads back the same files', async () => {
    const files = packageFiles({ 'artifacts/vocabulary.txt': 'alpha\nbeta\n', [`deep/${'x'.repeat(150)}.txt`]: 'a long path needs a pax header' });
    const first = packPackageFiles(files);
    const reordered = new Map([...files].reverse());
    expect(sha256Hex(packPackageFiles(reordered))).toBe(sha256Hex(first));
    const back = await readPackageArchive(first, limits);
    expect([...back.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [name, bytes] of files) expect(back.get(name)?.equals(bytes)).toBe(true);
  });

  it('a corrupt or truncated archive is PACKAGE_INVALID "not a gzip\'d tar archive"', async () => {
    const good = packPackageFiles(packageFiles());
    for (const bad of [Buffer.from('plain text, not an archive'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), good.subarray(0, good.length - 40)]) {
      const error = await rejection(readPackageArchive(bad, limits));
      expect(error.code).toBe('PACKAGE_INVALID');
      expect(error.message).toContain("not a gzip'd tar archive");
    }
  });

  it('zip-slip, absolute paths, links and devices are refused naming the entry', async () => {
    const cases: Array<[Parameters<typeof rawArchive>[0], string]> = [
      [[{ path: 'MLmodel', body: 'x' }, { path: '../../outside.js', body: 'boom' }], '"../../outside.js" escapes the package folder'],
      [[{ path: '/etc/cron.d/evil', body: 'x' }], '"/etc/cron.d/evil" is absolute'],
      [[{ path: 'model.js', type: 'SymbolicLink', linkpath: '/etc/passwd' }], '"model.js" is a SymbolicLink'],
      [[{ path: 'hard.js', type: 'Link', linkpath: 'model.js' }], '"hard.js" is a Link'],
      [[{ path: 'dev', type: 'CharacterDevice' }], '"dev" is a CharacterDevice'],
      [[{ path: 'node_modules/left-pad/index.js', body: 'x' }], 'node_modules/'],
    ];
    for (const [entries, expected] of cases) {
      const error = await rejection(readPackageArchive(rawArchive(entries), limits));
      expect(error.code).toBe('PACKAGE_INVALID');
      expect(error.message).toContain(expected);
    }
  });

  it('caps the archive size (413), the file count and the unpacked size (a gzip bomb)', async () => {
    const big = packPackageFiles(packageFiles({ 'blob.bin': Buffer.alloc(600_000, 7) }));
    expect((await rejection(readPackageArchive(big, { ...limits, maxPackageBytes: 1000 }))).code).toBe('PAYLOAD_TOO_LARGE');
    const bomb = packPackageFiles(packageFiles({ 'zeros.bin': Buffer.alloc(3_000_000) }));
    expect(bomb.length).toBeLessThan(limits.maxPackageBytes);
    expect((await rejection(readPackageArchive(bomb, { ...limits, maxUnpackedBytes: 1_000_000 }))).message).toContain('unpacks to more than 1000000 bytes');
    const many = packPackageFiles(new Map(Array.from({ length: 60 }, (_, index) => [`f${index}.txt`, Buffer.from('x')])));
    expect((await rejection(readPackageArchive(many, limits))).message).toContain('more than 50 files');
  });

  it('reads a folder without node_modules/ and .git/, and refuses symbolic links', async () => {
    const folder = writePackageFolder(packageFiles({ 'node_modules/dep/index.js': 'x', '.git/HEAD': 'ref', 'sub/node_modules/x.js': 'y', 'artifacts/a.txt': 'a' }));
    folders.push(folder);
    const files = await readPackageDirectory(folder, limits);
    expect([...files.keys()]).toEqual(['MLmodel', 'artifacts/a.txt', 'model.js']);
    mkdirSync(path.join(folder, 'links'));
    symlinkSync('/etc/passwd', path.join(folder, 'links', 'passwd'));
    expect((await rejection(readPackageDirectory(folder, limits))).message).toContain('links/passwd is a symbolic link');
  });

  it('property: the digest does not depend on the order of entries in the archive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?\.txt$/), { minLength: 1, maxLength: 8 }), fc.nat(), async (names, rotation) => {
        const files = packageFiles(Object.fromEntries(names.map((name) => [`artifacts/${name}`, name])));
        const entries = [...files].map(([name, body]) => ({ path: name, body }));
        const rotated = [...entries.slice(rotation % entries.length), ...entries.slice(0, rotation % entries.length)];
        const digestOf = async (list: typeof entries) => validatePackageFiles(await readPackageArchive(rawArchive(list), limits)).digest;
        expect(await digestOf(rotated)).toBe(await digestOf([...entries].reverse()));
      }),
      { numRuns: 40 },
    );
  });
});
