import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { nextAttempt } from '../../alerting/notifiers/index.js';
import { validateProviderBaseUrl } from '../../providers/index.js';
import type { RegistryWebhookDeliveriesTable, RegistryWebhooksTable } from '../../storage/index.js';
import { createClaimLoop } from '../../lib/claim-loop.js';
import { eventName, type RegistryEvent } from '../events.js';
import { deliveryBody } from './example-payloads.js';
import { type AttemptResult, type FetchFunction, sendWebhook } from './send-webhook.js';
import type { Settlement, WebhookStore } from './webhook-store.js';

/** A claim outlives the attempt's timeout by this much, so only a crashed instance's claim ever goes stale. */
const CLAIM_MARGIN_MS = 30_000;

export interface DeliverySettings {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  concurrency: number;
}

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  settings: DeliverySettings;
  allowPrivate: boolean;
  /** The webhook's signing secret, or null when it has none. */
  secretOf(webhook: RegistryWebhooksTable): Promise<string | null>;
  logger: Logger;
  now: () => number;
  random: () => number;
  fetch?: FetchFunction | undefined;
  dispatcher?: Dispatcher | undefined;
}

export interface WebhookDispatcher {
  /** Records one delivery per ACTIVE subscribed webhook and returns; sending happens off the request path. */
  enqueue(event: RegistryEvent): Promise<void>;
  /** One pass: claims due rows (up to the free concurrency) and starts sending them. Returns how many it claimed. */
  tick(): Promise<number>;
  /** Resolves when no enqueue or send of this instance is in flight. */
  idle(): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

/** Waits before retry 1, 2, …: base, 2·base, 4·base… capped (nextAttempt adds ±20 % jitter). */
export function retrySchedule(settings: Pick<DeliverySettings, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'>): number[] {
  return Array.from({ length: Math.max(0, settings.maxAttempts - 1) }, (_, index) => Math.min(settings.retryBaseMs * 2 ** index, settings.retryMaxMs));
}

function subscribes(webhook: RegistryWebhooksTable, name: string): boolean {
  try {
    const events: unknown = JSON.parse(webhook.events);
    return Array.isArray(events) && events.includes(name);
  } catch {
    return false;
  }
}

/**
 * The delivery queue of registry webhooks. Rows live in the database, so a retry due after a restart is still
 * sent (by whichever instance polls first). The retry schedule and Retry-After handling are alerting's
 * (`nextAttempt`); the loop is its own because every attempt is recorded here, with status code and duration.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { store, settings, logger, now } = options;
  const instance = randomUUID();
  const retryMs = retrySchedule(settings);
  const closing = new AbortController();

  async function send(row: RegistryWebhookDeliveriesTable, webhook: RegistryWebhooksTable, attempt: number): Promise<AttemptResult> {
    try {
      validateProviderBaseUrl(webhook.url, { allowPrivate: options.allowPrivate });
    } catch {
      return { ok: false, retryable: false, error: 'the webhook URL is not allowed by this configuration', durationMs: 0 };
    }
    let secret: string | null;
    try {
      secret = await options.secretOf(webhook);
    } catch {
      return { ok: false, retryable: false, error: 'the webhook secret cannot be read', durationMs: 0 };
    }
    return sendWebhook(
      { url: webhook.url, body: row.payload, deliveryId: row.id, webhookId: webhook.id, attempt, secret },
      { fetch: options.fetch, dispatcher: options.dispatcher, timeoutMs: settings.timeoutMs, signal: closing.signal, now },
    );
  }

  /** Sends one claimed row and records the attempt and outcome under the claim. */
  async function attempt(row: RegistryWebhookDeliveriesTable, claimUntil: number): Promise<void> {
    const attemptNumber = Number(row.attempts) + 1;
    const webhook = await store.getWebhook(row.webhook_id);
    const startedAt = now();
    let result: AttemptResult;
    if (!webhook) result = { ok: false, retryable: false, error: 'the webhook was deleted', durationMs: 0 };
    else if (webhook.status !== 'ACTIVE') result = { ok: false, retryable: false, error: 'the webhook was disabled', durationMs: 0 };
    else result = await send(row, webhook, attemptNumber);
    const at = now();
    if (closing.signal.aborted && !result.ok) {
      // Shutdown cut the attempt short: not the receiver's fault, so it does not count. Due again at once for
      // whichever instance runs next (the receiver may have seen it: delivery is at least once).
      await store.settle(row.id, instance, claimUntil, { status: 'PENDING', attempts: Number(row.attempts), nextAttemptAt: at, lastError: row.last_error, at });
      return;
    }
    let settlement: Settlement;
    if (result.ok) {
      settlement = { status: 'DELIVERED', attempts: attemptNumber, nextAttemptAt: at, lastError: null, at };
    } else {
      const next = result.retryable
        ? nextAttempt({ attempts: attemptNumber, retryMs, now: at, random: options.random(), retryAfterMs: result.retryAfterMs })
        : ({ status: 'dead' } as const);
      settlement =
        next.status === 'pending'
          ? { status: 'PENDING', attempts: attemptNumber, nextAttemptAt: next.nextAttemptAt, lastError: result.error ?? null, at }
          : { status: 'FAILED', attempts: attemptNumber, nextAttemptAt: at, lastError: result.error ?? null, at };
    }
    const recorded = await store.settle(row.id, instance, claimUntil, settlement, {
      delivery_id: row.id,
      attempt: attemptNumber,
      started_at: startedAt,
      duration_ms: result.durationMs,
      status_code: result.statusCode ?? null,
      error: result.ok ? null : (result.error ?? null),
      next_retry_at: settlement.status === 'PENDING' ? settlement.nextAttemptAt : null,
    });
    if (!recorded || result.ok) return;
    logger[settlement.status === 'FAILED' ? 'error' : 'warn'](
      { delivery_id: row.id, webhook_id: row.webhook_id, event: row.event, attempt: attemptNumber, error: result.error },
      settlement.status === 'FAILED' ? 'registry webhook delivery failed for good' : 'registry webhook delivery failed; will retry',
    );
  }

