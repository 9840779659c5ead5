import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Model packages (issue 3): one immutable row per package digest. The package's bytes live in the content-addressed
 * artifact store under the data dir (`artifacts/sha256/…`); the row holds what is needed to verify and serve them.
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
}
