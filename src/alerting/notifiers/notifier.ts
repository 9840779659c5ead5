import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Agent, type Dispatcher } from 'undici';
import type { SecretStore } from '../../auth/index.js';
import type { CairnConfig } from '../../config/index.js';
import type { MetricsRecorder } from '../../monitoring/index.js';
import { guardedLookup } from '../../providers/index.js';
import type { AlertDeliveriesTable, Db } from '../../storage/index.js';
import { createClaimLoop } from '../../lib/claim-loop.js';
import { createChannelRegistry } from './channel-registry.js';
import { storedChannelSchema } from './channel-schema.js';
import { defaultSmtpTransportFactory, type SmtpTransportFactory } from './channels/email-channel.js';
import { type DeliverDependencies, deliverToChannel } from './deliver-channel.js';
import { notificationSchema, safeError, secretStrings } from './delivery-payload.js';
import { createDeliveryStore } from './delivery-store.js';
import { nextAttempt } from './retry-schedule.js';
import type { FetchFunction, SendOutcome } from './send-http.js';
import type { AlertNotification, DeliveryView, Notifier, StoredChannel } from './types.js';

/** A claim outlives the attempt's timeout by this much, so only a crashed instance's claim ever expires. */
const CLAIM_MARGIN_MS = 30_000;

export interface NotifierOptions {
  db: Db;
  secrets: SecretStore;
  config: Readonly<CairnConfig>;
  logger: Logger;
  now?: () => number;
  /** Jitter draws in [0, 1). */
  random?: () => number;
  /** Sends HTTP channels (default: undici's fetch through a dispatcher whose DNS lookup applies the SSRF guard). */
  fetch?: FetchFunction;
  dispatcher?: Dispatcher;
  smtpTransportFactory?: SmtpTransportFactory;
  metrics?: Pick<MetricsRecorder, 'alertDelivery'>;
  /** Overrides `monitoring.alerts.delivery_poll_ms` / `delivery_concurrency`. */
  pollMs?: number;
  concurrency?: number;
}

/** The notifier plus what the delivery API and tests need. */
export interface NotifierService extends Notifier {
  /** The endpoint a rule watches: undefined for an unknown rule, null for a rule without endpoint. */
  ruleEndpoint(ruleId: string): Promise<string | null | undefined>;
  /** Ids of the rules watching these endpoints. */
  rulesOn(endpointNames: readonly string[]): Promise<string[]>;
  /** One pass of the delivery loop: claims due rows (up to the free concurrency) and starts sending them. */
  tick(): Promise<number>;
  /** Resolves when no send is in flight. */
  idle(): Promise<void>;
}

type Outcome = SendOutcome & { permanent?: boolean };

