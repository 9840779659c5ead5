import { CairnError } from '../../errors/index.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { waitForMs } from './token-bucket.js';
/**
 * The 429s and 503s of admission. Messages name the kind of limit (never another principal's name: a group or
 * principal named in a limit is the caller's own) and how long to wait.
 */
/** Retry-After for a limit that waiting cannot satisfy (limit 0, or a reservation above the limit). */
const NEVER_RETRY_AFTER_S = 60;
/** Retry-After when a budget is blocked only by reservations of calls in flight, which settle soon. */
const IN_FLIGHT_RETRY_AFTER_S = 5;
const keyDescriptions = {
    endpoint: 'for the endpoint',
    user: 'per user',
    service_principal: 'per service principal',
    user_group: 'for your group',
};
export function rateLimitError(plan, levels, endpointName) {
    let worst = -1;
    let worstWait = -1;
    for (let i = 0; i < plan.buckets.length; i += 1) {
        const bucket = plan.buckets[i];
        const wait = waitForMs(levels[i], bucket.cost, bucket.capacity);
        if (wait > 0 && wait > worstWait) {
            worst = i;
            worstWait = wait;
        }
    }
    const bucket = plan.buckets[worst === -1 ? 0 : worst];
    const retryAfter = Number.isFinite(worstWait) ? Math.max(1, Math.ceil(worstWait / 1000)) : NEVER_RETRY_AFTER_S;
    const unit = bucket.metric === 'requests' ? 'requests' : 'tokens';
    const scope = keyDescriptions[bucket.keyKind];
    let message;
    if (bucket.capacity <= 0)
        message = `Endpoint '${endpointName}' admits no ${unit} ${scope} (rate limit 0 per minute).`;
    else if (bucket.cost > bucket.capacity) {
        message = `This request reserves ${bucket.cost} tokens (input + max_tokens), more than the limit of ${bucket.capacity} tokens per minute ${scope} on endpoint '${endpointName}'; lower max_tokens.`;
    }
    else
        message = `Rate limit of ${bucket.capacity} ${unit} per minute ${scope} on endpoint '${endpointName}' exceeded; retry after ${retryAfter} s.`;
    const headers = rateLimitHeaders(plan.buckets, levels);
    headers['retry-after'] = String(retryAfter);
    return new CairnError('REQUEST_LIMIT_EXCEEDED', message, {
        details: { limit_type: unit, limit_key: bucket.keyKind, limit: bucket.capacity },
        headers,
    });
}
export function budgetError(plan, budget, spent, levels) {
    const config = budget.config;
    const amount = budget.unit === 'usd' ? `$${config.limit_usd}` : `${config.limit_tokens} tokens`;
    const scope = keyDescriptions[config.key];
    const spentOut = spent >= budget.limit;
    const retryAfter = spentOut ? Math.max(1, Math.ceil((budget.period.end - plan.now) / 1000)) : IN_FLIGHT_RETRY_AFTER_S;
    const message = spentOut
        ? `Budget '${budget.name}' (${amount} per ${config.period} ${scope}) is used up until ${new Date(budget.period.end).toISOString()}.`
        : `Budget '${budget.name}' (${amount} per ${config.period} ${scope}) is fully reserved by calls in progress; retry shortly.`;
    const headers = rateLimitHeaders(plan.buckets, levels);
    headers['retry-after'] = String(retryAfter);
    return new CairnError('BUDGET_EXCEEDED', message, {
        details: { budget: budget.name, period: config.period, unit: budget.unit, period_end: new Date(budget.period.end).toISOString() },
        headers,
    });
}
export function storeUnavailableError(what) {
    return new CairnError('POLICY_STORE_UNAVAILABLE', `The store for ${what} (Redis) is unreachable and this endpoint's policy is to refuse calls meanwhile.`, {
        headers: { 'retry-after': '5' },
    });
}
//# sourceMappingURL=limit-errors.js.map