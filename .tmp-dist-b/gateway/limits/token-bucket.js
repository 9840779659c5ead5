/**
 * Token-bucket arithmetic shared by the in-memory store (and mirrored line for line in the Redis Lua script).
 *
 * Why a token bucket (not fixed or sliding windows): capacity = the per-minute limit, refilled continuously at
 * limit per minute. A burst takes at most the capacity, and any span of W ms admits at most
 * limit × (1 + W / 60 000): no double burst at a window edge (the flaw of fixed windows), O(1) state per key (a
 * sliding log needs O(limit)), and equivalent to GCRA while keeping token counts exact for huge token limits (GCRA's
 * per-token emission interval would underflow a double's precision at 10^9 tokens/min). Token limits are the same
 * bucket with a variable cost: the reservation is taken on admission and the difference given back or debited on
 * settlement (a debit may take the level below 0, which delays later calls until it is refilled).
 */
export const REFILL_PERIOD_MS = 60_000;
/** Idle buckets are dropped this long after they would be full again (a full bucket equals no bucket). */
export const BUCKET_IDLE_MARGIN_MS = 60_000;
const MAX_BUCKET_TTL_MS = 7 * 86_400_000;
/** The level at `now` of a bucket last written at `stamp`. Clock steps backwards refill nothing. */
export function refilledLevel(level, stamp, now, capacity) {
    const refilled = now > stamp ? level + ((now - stamp) * capacity) / REFILL_PERIOD_MS : level;
    return refilled > capacity ? capacity : refilled;
}
/** How long until a bucket at `level` holds `cost` again: Infinity when it never will (cost > capacity, or capacity 0). */
export function waitForMs(level, cost, capacity) {
    if (capacity <= 0 || cost > capacity)
        return Infinity;
    return cost <= level ? 0 : ((cost - level) * REFILL_PERIOD_MS) / capacity;
}
/** Time until the bucket is full again (OpenAI's `x-ratelimit-reset-*`). */
export function resetMs(level, capacity) {
    return capacity <= 0 || level >= capacity ? 0 : ((capacity - level) * REFILL_PERIOD_MS) / capacity;
}
export function bucketTtlMs(level, capacity) {
    return Math.min(Math.ceil(resetMs(level, capacity)) + BUCKET_IDLE_MARGIN_MS, MAX_BUCKET_TTL_MS);
}
/** A bucket admits `cost` when it has a positive capacity and holds at least `cost`. */
export function bucketAdmits(level, cost, capacity) {
    return capacity > 0 && cost <= level;
}
//# sourceMappingURL=token-bucket.js.map