  const loop = createClaimLoop<RegistryWebhookDeliveriesTable, number>({
    concurrency: settings.concurrency,
    pollMs: settings.pollMs,
    logger,
    label: 'registry webhook',
    due: (limit) => store.due(now(), limit),
    async claim(row) {
      const at = now();
      const claimUntil = at + settings.timeoutMs + CLAIM_MARGIN_MS;
      return (await store.claim(row.id, instance, at, claimUntil)) ? claimUntil : undefined;
    },
    work: attempt,
  });

  async function enqueue(event: RegistryEvent): Promise<void> {
    const name = eventName(event);
    const webhooks = (await store.activeWebhooks()).filter((webhook) => subscribes(webhook, name));
    if (webhooks.length === 0) return;
    const at = now();
    const payload = deliveryBody(event.entity, event.action, event.data, at);
    await store.insertDeliveries(
      webhooks.map((webhook) => ({
        id: randomUUID(),
        webhook_id: webhook.id,
        event: name,
        payload,
        status: 'PENDING',
        attempts: 0,
        next_attempt_at: at,
        claimed_by: null,
        claimed_until: null,
        last_error: null,
        created_at: at,
        updated_at: at,
      })),
    );
  }

  return {
    async enqueue(event) {
      if (loop.closed) return;
      // Never rejects: the registry change has committed, and a failure here is the operator's to see in the log.
      const work = enqueue(event).catch((error: unknown) => logger.error({ err: error, event: eventName(event) }, 'registry webhook deliveries could not be recorded'));
      loop.track(work);
      await work;
    },
    tick: () => loop.tick(),
    idle: () => loop.idle(),
    start: () => loop.start(),
    async close() {
      if (loop.closed) return;
      closing.abort();
      await loop.close();
    },
  };
}
