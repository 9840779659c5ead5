import { resetMs } from './token-bucket.js';
/**
 * OpenAI-style rate-limit headers: for requests and for tokens, the limit, what remains and how long until the bucket
 * is full again, from the tightest bucket of each kind (the one with the least left).
 */
/** Go's `time.Duration` style that OpenAI uses: `120ms`, `1s`, `1.5s`, `6m0s`, `1h2m3s`. Rounded to the millisecond. */
export function formatResetDuration(ms) {
    const total = Math.max(0, Math.ceil(ms));
    if (total === 0)
        return '0s';
    if (total < 1000)
        return `${total}ms`;
    const hours = Math.floor(total / 3_600_000);
    const minutes = Math.floor((total % 3_600_000) / 60_000);
    const seconds = (total % 60_000) / 1000;
    const secondsText = `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
    if (hours > 0)
        return `${hours}h${minutes}m${secondsText}`;
    if (minutes > 0)
        return `${minutes}m${secondsText}`;
    return secondsText;
}
/** Index of the bucket of `metric` with the least left (ties: the smaller limit), or -1. */
function tightest(buckets, levels, metric) {
    let best = -1;
    for (let i = 0; i < buckets.length; i += 1) {
        const bucket = buckets[i];
        if (bucket.metric !== metric)
            continue;
        if (best === -1) {
            best = i;
            continue;
        }
        const level = levels[i];
        const bestLevel = levels[best];
        if (level < bestLevel || (level === bestLevel && bucket.capacity < buckets[best].capacity))
            best = i;
    }
    return best;
}
function addTrio(headers, suffix, bucket, level) {
    headers[`x-ratelimit-limit-${suffix}`] = String(bucket.capacity);
    headers[`x-ratelimit-remaining-${suffix}`] = String(Math.max(0, Math.floor(level)));
    headers[`x-ratelimit-reset-${suffix}`] = formatResetDuration(resetMs(level, bucket.capacity));
}
export function rateLimitHeaders(buckets, levels) {
    const headers = {};
    if (buckets.length === 0)
        return headers;
    const requests = tightest(buckets, levels, 'requests');
    if (requests !== -1)
        addTrio(headers, 'requests', buckets[requests], levels[requests]);
    const tokens = tightest(buckets, levels, 'tokens');
    if (tokens !== -1)
        addTrio(headers, 'tokens', buckets[tokens], levels[tokens]);
    return headers;
}
//# sourceMappingURL=rate-limit-headers.js.map