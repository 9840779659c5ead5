import { storeAmount, toStoreUnits } from './admission-plan.js';
/**
 * Settling an admission with what the call really used. Never rejects: the call already happened. A settlement that
 * cannot reach Redis is kept (bounded) and replayed when Redis is back, since a lost one would leave its reservation
 * held against the budget for the rest of the period.
 */
const MAX_PENDING_SETTLEMENTS = 10_000;
const RESOLVED = Promise.resolve();
const settleNothing = () => RESOLVED;
export function createSettler(context) {
    const { clock, logger, events, memory, redis } = context;
    const pending = [];
    let dropped = 0;
    let flushing;
    const emitEvents = (item, result) => {
        for (let j = 0; j < item.admission.budgets.length; j += 1) {
            const budget = item.admission.budgets[j];
            if (result.softNow[j])
                events.emit('budget_soft_threshold', budget, item.endpointName, result.spent[j], item.plan.now);
            if (result.exhaustedNow[j])
                events.emit('budget_exhausted', budget, item.endpointName, result.spent[j], item.plan.now);
        }
    };
    const keep = (item, error) => {
        if (pending.length >= MAX_PENDING_SETTLEMENTS) {
            pending.shift();
            dropped += 1;
        }
        pending.push(item);
        if (pending.length === 1 || pending.length % 1000 === 0) {
            logger.warn({ error: error instanceof Error ? error.message : String(error), pending: pending.length, dropped }, 'Redis unreachable: settlements kept for replay');
        }
    };
    const settlePlanOf = (admission, actual, now) => {
        const reservedTokens = admission.buckets.find((bucket) => bucket.metric === 'tokens')?.cost ?? 0;
        // Usage that is not a number (a bug upstream) settles as the reservation rather than refunding it.
        const usedTokens = Number.isFinite(actual.tokens) ? storeAmount(actual.tokens) : undefined;
        const plan = { now, buckets: [], budgets: [] };
        for (const bucket of admission.buckets) {
            if (bucket.metric === 'tokens')
                plan.buckets.push({ key: bucket.key, capacity: bucket.capacity, refund: bucket.cost - (usedTokens ?? reservedTokens) });
        }
        for (const budget of admission.budgets) {
            const amount = budget.unit === 'usd' ? actual.usd : actual.tokens;
            const used = Number.isFinite(amount) ? toStoreUnits(budget.unit, amount, Math.round) : budget.reserve;
            plan.budgets.push({ key: budget.key, limit: budget.limit, softLimit: budget.softLimit, release: budget.reserve, actual: used, ttlSeconds: budget.ttlSeconds });
        }
        return plan;
    };
    const settleInRedis = async (item) => {
        if (redis === undefined)
            return;
        if (!redis.available()) {
            keep(item, new Error('not connected'));
            return;
        }
        try {
            emitEvents(item, await redis.store.settle(item.plan));
        }
        catch (error) {
            keep(item, error);
        }
    };
    const flushPending = async () => {
        if (redis === undefined)
            return;
        while (pending.length > 0 && redis.available()) {
            const item = pending[0];
            try {
                const result = await redis.store.settle(item.plan);
                pending.shift();
                emitEvents(item, result);
            }
            catch {
                return;
            }
        }
        if (pending.length === 0 && dropped > 0) {
            logger.warn({ dropped }, 'Settlements dropped while Redis was unreachable; their reservations stay held until the period ends');
            dropped = 0;
        }
    };
    return {
        settleFor(admission, where, endpointName) {
            const hasTokenBucket = admission.buckets.some((bucket) => bucket.metric === 'tokens');
            if (!hasTokenBucket && admission.budgets.length === 0)
                return settleNothing;
            let settled = false;
            return (actual) => {
                if (settled)
                    return RESOLVED;
                settled = true;
                const item = { plan: settlePlanOf(admission, actual, clock()), admission, endpointName };
                if (where === 'memory') {
                    emitEvents(item, memory.settle(item.plan));
                    return RESOLVED;
                }
                return settleInRedis(item);
            };
        },
        flushPending() {
            flushing ??= flushPending().finally(() => {
                flushing = undefined;
            });
            return flushing;
        },
        pendingCount: () => pending.length,
    };
}
//# sourceMappingURL=settlement.js.map