import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/** Registry webhooks (MLflow 3 shape), their deliveries and every delivery attempt. */
export async function up(db: Kysely<unknown>, { bigint, autoIncrement }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('registry_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('secret_key', 'text')
    .addColumn('created_by', 'text')
    .addColumn('creation_timestamp', bigint, (c) => c.notNull())
    .addColumn('last_updated_timestamp', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('registry_webhooks_created').on('registry_webhooks').columns(['creation_timestamp', 'id']).execute();

  await db.schema
    .createTable('registry_webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', bigint, (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', bigint)
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('registry_webhook_deliveries_due').on('registry_webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('registry_webhook_deliveries_webhook').on('registry_webhook_deliveries').columns(['webhook_id', 'created_at']).execute();

  await db.schema
    .createTable('registry_webhook_attempts')
    .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', bigint, (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('next_retry_at', bigint)
    .execute();
  await db.schema.createIndex('registry_webhook_attempts_delivery').on('registry_webhook_attempts').columns(['delivery_id', 'attempt']).execute();
}
