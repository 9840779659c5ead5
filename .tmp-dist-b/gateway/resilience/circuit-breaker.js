import { BreakerEntry } from './breaker-entry.js';
import { syncSharedBreakers } from './shared-breaker-sync.js';
const DEFAULT_REFRESH_MS = 250;
/** Breakers unused for this long are not refreshed (their state is read again on the next refresh after use). */
const ACTIVE_MS = 60_000;
/** Closed breakers unused for this long are forgotten, so removed endpoints do not accumulate. */
const FORGET_MS = 60 * 60_000;
/**
 * Circuit breakers per (endpoint, served entity) key. Closed: counts outcomes over a sliding window and opens once
 * at least `minimumCalls` were seen and the failure share reaches `failureRateThreshold`. Open: refuses calls for
 * `openMs`, then half-open: lets `halfOpenProbes` calls through, closes when they all succeed and reopens on the
 * first failure (a probe that never reports, e.g. an aborted call, is re-issued after another `openMs`).
 *
 * `tryAcquire` and `record` are synchronous and answer from this instance's memory. With Redis the memory is kept
 * in step every `refreshMs`: counts go out in batches (per-bucket hashes with a TTL), transitions are written with a
 * compare-and-set script on an epoch number, and the shared state and window totals of every breaker in use come
 * back in the same pipeline — so when one instance opens a circuit, the others follow within one refresh, and
 * the failure rate is judged over all instances' calls. Each instance grants its own half-open probes, so N
 * instances send at most N × `halfOpenProbes` probes; the first probe failure anywhere reopens the circuit for all.
 * When Redis is unreachable, counts and states are local (no waits, no errors) until it is back, and the
 * shared state then wins.
 */
