import { errors } from '../../errors/index.js';
import type { Selectable } from 'kysely';
import type { Db, RegistryWebhookAttemptsTable, RegistryWebhookDeliveriesTable, RegistryWebhooksTable } from '../../storage/index.js';

/** Opaque keyset cursor `[timestamp, id]`: stable under inserts, unlike an offset. */
export function encodeCursor(timestamp: number, id: string): string {
  return Buffer.from(JSON.stringify([timestamp, id]), 'utf8').toString('base64url');
}

export function decodeCursor(token: string): { timestamp: number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') return { timestamp: parsed[0], id: parsed[1] };
  } catch {
    // Falls through to the 400.
  }
  throw errors.invalid('Invalid page_token.', { param: 'page_token' });
}

export type AttemptRow = Omit<RegistryWebhookAttemptsTable, 'id'>;

export interface Settlement {
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  at: number;
}

/**
 * Rows of the three webhook tables. Several instances share the delivery queue: an attempt starts with one
 * conditional UPDATE that claims the row (only an unclaimed or stale-claimed PENDING row matches), and its outcome is
 * written under the same claim, so two instances never send one attempt and a stale writer changes nothing.
 */
export function createWebhookStore(db: Db) {
  return {
    async insertWebhook(row: RegistryWebhooksTable): Promise<void> {
      await db.insertInto('registry_webhooks').values(row).execute();
    },

    async getWebhook(id: string): Promise<RegistryWebhooksTable | undefined> {
      return db.selectFrom('registry_webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async updateWebhook(id: string, patch: Partial<Omit<RegistryWebhooksTable, 'id'>>): Promise<void> {
      await db.updateTable('registry_webhooks').set(patch).where('id', '=', id).execute();
    },

    /** Removes the webhook with its delivery history; false when there was none. */
    async deleteWebhook(id: string): Promise<boolean> {
      return db.transaction().execute(async (transaction) => {
        const deliveries = transaction.selectFrom('registry_webhook_deliveries').select('id').where('webhook_id', '=', id);
        await transaction.deleteFrom('registry_webhook_attempts').where('delivery_id', 'in', deliveries).execute();
        await transaction.deleteFrom('registry_webhook_deliveries').where('webhook_id', '=', id).execute();
        const result = await transaction.deleteFrom('registry_webhooks').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },

    /** Oldest first, `limit + 1` rows so the caller knows whether a next page exists. */
    async listWebhooks(limit: number, after?: { timestamp: number; id: string }): Promise<RegistryWebhooksTable[]> {
      let query = db.selectFrom('registry_webhooks').selectAll();
      if (after) {
        query = query.where((where) =>
          where.or([where('creation_timestamp', '>', after.timestamp), where.and([where('creation_timestamp', '=', after.timestamp), where('id', '>', after.id)])]),
        );
      }
      return query.orderBy('creation_timestamp').orderBy('id').limit(limit + 1).execute();
    },

    async activeWebhooks(): Promise<RegistryWebhooksTable[]> {
      return db.selectFrom('registry_webhooks').selectAll().where('status', '=', 'ACTIVE').execute();
    },

    async insertDeliveries(rows: RegistryWebhookDeliveriesTable[]): Promise<void> {
      if (rows.length > 0) await db.insertInto('registry_webhook_deliveries').values(rows).execute();
    },

    /** Due, unclaimed (or stale-claimed) rows, oldest first: candidates, not yet claimed. */
    async due(now: number, limit: number): Promise<RegistryWebhookDeliveriesTable[]> {
      return db
        .selectFrom('registry_webhook_deliveries')
        .selectAll()
        .where('status', '=', 'PENDING')
        .where('next_attempt_at', '<=', now)
        .where((where) => where.or([where('claimed_by', 'is', null), where('claimed_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
    },

    /** True when `instance` won the row until `claimUntil`. */
    async claim(id: string, instance: string, now: number, claimUntil: number): Promise<boolean> {
      const result = await db
        .updateTable('registry_webhook_deliveries')
        .set({ claimed_by: instance, claimed_until: claimUntil })
        .where('id', '=', id)
        .where('status', '=', 'PENDING')
        .where('next_attempt_at', '<=', now)
        .where((where) => where.or([where('claimed_by', 'is', null), where('claimed_until', '<', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Records the outcome and the attempt (when given) under the claim; false when the claim was lost. */
    async settle(id: string, instance: string, claimUntil: number, settlement: Settlement, attempt?: AttemptRow): Promise<boolean> {
      return db.transaction().execute(async (transaction) => {
        const result = await transaction
          .updateTable('registry_webhook_deliveries')
          .set({
            status: settlement.status,
            attempts: settlement.attempts,
            next_attempt_at: settlement.nextAttemptAt,
            last_error: settlement.lastError,
            claimed_by: null,
            claimed_until: null,
            updated_at: settlement.at,
          })
          .where('id', '=', id)
          .where('claimed_by', '=', instance)
          .where('claimed_until', '=', claimUntil)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        if (attempt) await transaction.insertInto('registry_webhook_attempts').values(attempt).execute();
        return true;
      });
    },

    /** Newest first, `limit + 1` rows. */
    async listDeliveries(
      webhookId: string,
      limit: number,
      options: { after?: { timestamp: number; id: string } | undefined; status?: string | undefined },
    ): Promise<RegistryWebhookDeliveriesTable[]> {
      let query = db.selectFrom('registry_webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
      if (options.status) query = query.where('status', '=', options.status);
      const after = options.after;
      if (after) {
        query = query.where((where) =>
          where.or([where('created_at', '<', after.timestamp), where.and([where('created_at', '=', after.timestamp), where('id', '<', after.id)])]),
        );
      }
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    },

    async attemptsOf(deliveryIds: readonly string[]): Promise<Array<Selectable<RegistryWebhookAttemptsTable>>> {
      if (deliveryIds.length === 0) return [];
      return db.selectFrom('registry_webhook_attempts').selectAll().where('delivery_id', 'in', [...deliveryIds]).orderBy('delivery_id').orderBy('attempt').execute();
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
