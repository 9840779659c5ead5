import { afterEach, describe, expect, it } from 'vitest';
import { ChangeFeed, openDatabase, type StorageHandle } from './index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './test-support/test-databases.js';

describe.each(testDialects)('storage on %s', (dialect) => {
  let testDb: TestDatabase | undefined;
  let handles: StorageHandle[] = [];

  afterEach(async () => {
    for (const handle of handles) await handle.close();
    handles = [];
    await testDb?.cleanup();
    testDb = undefined;
  });

  async function open(): Promise<StorageHandle> {
    testDb ??= await createTestDatabase(dialect);
    const handle = await openDatabase(testDb.url, testDb.dataDir);
    handles.push(handle);
    return handle;
  }

  it('migrates an empty database and is idempotent on a second open', async () => {
    const first = await open();
    expect(first.dialect).toBe(dialect);
    await first.db
      .insertInto('principals')
      .values({ id: 'p1', kind: 'user', name: 'ada', display_name: 'Ada', is_admin: 1, active: 1, created_at: 1_700_000_000_000 })
      .execute();
    const second = await open();
    const row = await second.db.selectFrom('principals').selectAll().where('id', '=', 'p1').executeTakeFirstOrThrow();
    // timestamps come back as numbers on both dialects, not strings
    expect(row.created_at).toBe(1_700_000_000_000);
    expect(row.is_admin).toBe(1);
  });

  it('tells a second instance about a change through the change feed', async () => {
    const a = await open();
    const b = await open();
    const feedA = new ChangeFeed(a.db, 60_000);
    const feedB = new ChangeFeed(b.db, 60_000);
    await feedA.start();
    await feedB.start();
    const seen: string[] = [];
    feedB.subscribe((topic, key) => seen.push(`${topic}:${key}`));
    await feedA.publish('auth', 'token-1');
    expect(seen).toEqual([]);
    await feedB.poll();
    expect(seen).toEqual(['auth:token-1']);
    await feedB.poll();
    expect(seen).toHaveLength(1);
    feedA.stop();
    feedB.stop();
  });
});

describe('SQLite WAL checkpoints', () => {
  it('are done by the checkpointer thread, not by commits on the main thread', async () => {
    const { statSync } = await import('node:fs');
    const path = await import('node:path');
    const testDb = await createTestDatabase('sqlite');
    const handle = await openDatabase(testDb.url, testDb.dataDir);
    try {
      const { sql } = await import('kysely');
      const setting = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(handle.db);
      expect(setting.rows[0]?.wal_autocheckpoint).toBe(0);
      const mainFile = path.join(testDb.dataDir, 'cairn.db');
      const before = statSync(mainFile).size;
      const rows = Array.from({ length: 200 }, (_, index) => ({
        request_id: `r${index}`, request_time: index, request_date: '2026-01-01', endpoint_name: 'e', status_code: 200,
        execution_duration_ms: 1, stream: 0, logging_error_codes: '[]', request: 'x'.repeat(2000),
      }));
      await handle.db.insertInto('inference_log').values(rows).execute();
      // Committed pages sit in the WAL; the main file grows only when a checkpoint copies them back.
      expect(statSync(mainFile).size).toBe(before);
      const deadline = Date.now() + 5_000;
      while (statSync(mainFile).size === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(statSync(mainFile).size).toBeGreaterThan(before);
    } finally {
      await handle.close();
      await testDb.cleanup();
    }
  });
});
