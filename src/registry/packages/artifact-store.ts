import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CairnError } from '../../errors/index.js';
import { sha256Hex } from './package-digest.js';

/**
 * Content-addressed blobs under `<data_dir>/artifacts/sha256/<first 2 hex>/<hex>`. A blob's name is its sha256, so
 * writing is idempotent and a blob is never rewritten; reads re-hash and refuse bytes that no longer match.
 */
export class ArtifactStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'artifacts', 'sha256');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CairnError('INVALID_PARAMETER_VALUE', `not a sha256 digest: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the bytes (temp file + rename, so a reader never sees half a blob) and returns their sha256. */
  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isFile() && existing.size === bytes.length) return sha256;
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(temporary, bytes, { mode: 0o644 });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    return sha256;
  }

  /** Whether this instance holds the blob (not re-hashed: `read` does that). */
  async has(sha256: string): Promise<boolean> {
    return (await stat(this.pathOf(sha256)).catch(() => undefined))?.isFile() === true;
  }

  /** The blob's bytes, re-hashed: a blob changed on disk is PACKAGE_INTEGRITY_ERROR, never served. */
  async read(sha256: string, label = `blob ${sha256}`): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch {
      throw new CairnError('PACKAGE_INTEGRITY_ERROR', `${label} is missing from the artifact store (${this.pathOf(sha256)}).`);
    }
    const found = sha256Hex(bytes);
    if (found !== sha256) {
      throw new CairnError('PACKAGE_INTEGRITY_ERROR', `${label} in the artifact store does not match its sha256 digest (expected ${sha256}, found ${found}).`);
    }
    return bytes;
  }
}
