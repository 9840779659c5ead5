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
