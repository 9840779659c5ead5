import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Model packages (issue 3): one immutable row per package digest, holding what is needed to verify and serve it.
 * Each instance keeps the package's files as content-addressed blobs under its data dir (`artifacts/sha256/…`);
 * the uploaded archive is also kept in model_package_archives, so an instance that has never seen a package (another
 * machine, a fresh data dir) rebuilds its blobs from the database instead of needing shared storage.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { bigint } = context;
  await db.schema
    .createTable('model_packages')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('archive_sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', bigint, (c) => c.notNull())
    .addColumn('manifest', 'text', (c) => c.notNull())
    .addColumn('manifest_sha256', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('model_package_archives')
    .addColumn('archive_sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', context.dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
}
