import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DialectName } from '../migrations/index.js';

/** Every storage-touching suite runs once per dialect; PostgreSQL can be skipped only explicitly. */
export const testDialects: DialectName[] = process.env.CAIRN_TEST_SKIP_POSTGRES === '1' ? ['sqlite'] : ['sqlite', 'postgres'];

export const postgresAdminUrl = process.env.CAIRN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  dialect: DialectName;
  /** Value for `database_url`. */
  url: string;
  /** A fresh temporary data directory (SQLite file, key file, artifacts). */
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty database of the given dialect: a temp SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    return { dialect, url: path.join(dataDir, 'cairn.db'), dataDir, cleanup: async () => removeDir() };
  }
  const name = `cairn_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    dataDir,
    async cleanup() {
      removeDir();
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      try {
        // pg's Pool.end() resolves before its sockets close; dropping WITH (FORCE) while one is still closing
        // surfaces as an uncaught 57P01 in the suite. Wait (bounded) until the server has seen them go.
        for (let attempt = 0; attempt < 100; attempt++) {
          const result = await client.query<{ count: string }>('select count(*) as count from pg_stat_activity where datname = $1', [name]);
          if (Number(result.rows[0]?.count ?? 0) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
