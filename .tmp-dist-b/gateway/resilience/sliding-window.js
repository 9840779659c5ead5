/** Buckets per window: the window slides in steps of a tenth, accurate enough for a failure rate. */
export const BUCKETS_PER_WINDOW = 10;
/**
 * Success and failure counts over the last `windowMs`, in a ring of fixed buckets: O(1) to add, O(buckets) to
 * total, no allocation after construction. A bucket is identified by `floor(now / bucketMs)`, the same id the
 * shared (Redis) counters use, so local and shared windows cover the same span.
 */
export class SlidingWindow {
    windowMs;
    bucketMs;
    ids = new Float64Array(BUCKETS_PER_WINDOW).fill(-1);
    successes = new Uint32Array(BUCKETS_PER_WINDOW);
    failures = new Uint32Array(BUCKETS_PER_WINDOW);
    constructor(windowMs) {
        this.windowMs = windowMs;
        this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS_PER_WINDOW));
    }
    bucketId(now) {
        return Math.floor(now / this.bucketMs);
    }
    add(now, outcome) {
        const id = this.bucketId(now);
        const slot = id % BUCKETS_PER_WINDOW;
        if (this.ids[slot] !== id) {
            this.ids[slot] = id;
            this.successes[slot] = 0;
            this.failures[slot] = 0;
        }
        if (outcome === 'success')
            this.successes[slot] += 1;
        else
            this.failures[slot] += 1;
    }
    /** Writes the window's totals into `into` (a caller-owned scratch object: no allocation per call). */
    totals(now, into) {
        const newest = this.bucketId(now);
        let successes = 0;
        let failures = 0;
        for (let slot = 0; slot < BUCKETS_PER_WINDOW; slot++) {
            const id = this.ids[slot];
            if (id > newest - BUCKETS_PER_WINDOW && id <= newest) {
                successes += this.successes[slot];
                failures += this.failures[slot];
            }
        }
        into.successes = successes;
        into.failures = failures;
        return into;
    }
    reset() {
        this.ids.fill(-1);
    }
}
//# sourceMappingURL=sliding-window.js.map