import { SlidingWindow } from './sliding-window.js';
/**
 * One breaker's state on this instance. `epoch` numbers the breaker's states (every transition adds one) so that
 * instances can tell a newer shared state from an older one, and so that window counts, which are kept per
 * epoch, start from zero after each transition everywhere at once.
 */
export class BreakerEntry {
    key;
    policy;
    state = 'closed';
    changedAt;
    epoch = 0;
    lastUsedAt;
    /** Set by calls that did not read the clock; the next sync turns it into `lastUsedAt`. */
    usedSinceSync = false;
    window;
    probesGranted = 0;
    probeSuccesses = 0;
    /** Probes granted before this time whose outcome never came (an aborted call, a dead instance) are re-issued. */
    probeRoundStart = 0;
    // Shared (Redis) bookkeeping; unused without Redis.
    snapshot;
    /** Counts recorded since the last sync was sent, per bucket id, for the current epoch. */
    unsent = new Map();
    unsentTotals = { successes: 0, failures: 0 };
    /** Counts sent by the sync in flight: not yet in `snapshot`, already out of `unsent`. */
    inFlightTotals = { successes: 0, failures: 0 };
    transitions = [];
    constructor(key, policy, now) {
        this.key = key;
        this.policy = policy;
        this.changedAt = now;
        this.lastUsedAt = now;
        this.window = new SlidingWindow(policy.windowMs);
    }
    /** Adopts a new policy (an endpoint's config changed); a new window length restarts the counts. */
    usePolicy(policy) {
        if (policy === this.policy)
            return;
        if (policy.windowMs !== this.policy.windowMs) {
            this.window = new SlidingWindow(policy.windowMs);
            this.clearShared();
        }
        this.policy = policy;
    }
    /** Moves to `state` locally, starting a fresh epoch; returns the change for the shared store. */
    moveTo(state, now) {
        const transition = { expectedEpoch: this.epoch, state, at: now };
        this.enter(state, now, this.epoch + 1);
        return transition;
    }
    /** Takes the shared store's state as it is (a newer epoch, or a refused transition of ours). */
    adopt(state, changedAt, epoch, now) {
        this.enter(state, changedAt, epoch);
        this.transitions.length = 0;
        // Probing starts on this instance now, whenever the state itself began.
        this.probeRoundStart = now;
    }
    countUnsent(bucketId, outcome) {
        let counts = this.unsent.get(bucketId);
        if (counts === undefined) {
            counts = { successes: 0, failures: 0 };
            this.unsent.set(bucketId, counts);
        }
        if (outcome === 'success') {
            counts.successes += 1;
            this.unsentTotals.successes += 1;
        }
        else {
            counts.failures += 1;
            this.unsentTotals.failures += 1;
        }
    }
    clearShared() {
        this.snapshot = undefined;
        this.unsent.clear();
        this.unsentTotals.successes = 0;
        this.unsentTotals.failures = 0;
        this.inFlightTotals.successes = 0;
        this.inFlightTotals.failures = 0;
    }
    enter(state, changedAt, epoch) {
        this.state = state;
        this.changedAt = changedAt;
        this.epoch = epoch;
        this.window.reset();
        this.probesGranted = 0;
        this.probeSuccesses = 0;
        this.probeRoundStart = changedAt;
        this.clearShared();
    }
}
//# sourceMappingURL=breaker-entry.js.map