export function createNotifier(options: NotifierOptions): NotifierService {
  const { db, config, logger } = options;
  const alerts = config.monitoring.alerts;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const allowPrivate = config.providers.allow_private_networks;
  const pollMs = options.pollMs ?? alerts.delivery_poll_ms;
  const concurrency = options.concurrency ?? alerts.delivery_concurrency;
  const timeoutMs = alerts.delivery_timeout_ms;
  const store = createDeliveryStore(db);
  const registry = createChannelRegistry(options.secrets, allowPrivate);
  const ownDispatcher = options.dispatcher ? undefined : new Agent({ connect: { lookup: guardedLookup({ allowPrivate }) }, connections: concurrency });
  const closing = new AbortController();
  const dependencies: DeliverDependencies = {
    fetch: options.fetch,
    dispatcher: options.dispatcher ?? ownDispatcher,
    smtpTransportFactory: options.smtpTransportFactory ?? defaultSmtpTransportFactory,
    timeoutMs,
    allowPrivate,
    signal: closing.signal,
    now,
  };

  /** Sends one claimed row and records the outcome under the claim. */
  async function attempt(row: AlertDeliveriesTable, claimUntil: number): Promise<void> {
    const attempts = Number(row.attempts) + 1;
    let secrets: string[] = [];
    let outcome: Outcome;
    let channel: StoredChannel | undefined;
    try {
      channel = storedChannelSchema.parse(JSON.parse(row.channel));
      const notification = notificationSchema.parse(JSON.parse(row.payload));
      let secretValues: Record<string, unknown> | undefined;
      try {
        secretValues = await registry.secretsOf(row.rule_id, channel);
      } catch {
        secretValues = undefined;
        outcome = { ok: false, error: 'the channel secret no longer exists (rule changed or deleted)', permanent: true };
      }
      secrets = secretStrings(secretValues);
      outcome ??= await deliverToChannel(notification, channel, secretValues, { deliveryId: row.id, sentAt: now() }, dependencies);
    } catch {
      outcome = { ok: false, error: 'the stored delivery is unreadable', permanent: true };
    }
    const at = now();
    if (closing.signal.aborted && !outcome.ok) {
      // Shutting down cut the attempt short: not the receiver's fault, so it does not count. Due again at once,
      // for whichever instance runs next (the receiver may have seen it: delivery is at least once).
      await store.settle(row.id, claimUntil, { status: 'pending', attempts: Number(row.attempts), nextAttemptAt: at, lastError: row.last_error, deliveredAt: null });
      return;
    }
    if (outcome.ok) {
      await store.settle(row.id, claimUntil, { status: 'delivered', attempts, nextAttemptAt: at, lastError: null, deliveredAt: at });
      options.metrics?.alertDelivery?.(row.kind, 'delivered');
      return;
    }
    const next = outcome.permanent ? ({ status: 'dead' } as const) : nextAttempt({ attempts, retryMs: alerts.delivery_retry_ms, now: at, random: random(), retryAfterMs: outcome.retryAfterMs });
    const lastError = safeError(outcome.error, secrets);
    await store.settle(row.id, claimUntil, {
      status: next.status,
      attempts,
      nextAttemptAt: next.status === 'pending' ? next.nextAttemptAt : at,
      lastError,
      deliveredAt: null,
    });
    options.metrics?.alertDelivery?.(row.kind, next.status === 'dead' ? 'dead' : 'retried');
    logger[next.status === 'dead' ? 'error' : 'warn'](
      { delivery_id: row.id, rule_id: row.rule_id, event_id: Number(row.event_id), kind: row.kind, channel: channel?.name, attempts, error: lastError },
      next.status === 'dead' ? 'alert delivery dead-lettered' : 'alert delivery failed; will retry',
    );
  }

  const loop = createClaimLoop<AlertDeliveriesTable, number>({
    concurrency,
    pollMs,
    logger,
    label: 'alert delivery',
    due: (limit) => store.due(now(), limit),
    async claim(row) {
      const claimUntil = now() + timeoutMs + CLAIM_MARGIN_MS;
      return (await store.claim(row.id, Number(row.next_attempt_at), claimUntil)) ? claimUntil : undefined;
    },
    work: attempt,
  });

  function rowsFor(notification: AlertNotification, channels: readonly StoredChannel[]): AlertDeliveriesTable[] {
    const at = now();
    const payload = JSON.stringify(notification);
    return channels.map((channel) => ({
      id: randomUUID(),
      event_id: notification.eventId,
      rule_id: notification.rule.id,
      channel: JSON.stringify(channel),
      kind: channel.kind,
      payload,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      delivered_at: null,
    }));
  }

  return {
    prepareChannels: (ruleId, inputs) => registry.prepare(ruleId, inputs),
    viewChannels: (channels) => registry.view(channels),
    dropSecrets: (ruleId, keep) => registry.drop(ruleId, keep),

    async enqueue(notification, channels) {
      if (channels.length === 0) return;
      await store.insert(rowsFor(notification, channels));
      loop.kick();
    },

    async test(notification, channels) {
      return Promise.all(
        channels.map(async (channel) => {
          let secrets: Record<string, unknown> | undefined;
          try {
            secrets = await registry.secretsOf(notification.rule.id, channel);
          } catch {
            return { channel: channel.name, ok: false, error: 'the channel secret no longer exists' };
          }
          const outcome = await deliverToChannel(notification, channel, secrets, { deliveryId: `test-${randomUUID()}`, sentAt: now() }, dependencies);
          return outcome.ok ? { channel: channel.name, ok: true } : { channel: channel.name, ok: false, error: safeError(outcome.error, secretStrings(secrets)) };
        }),
      );
    },

    list: (filter) => store.list(filter),
    get: (deliveryId) => store.get(deliveryId),

    async retry(deliveryId): Promise<DeliveryView | undefined> {
      if (await store.requeue(deliveryId, now())) loop.kick();
      return store.get(deliveryId);
    },

    ruleEndpoint: (ruleId) => store.ruleEndpoint(ruleId),
    rulesOn: (endpointNames) => store.rulesOn(endpointNames),
    tick: () => loop.tick(),
    idle: () => loop.idle(),
    start: () => loop.start(),

    async close() {
      if (loop.closed) return;
      closing.abort();
      await loop.close();
      await ownDispatcher?.destroy().catch(() => undefined);
    },
  };
}
