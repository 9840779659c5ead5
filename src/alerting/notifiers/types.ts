/**
 * The contract between alert evaluation (rules, state machine, remediation) and notification delivery.
 * Evaluation only ever calls `enqueue`, which stores deliveries and returns: sending, retrying and dead-lettering
 * happen in the delivery loop, so a slow or down receiver never delays evaluation.
 */

/** What a channel announces; one per alert event that notifies (pending is not notified). */
export interface AlertNotification {
  /** alert_events.id: receivers deduplicate on it (PagerDuty dedup_key is `{rule_id}:{series_key}`). */
  eventId: number;
  kind: 'firing' | 'renotify' | 'resolved' | 'no_data';
  rule: {
    id: string;
    name: string;
    endpointName: string | null;
    severity: 'critical' | 'error' | 'warning' | 'info';
    series: string;
    comparator: string;
    threshold: number;
    windowSeconds: number;
  };
  /** '' for an ungrouped rule, else the group (e.g. served entity name). */
  seriesKey: string;
  value: number | null;
  /** ms since the epoch. */
  time: number;
  /** e.g. `{ drifted_columns: ['prompt_chars', 'prompt_language'] }`, remediation taken. Never payloads. */
  details: Record<string, unknown>;
}

/** A channel as stored with its rule: secrets are references into the secret store, never plaintext. */
export interface StoredChannel {
  kind: 'webhook' | 'slack' | 'pagerduty' | 'email';
  /** Display name (defaults to the kind). */
  name: string;
  /** Channel settings without secrets (url host, recipients, smtp host…): safe to return from the API. */
  settings: Record<string, unknown>;
  /** Secret-store reference of this channel's secret fields, when it has any. */
  secretRef?: { scope: string; key: string };
}

export interface DeliveryView {
  id: string;
  event_id: number;
  rule_id: string;
  /** The rule's endpoint (null for a rule without one, or when the rule is gone): what permission checks use. */
  endpoint_name: string | null;
  kind: StoredChannel['kind'];
  channel: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface Notifier {
  /**
   * Validates channel inputs (400 naming the field on a bad one; URLs checked against SSRF rules) and moves their
   * secrets (webhook signing secret, Slack URL, PagerDuty routing key, SMTP password) into the secret store.
   */
  prepareChannels(ruleId: string, inputs: unknown): Promise<StoredChannel[]>;
  /** Channel settings as the API returns them (secrets never included). */
  viewChannels(channels: readonly StoredChannel[]): Array<Record<string, unknown>>;
  /**
   * Removes a rule's channel secrets (rule deleted or channels replaced), except those `keep` still references.
   * Secret keys are unique per `prepareChannels` call, so replacing channels is: prepare the new ones, store the
   * rule, then `dropSecrets(ruleId, newChannels)` — a failed update never leaves the stored rule without secrets.
   */
  dropSecrets(ruleId: string, keep?: readonly StoredChannel[]): Promise<void>;
  /** Stores one delivery per channel; never sends inline. */
  enqueue(notification: AlertNotification, channels: readonly StoredChannel[]): Promise<void>;
  /** Sends one-off test deliveries now and reports each channel's outcome (no retries). */
  test(notification: AlertNotification, channels: readonly StoredChannel[]): Promise<Array<{ channel: string; ok: boolean; error?: string }>>;
  /** Newest first; `limit` defaults to 100, at most 1000. `ruleIds` restricts to these rules (empty: none). */
  list(filter: { ruleId?: string; ruleIds?: readonly string[]; status?: DeliveryView['status']; limit?: number }): Promise<DeliveryView[]>;
  get(deliveryId: string): Promise<DeliveryView | undefined>;
  /** Puts a dead delivery back in the queue (attempts start again at 0); undefined when there is no such delivery. */
  retry(deliveryId: string): Promise<DeliveryView | undefined>;
  start(): void;
  close(): Promise<void>;
}
