import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { guardedLookup } from '../../providers/index.js';
import { createChannelRegistry } from './channel-registry.js';
import { storedChannelSchema } from './channel-schema.js';
import { defaultSmtpTransportFactory } from './channels/email-channel.js';
import { deliverToChannel } from './deliver-channel.js';
import { notificationSchema, safeError, secretStrings } from './delivery-payload.js';
import { createDeliveryStore } from './delivery-store.js';
import { nextAttempt } from './retry-schedule.js';
/** A claim outlives the attempt's timeout by this much, so only a crashed instance's claim ever expires. */
const CLAIM_MARGIN_MS = 30_000;
export function createNotifier(options) {
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
    const dependencies = {
        fetch: options.fetch,
        dispatcher: options.dispatcher ?? ownDispatcher,
        smtpTransportFactory: options.smtpTransportFactory ?? defaultSmtpTransportFactory,
        timeoutMs,
        allowPrivate,
        signal: closing.signal,
        now,
    };
    const inFlight = new Set();
    let interval;
    let ticking = false;
    let kickPending = false;
    let started = false;
    let closed = false;
    /** Sends one claimed row and records the outcome under the claim. */
    async function attempt(row, claimUntil) {
        const attempts = Number(row.attempts) + 1;
        let secrets = [];
        let outcome;
        let channel;
        try {
            channel = storedChannelSchema.parse(JSON.parse(row.channel));
            const notification = notificationSchema.parse(JSON.parse(row.payload));
            let secretValues;
            try {
                secretValues = await registry.secretsOf(row.rule_id, channel);
            }
            catch {
                secretValues = undefined;
                outcome = { ok: false, error: 'the channel secret no longer exists (rule changed or deleted)', permanent: true };
            }
            secrets = secretStrings(secretValues);
            outcome ??= await deliverToChannel(notification, channel, secretValues, { deliveryId: row.id, sentAt: now() }, dependencies);
        }
        catch {
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
        const next = outcome.permanent ? { status: 'dead' } : nextAttempt({ attempts, retryMs: alerts.delivery_retry_ms, now: at, random: random(), retryAfterMs: outcome.retryAfterMs });
        const lastError = safeError(outcome.error, secrets);
        await store.settle(row.id, claimUntil, {
            status: next.status,
            attempts,
            nextAttemptAt: next.status === 'pending' ? next.nextAttemptAt : at,
            lastError,
            deliveredAt: null,
        });
        options.metrics?.alertDelivery?.(row.kind, next.status === 'dead' ? 'dead' : 'retried');
        logger[next.status === 'dead' ? 'error' : 'warn']({ delivery_id: row.id, rule_id: row.rule_id, event_id: Number(row.event_id), kind: row.kind, channel: channel?.name, attempts, error: lastError }, next.status === 'dead' ? 'alert delivery dead-lettered' : 'alert delivery failed; will retry');
    }
    async function tick() {
        if (closed || ticking)
            return 0;
        ticking = true;
        try {
            const free = concurrency - inFlight.size;
            if (free <= 0)
                return 0;
            const at = now();
            const candidates = await store.due(at, free);
            let claimed = 0;
            for (const row of candidates) {
                if (closed || inFlight.size >= concurrency)
                    break;
                const claimUntil = at + timeoutMs + CLAIM_MARGIN_MS;
                if (!(await store.claim(row.id, Number(row.next_attempt_at), claimUntil)))
                    continue;
                claimed++;
                const sending = attempt(row, claimUntil)
                    .catch((error) => logger.error({ err: error, delivery_id: row.id }, 'alert delivery bookkeeping failed'))
                    .finally(() => {
                    inFlight.delete(sending);
                    kick();
                });
                inFlight.add(sending);
            }
            return claimed;
        }
        finally {
            ticking = false;
        }
    }
    /** Another pass soon (after an enqueue or a finished send), without waiting for the interval. */
    function kick() {
        if (!started || closed || kickPending)
            return;
        kickPending = true;
        setImmediate(() => {
            kickPending = false;
            tick().catch((error) => logger.error({ err: error }, 'alert delivery loop failed'));
        });
    }
    function rowsFor(notification, channels) {
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
            if (channels.length === 0)
                return;
            await store.insert(rowsFor(notification, channels));
            kick();
        },
        async test(notification, channels) {
            return Promise.all(channels.map(async (channel) => {
                let secrets;
                try {
                    secrets = await registry.secretsOf(notification.rule.id, channel);
                }
                catch {
                    return { channel: channel.name, ok: false, error: 'the channel secret no longer exists' };
                }
                const outcome = await deliverToChannel(notification, channel, secrets, { deliveryId: `test-${randomUUID()}`, sentAt: now() }, dependencies);
                return outcome.ok ? { channel: channel.name, ok: true } : { channel: channel.name, ok: false, error: safeError(outcome.error, secretStrings(secrets)) };
            }));
        },
        list: (filter) => store.list(filter),
        get: (deliveryId) => store.get(deliveryId),
        async retry(deliveryId) {
            if (await store.requeue(deliveryId, now()))
                kick();
            return store.get(deliveryId);
        },
        ruleEndpoint: (ruleId) => store.ruleEndpoint(ruleId),
        rulesOn: (endpointNames) => store.rulesOn(endpointNames),
        tick,
        async idle() {
            while (inFlight.size > 0)
                await Promise.allSettled([...inFlight]);
        },
        start() {
            if (started || closed)
                return;
            started = true;
            interval = setInterval(() => {
                tick().catch((error) => logger.error({ err: error }, 'alert delivery loop failed'));
            }, pollMs);
            interval.unref();
            kick();
        },
        async close() {
            if (closed)
                return;
            closed = true;
            if (interval)
                clearInterval(interval);
            closing.abort();
            while (inFlight.size > 0)
                await Promise.allSettled([...inFlight]);
            await ownDispatcher?.destroy().catch(() => undefined);
        },
    };
}
//# sourceMappingURL=notifier.js.map