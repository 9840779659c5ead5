import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChangeFeed, openDatabase, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../storage/test-support/test-databases.js';
import { createSecretStore } from './index.js';
import { SECRET_KEY_FILE } from './secret-key.js';

const PLAINTEXT = 'sk-live-canary-4f1c9e0b7a2d';

describe.each(testDialects)('secret store on %s', (dialect) => {
  // One database per dialect; each test gets its own data dir (key file) and scope names.
  let database: TestDatabase;
  let storage: StorageHandle;
  let dataDir: string;
  let counter = 0;
  const scope = (name: string) => `${name}-${++counter}`;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-secrets-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  afterAll(async () => {
    await storage?.close();
    if (database) await database.cleanup();
  });

  it('encrypts values at rest: the raw row never contains the plaintext', async () => {
    const { db } = storage;
    const providers = scope('providers');
    const secrets = createSecretStore({ db, dataDir, secretKey: undefined });
    await secrets.put(providers, 'openai', PLAINTEXT);
    const rows = await db.selectFrom('secrets').selectAll().where('scope', '=', providers).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(PLAINTEXT);
    expect(rows[0]?.ciphertext).not.toContain(Buffer.from(PLAINTEXT).toString('base64').slice(0, 12));
    expect(await secrets.get(providers, 'openai')).toBe(PLAINTEXT);
  });

  it('creates the key file with mode 0600 and reuses it on restart', async () => {
    const { db } = storage;
    const name = scope('s');
    await createSecretStore({ db, dataDir, secretKey: undefined }).put(name, 'k', PLAINTEXT);
    const keyFile = path.join(dataDir, SECRET_KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');

    const restarted = createSecretStore({ db, dataDir, secretKey: undefined });
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(await restarted.get(name, 'k')).toBe(PLAINTEXT);
  });

  it('uses a configured secret key instead of a key file, and another key cannot decrypt', async () => {
    const { db } = storage;
    const name = scope('s');
    const secretKey = 'a-configured-secret-key-of-32-characters-or-more';
    await createSecretStore({ db, dataDir, secretKey }).put(name, 'k', PLAINTEXT);
    expect(() => statSync(path.join(dataDir, SECRET_KEY_FILE))).toThrow();
    expect(await createSecretStore({ db, dataDir, secretKey }).get(name, 'k')).toBe(PLAINTEXT);

    const wrongKey = createSecretStore({ db, dataDir, secretKey: 'another-secret-key-of-32-characters-or-more!!' });
    const failure = await wrongKey.get(name, 'k').catch((error: Error) => error);
    expect(failure).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(String((failure as Error).message)).not.toContain(PLAINTEXT);
  });

  it('binds each ciphertext to its scope and key: a copied row does not decrypt', async () => {
    const { db } = storage;
    const name = scope('s');
    const secrets = createSecretStore({ db, dataDir, secretKey: undefined });
    await secrets.put(name, 'a', PLAINTEXT);
    await secrets.put(name, 'b', 'other');
    const row = await db.selectFrom('secrets').select('ciphertext').where('scope', '=', name).where('key', '=', 'a').executeTakeFirstOrThrow();
    await db.updateTable('secrets').set({ ciphertext: row.ciphertext }).where('scope', '=', name).where('key', '=', 'b').execute();
    await expect(secrets.get(name, 'b')).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
  });

  it('manages scopes: list keys with timestamps only, delete, and publish changes for caches', async () => {
    const { db } = storage;
    const team = scope('team');
    const changeFeed = new ChangeFeed(db, 60_000);
    const seen: string[] = [];
    changeFeed.subscribe((topic, key) => seen.push(`${topic}:${key}`));
    const secrets = createSecretStore({ db, dataDir, secretKey: undefined, changeFeed, now: () => 1234 });

    await secrets.createScope(team);
    await expect(secrets.createScope(team)).rejects.toMatchObject({ code: 'RESOURCE_ALREADY_EXISTS' });
    await secrets.put(team, 'key', PLAINTEXT);
    expect(await secrets.list(team)).toEqual([{ key: 'key', last_updated_timestamp: 1234 }]);
    await expect(secrets.list('nope')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    expect(await secrets.listScopes()).toContain(team);

    await secrets.delete(team, 'key');
    await expect(secrets.get(team, 'key')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(secrets.delete(team, 'key')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await secrets.put(team, 'again', PLAINTEXT);
    await secrets.deleteScope(team);
    expect(await secrets.hasScope(team)).toBe(false);
    expect(await db.selectFrom('secrets').selectAll().where('scope', '=', team).execute()).toEqual([]);
    expect(seen).toContain(`secrets:${team}/key`);
  });
});
