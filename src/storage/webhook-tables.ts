import type { Generated } from 'kysely';

/** Row types of the registry webhook tables (migration 006). Same conventions as tables.ts. */

/** One webhook: MLflow 3's fields. The signing secret lives in the secret store, never here. */
export interface RegistryWebhooksTable {
  id: string;
  name: string;
  description: string;
  url: string;
  /** JSON array of `entity.action` strings. */
  events: string;
  /** ACTIVE | DISABLED */
  status: string;
  /** Secret-store key (scope `cairn-registry-webhooks`) of the signing secret; null when deliveries are unsigned. */
  secret_key: string | null;
  created_by: string | null;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

/** One event to send to one webhook; `id` is the `X-MLflow-Delivery-Id`, the same on every attempt. */
export interface RegistryWebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  /** `entity.action` */
  event: string;
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string;
  /** PENDING | DELIVERED | FAILED */
  status: string;
  attempts: number;
  next_attempt_at: number;
  /** Instance that holds the row for an attempt in flight; null when nobody does. */
  claimed_by: string | null;
  /** Past this, a claim is stale (its instance died mid-attempt) and another instance may take the row. */
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** Every attempt of a delivery, kept for the delivery history. */
export interface RegistryWebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  /** The receiver's HTTP status; null when no response came (connection error, timeout). */
  status_code: number | null;
  error: string | null;
  /** When the next attempt is due; null after the last attempt (delivered or failed). */
  next_retry_at: number | null;
}