export function createCircuitBreakers(options = {}) {
    const clock = options.clock ?? Date.now;
    const redis = options.redis;
    const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    const staleMs = refreshMs * 4;
    const entries = new Map();
    const scratch = { successes: 0, failures: 0 };
    let syncing;
    let sharedFailing = false;
    let closed = false;
    const sharedUp = () => redis !== undefined && !closed && redis.available();
    function entryFor(key, policy, now) {
        let entry = entries.get(key);
        if (entry === undefined) {
            entry = new BreakerEntry(key, policy, now);
            entries.set(key, entry);
            // A key this instance has not used yet: learn its shared state now rather than at the next tick.
            if (sharedUp())
                queueMicrotask(() => void sync());
        }
        else
            entry.usePolicy(policy);
        entry.lastUsedAt = now;
        return entry;
    }
    function moveTo(entry, state, now) {
        const transition = entry.moveTo(state, now);
        // Bounded: a backlog means Redis is not keeping up, and a stale chain would be refused anyway.
        if (sharedUp() && entry.transitions.length < 8)
            entry.transitions.push(transition);
    }
    /** The window's counts: all instances' (last shared read + what this one recorded since) or this one's alone. */
    function countsOf(entry, now) {
        const snapshot = entry.snapshot;
        if (snapshot !== undefined && snapshot.epoch === entry.epoch && now - snapshot.readAt <= staleMs && sharedUp()) {
            scratch.successes = snapshot.successes + entry.inFlightTotals.successes + entry.unsentTotals.successes;
            scratch.failures = snapshot.failures + entry.inFlightTotals.failures + entry.unsentTotals.failures;
            return scratch;
        }
        return entry.window.totals(now, scratch);
    }
    function openIfFailing(entry, now) {
        const counts = countsOf(entry, now);
        const total = counts.successes + counts.failures;
        if (total >= entry.policy.minimumCalls && counts.failures >= entry.policy.failureRateThreshold * total)
            moveTo(entry, 'open', now);
    }
    async function sync() {
        if (syncing !== undefined)
            return syncing;
        if (!sharedUp()) {
            // Nothing sent while down: counts stay local, and the shared state is re-read once Redis is back.
            for (const entry of entries.values()) {
                entry.clearShared();
                entry.transitions.length = 0;
            }
            return;
        }
        const now = clock();
        for (const entry of entries.values()) {
            if (entry.usedSinceSync) {
                entry.lastUsedAt = now;
                entry.usedSinceSync = false;
            }
        }
        syncing = (async () => {
            try {
                await syncSharedBreakers(redis, entries.values(), now, now - ACTIVE_MS);
                // Other instances' failures count too, even if this one records nothing more for a while.
                for (const entry of entries.values()) {
                    if (entry.state === 'closed' && entry.snapshot?.readAt === now)
                        openIfFailing(entry, now);
                }
                if (sharedFailing)
                    options.logger?.info?.({}, 'Circuit breaker state is shared through Redis again');
                sharedFailing = false;
            }
            catch (error) {
                if (!sharedFailing) {
                    options.logger?.warn({ error: error.message }, 'Circuit breakers could not reach Redis; counting per instance until it is back');
                }
                sharedFailing = true;
                for (const entry of entries.values())
                    entry.snapshot = undefined;
            }
            finally {
                syncing = undefined;
            }
            forgetIdle(now);
        })();
        return syncing;
    }
    function forgetIdle(now) {
        for (const [key, entry] of entries) {
            if (entry.state === 'closed' && now - entry.lastUsedAt > FORGET_MS && entry.transitions.length === 0)
                entries.delete(key);
        }
    }
    const timer = redis === undefined ? undefined : setInterval(() => void sync(), refreshMs);
    timer?.unref();
    return {
        tryAcquire(key, policy) {
            if (!policy.enabled)
                return true;
            const known = entries.get(key);
            if (known !== undefined && known.state === 'closed') {
                // The common case, answered without reading the clock (which costs more than the rest of this call).
                known.usePolicy(policy);
                known.usedSinceSync = true;
                return true;
            }
            const now = clock();
            const entry = entryFor(key, policy, now);
            if (entry.state === 'closed')
                return true;
            if (entry.state === 'open') {
                if (now - entry.changedAt < policy.openMs)
                    return false;
                moveTo(entry, 'half_open', now);
            }
            if (now - entry.probeRoundStart >= policy.openMs) {
                // Probes granted a whole open period ago and never reported: hand their places out again.
                entry.probesGranted = entry.probeSuccesses;
                entry.probeRoundStart = now;
            }
            if (entry.probesGranted >= policy.halfOpenProbes)
                return false;
            entry.probesGranted += 1;
            return true;
        },
        record(key, policy, outcome) {
            if (!policy.enabled)
                return;
            const now = clock();
            const entry = entryFor(key, policy, now);
            if (entry.state === 'open')
                return;
            if (entry.state === 'half_open') {
                if (outcome === 'failure')
                    moveTo(entry, 'open', now);
                else if (++entry.probeSuccesses >= policy.halfOpenProbes)
                    moveTo(entry, 'closed', now);
                return;
            }
            entry.window.add(now, outcome);
            if (sharedUp())
                entry.countUnsent(entry.window.bucketId(now), outcome);
            openIfFailing(entry, now);
        },
        state(key) {
            const entry = entries.get(key);
            if (entry === undefined)
                return 'closed';
            if (entry.state === 'open' && clock() - entry.changedAt >= entry.policy.openMs)
                return 'half_open';
            return entry.state;
        },
        openRemainingMs(key) {
            const entry = entries.get(key);
            if (entry === undefined || !entry.policy.enabled)
                return 0;
            const now = clock();
            if (entry.state === 'open')
                return Math.max(0, entry.changedAt + entry.policy.openMs - now);
            if (entry.state === 'half_open' && entry.probesGranted >= entry.policy.halfOpenProbes) {
                return Math.max(0, entry.probeRoundStart + entry.policy.openMs - now);
            }
            return 0;
        },
        sync,
        async close() {
            closed = true;
            if (timer !== undefined)
                clearInterval(timer);
            await syncing;
        },
    };
}
//# sourceMappingURL=circuit-breaker.js.map