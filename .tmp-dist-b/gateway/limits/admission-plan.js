export const MICRO_USD_PER_USD = 1_000_000;
const BUDGET_TTL_MARGIN_S = 86_400;
/** Largest integer a Lua double (and a JS number) holds exactly; amounts reaching Lua are clamped below it. */
const MAX_STORE_AMOUNT = Number.MAX_SAFE_INTEGER;
/** The subject a limit or budget counts under for this caller, or undefined when it does not apply to the caller. */
export function subjectFor(key, principal, caller) {
    switch (key) {
        case 'endpoint':
            return 'endpoint';
        case 'user':
        case 'service_principal':
            if (caller.kind !== key || (principal !== undefined && principal !== caller.name))
                return undefined;
            return `${key}:${caller.name}`;
        case 'user_group':
            if (principal === undefined)
                return undefined;
            if (!caller.groupNames.includes(principal) && !(caller.kind === 'group' && caller.name === principal))
                return undefined;
            return `user_group:${principal}`;
    }
}
export function budgetName(budget) {
    return budget.name ?? `${budget.key}${budget.principal === undefined ? '' : `:${budget.principal}`}:${budget.period}`;
}
/** A count headed for Lua: a non-negative safe integer (NaN or negative would corrupt a shared counter). */
export function storeAmount(value, round = Math.ceil) {
    if (Number.isNaN(value) || value <= 0)
        return 0;
    if (value >= MAX_STORE_AMOUNT)
        return MAX_STORE_AMOUNT;
    return Math.min(round(value), MAX_STORE_AMOUNT);
}
export function toStoreUnits(unit, amount, round = Math.ceil) {
    return storeAmount(unit === 'usd' ? amount * MICRO_USD_PER_USD : amount, round);
}
export function fromStoreUnits(unit, amount) {
    return unit === 'usd' ? amount / MICRO_USD_PER_USD : amount;
}
function bucketKey(prefix, endpointId, metric, subject) {
    // The hash tag keeps an endpoint's keys in one cluster slot, as one script may touch them all.
    return `${prefix}{${endpointId}}:rl:${metric}:${subject}`;
}
/** Adds a bucket, or tightens an existing one with the same key: two limits on one counter mean the smaller wins. */
function addBucket(buckets, op) {
    for (const existing of buckets) {
        if (existing.key === op.key) {
            if (op.capacity < existing.capacity)
                existing.capacity = op.capacity;
            return;
        }
    }
    buckets.push(op);
}
function addRateLimit(buckets, limit, subject, request, prefix, tokens) {
    if (limit.calls !== undefined) {
        addBucket(buckets, { key: bucketKey(prefix, request.endpointId, 'requests', subject), metric: 'requests', keyKind: limit.key, capacity: limit.calls, cost: 1 });
    }
    if (limit.tokens !== undefined) {
        addBucket(buckets, { key: bucketKey(prefix, request.endpointId, 'tokens', subject), metric: 'tokens', keyKind: limit.key, capacity: limit.tokens, cost: tokens });
    }
}
export function buildAdmissionPlan(request, now, keyPrefix, periodOf) {
    const buckets = [];
    const budgets = [];
    const tokens = storeAmount(request.reservedTokens);
    for (const limit of request.rateLimits) {
        const subject = subjectFor(limit.key, limit.principal, request.caller);
        if (subject !== undefined)
            addRateLimit(buckets, limit, subject, request, keyPrefix, tokens);
    }
    for (const budget of request.budgets) {
        const subject = subjectFor(budget.key, budget.principal, request.caller);
        if (subject === undefined)
            continue;
        const op = budgetOp(budget, subject, request.endpointId, keyPrefix, now, periodOf);
        op.reserve = op.unit === 'usd' ? toStoreUnits('usd', request.reservedUsd) : tokens;
        const same = budgets.find((existing) => existing.key === op.key);
        if (same === undefined)
            budgets.push(op);
        else if (op.limit < same.limit)
            budgets[budgets.indexOf(same)] = op;
    }
    return { now, buckets, budgets };
}
/** The counter of one budget for one subject in the period containing `now` (reserve left at 0). */
export function budgetOp(budget, subject, endpointId, keyPrefix, now, periodOf) {
    const unit = budget.limit_usd === undefined ? 'tokens' : 'usd';
    const limit = toStoreUnits(unit, budget.limit_usd ?? budget.limit_tokens ?? 0, Math.round);
    const period = periodOf(budget.period, now);
    const name = budgetName(budget);
    return {
        key: `${keyPrefix}{${endpointId}}:bg:${unit}:${name}:${subject}:${period.start}`,
        name,
        config: budget,
        subject,
        unit,
        limit,
        softLimit: Math.ceil(limit * budget.soft_threshold),
        reserve: 0,
        period,
        ttlSeconds: Math.ceil((period.end - now) / 1000) + BUDGET_TTL_MARGIN_S,
    };
}
//# sourceMappingURL=admission-plan.js.map