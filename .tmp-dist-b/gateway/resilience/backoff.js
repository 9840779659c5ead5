/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): the n-th retry
 * waits a uniformly random time in [0, min(maxBackoffMs, initialBackoffMs × 2^(n−1))]. Full jitter spreads the
 * retries of many clients that failed together, which is the usual case when an upstream falls over.
 * `random` returns a number in [0, 1), like Math.random (injected so tests are exact).
 */
export function backoffDelayMs(retry, policy, random = Math.random) {
    const ceiling = backoffCeilingMs(retry, policy);
    return Math.min(ceiling, Math.floor(random() * (ceiling + 1)));
}
/** The upper bound of the n-th retry's delay (n ≥ 1). */
export function backoffCeilingMs(retry, policy) {
    // 2^31 × any sane initial delay is past every cap; the bound keeps the power finite.
    const exponent = Math.min(Math.max(retry - 1, 0), 31);
    return Math.max(0, Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** exponent));
}
//# sourceMappingURL=backoff.js.map