import { bucketAdmits, bucketTtlMs, refilledLevel } from './token-bucket.js';
/** Expired entries are swept after this many writes, so per-user keys of departed users do not pile up. */
const SWEEP_EVERY_WRITES = 4096;
/**
 * This instance's buckets and budget counters, synchronous. Used without Redis, and as the fallback for rate limits
 * while Redis is down (`limits_when_redis_down: local`). Same algorithm as the Redis script, step for step.
 */
export function createMemoryLimitStore() {
    const buckets = new Map();
    const budgets = new Map();
    let writes = 0;
    const sweep = (now) => {
        writes = 0;
        for (const [key, state] of buckets)
            if (state.expiresAt <= now)
                buckets.delete(key);
        for (const [key, state] of budgets)
            if (state.expiresAt <= now)
                budgets.delete(key);
    };
    const liveBucket = (key, now) => {
        const state = buckets.get(key);
        return state !== undefined && state.expiresAt > now ? state : undefined;
    };
    const liveBudget = (key, now) => {
        const state = budgets.get(key);
        return state !== undefined && state.expiresAt > now ? state : undefined;
    };
    const budgetState = (key, now) => {
        let state = liveBudget(key, now);
        if (state === undefined) {
            state = { spent: 0, held: 0, softNotified: false, exhaustedNotified: false, expiresAt: 0 };
            budgets.set(key, state);
        }
        return state;
    };
    const writeBucket = (key, level, stamp, capacity, now) => {
        const expiresAt = now + bucketTtlMs(level, capacity);
        const state = buckets.get(key);
        if (state === undefined)
            buckets.set(key, { level, stamp, expiresAt });
        else {
            state.level = level;
            state.stamp = stamp;
            state.expiresAt = expiresAt;
        }
        writes += 1;
    };
    return {
        size: () => buckets.size + budgets.size,
        admit(plan) {
            const { now } = plan;
            if (writes >= SWEEP_EVERY_WRITES)
                sweep(now);
            const levels = new Array(plan.buckets.length);
            const stamps = new Array(plan.buckets.length);
            let admitted = true;
            for (let i = 0; i < plan.buckets.length; i += 1) {
                const op = plan.buckets[i];
                const state = liveBucket(op.key, now);
                const level = state === undefined ? op.capacity : refilledLevel(state.level, state.stamp, now, op.capacity);
                levels[i] = level;
                stamps[i] = state === undefined || now > state.stamp ? now : state.stamp;
                if (!bucketAdmits(level, op.cost, op.capacity))
                    admitted = false;
            }
            const spent = new Array(plan.budgets.length);
            const used = new Array(plan.budgets.length);
            const exhaustedNow = new Array(plan.budgets.length).fill(false);
            for (let j = 0; j < plan.budgets.length; j += 1) {
                const op = plan.budgets[j];
                const state = liveBudget(op.key, now);
                spent[j] = state?.spent ?? 0;
                used[j] = (state?.spent ?? 0) + (state?.held ?? 0);
                if (used[j] >= op.limit)
                    admitted = false;
            }
            if (admitted) {
                for (let i = 0; i < plan.buckets.length; i += 1) {
                    const op = plan.buckets[i];
                    levels[i] = levels[i] - op.cost;
                    writeBucket(op.key, levels[i], stamps[i], op.capacity, now);
                }
                for (let j = 0; j < plan.budgets.length; j += 1) {
                    const op = plan.budgets[j];
                    const state = budgetState(op.key, now);
                    state.held += op.reserve;
                    state.expiresAt = now + op.ttlSeconds * 1000;
                    used[j] = state.spent + state.held;
                    writes += 1;
                }
            }
            else {
                for (let j = 0; j < plan.budgets.length; j += 1) {
                    const state = liveBudget(plan.budgets[j].key, now);
                    if (state !== undefined && state.spent >= plan.budgets[j].limit && !state.exhaustedNotified) {
                        state.exhaustedNotified = true;
                        exhaustedNow[j] = true;
                    }
                }
            }
            return { admitted, levels, spent, used, exhaustedNow };
        },
        settle(plan) {
            const { now } = plan;
            for (const op of plan.buckets) {
                const state = liveBucket(op.key, now);
                const level = state === undefined ? op.capacity : refilledLevel(state.level, state.stamp, now, op.capacity);
                const stamp = state === undefined || now > state.stamp ? now : state.stamp;
                const settled = level + op.refund;
                writeBucket(op.key, settled > op.capacity ? op.capacity : settled, stamp, op.capacity, now);
            }
            const count = plan.budgets.length;
            const result = { spent: new Array(count), softNow: new Array(count), exhaustedNow: new Array(count) };
            for (let j = 0; j < count; j += 1) {
                const op = plan.budgets[j];
                const state = budgetState(op.key, now);
                state.held = Math.max(0, state.held - op.release);
                state.spent += op.actual;
                state.expiresAt = now + op.ttlSeconds * 1000;
                const softNow = state.spent >= op.softLimit && !state.softNotified;
                const exhaustedNow = state.spent >= op.limit && !state.exhaustedNotified;
                if (softNow)
                    state.softNotified = true;
                if (exhaustedNow)
                    state.exhaustedNotified = true;
                result.spent[j] = state.spent;
                result.softNow[j] = softNow;
                result.exhaustedNow[j] = exhaustedNow;
                writes += 1;
            }
            return result;
        },
        readBudgets(keys) {
            return keys.map((key) => {
                const state = budgets.get(key);
                return state === undefined ? [0, 0] : [state.spent, state.held];
            });
        },
    };
}
//# sourceMappingURL=memory-limit-store.js.map