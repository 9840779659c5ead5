import pg from 'pg';
import { postgresAdminUrl, type TestDatabase } from '../../storage/test-support/test-databases.js';

/**
 * pg's `Pool.end()` resolves before its sockets have closed, so the `DROP DATABASE … WITH (FORCE)` in
 * `TestDatabase.cleanup` can kill a connection that is still closing, and pg reports that as an
 * uncaught error. Wait (briefly, bounded) until the server has seen every connection go, then clean up.
 * TODO(lead): move this into `createTestDatabase`'s cleanup so every suite gets it.
 */
export async function cleanupTestDatabase(database: TestDatabase): Promise<void> {
  if (database.dialect === 'postgres') {
    const name = new URL(database.url).pathname.slice(1);
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      for (let attempt = 0; attempt < 100; attempt++) {
        const result = await client.query<{ count: string }>('select count(*) as count from pg_stat_activity where datname = $1', [name]);
        if (Number(result.rows[0]?.count ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await client.end();
    }
  }
  await database.cleanup();
}
