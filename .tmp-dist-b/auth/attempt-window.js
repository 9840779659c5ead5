/**
 * Counts distinct attempts per key within a sliding window, in memory (per instance, like every limit
 * without Redis). Distinct, because guessing tokens means trying different values: a client that keeps
 * retrying one stale token is misconfigured, not brute-forcing, and should keep getting 401.
 */
export class AttemptWindow {
    limit;
    windowMs;
    now;
    maxKeys;
    attempts = new Map();
    constructor(limit, windowMs, now, 
    /** Bound on tracked keys, so a flood of sources cannot grow memory without limit. */
    maxKeys = 10_000) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.now = now;
        this.maxKeys = maxKeys;
    }
    /** Milliseconds until the key may try again; 0 when it is not blocked. */
    blockedForMs(key) {
        const tags = this.prune(key);
        if (!tags || tags.size < this.limit)
            return 0;
        let oldest = Infinity;
        for (const at of tags.values())
            oldest = Math.min(oldest, at);
        return Math.max(1, oldest + this.windowMs - this.now());
    }
    note(key, tag) {
        let tags = this.prune(key);
        if (!tags) {
            if (this.attempts.size >= this.maxKeys) {
                const oldestKey = this.attempts.keys().next().value;
                if (oldestKey !== undefined)
                    this.attempts.delete(oldestKey);
            }
            tags = new Map();
            this.attempts.set(key, tags);
        }
        tags.delete(tag);
        tags.set(tag, this.now());
    }
    prune(key) {
        const tags = this.attempts.get(key);
        if (!tags)
            return undefined;
        const cutoff = this.now() - this.windowMs;
        for (const [tag, at] of tags)
            if (at <= cutoff)
                tags.delete(tag);
        if (tags.size === 0) {
            this.attempts.delete(key);
            return undefined;
        }
        return tags;
    }
}
//# sourceMappingURL=attempt-window.js.map