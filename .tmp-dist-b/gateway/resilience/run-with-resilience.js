import { CairnError, isCairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../../providers/index.js';
import { backoffDelayMs } from './backoff.js';
import { retryAfterMsFromHeaders } from './retry-after.js';
import { classifyFailure } from './retryable.js';
/**
 * Tries the first entity, retrying retryable failures (see retryable.ts) up to `maxAttempts` with exponential
 * backoff and full jitter, waiting at least what `Retry-After` / `retry-after-ms` asks; a wait longer than
 * `maxRetryAfterMs` is not made (the next entity is tried instead). With `fallback`, the next entities follow in
 * order, each with the same retry policy. An entity whose circuit is open is skipped without a call.
 *
 * Throws the first non-retryable error as is; when every try failed, the last upstream error as is (its status and
 * headers unchanged, so a client still sees a 429 with its Retry-After); when every entity was skipped by an open
 * circuit, CIRCUIT_OPEN (503) with a Retry-After of the soonest half-open.
 */
export async function runWithResilience(options) {
    const { retry, signal, breakers } = options;
    const breaker = breakers !== undefined && options.breaker?.enabled === true ? options.breaker : undefined;
    const clock = options.clock ?? Date.now;
    const random = options.random ?? Math.random;
    const sleep = options.sleep ?? sleepFor;
    const candidates = options.fallback ? options.entities : options.entities.slice(0, 1);
    const maxAttempts = Math.max(1, retry.maxAttempts);
    const attempts = [];
    const note = (record) => {
        attempts.push(record);
        options.onAttempt?.(record);
    };
    let lastError;
    let previousError;
    let soonestHalfOpenMs = Number.POSITIVE_INFINITY;
    for (const entity of candidates) {
        const key = options.breakerKey(entity);
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
            if (signal.aborted)
                throw abortErrorFrom(signal);
            if (breaker !== undefined && !breakers.tryAcquire(key, breaker)) {
                note({ entity, attempt, error_code: 'CIRCUIT_OPEN', status: 503, duration_ms: 0 });
                soonestHalfOpenMs = Math.min(soonestHalfOpenMs, breakers.openRemainingMs(key));
                break;
            }
            const started = clock();
            try {
                const info = previousError === undefined ? { entityName: entity, attempt } : { entityName: entity, attempt, previousError };
                const value = await options.attempt(entity, info);
                if (breaker !== undefined)
                    breakers.record(key, breaker, 'success');
                note({ entity, attempt, duration_ms: clock() - started });
                return { value, entity, attempts };
            }
            catch (error) {
                const verdict = classifyFailure(error, signal);
                if (breaker !== undefined && verdict.breakerOutcome !== undefined)
                    breakers.record(key, breaker, verdict.breakerOutcome);
                note({ entity, attempt, error_code: verdict.code, status: verdict.status, duration_ms: clock() - started });
                if (!verdict.retryable)
                    throw error;
                lastError = error;
                previousError = verdict.code;
                if (attempt >= maxAttempts)
                    break;
                const delay = retryDelayMs(error, attempt, retry, random, clock);
                if (delay === undefined)
                    break;
                await abortable(sleep(delay, signal), signal);
            }
        }
    }
    if (lastError !== undefined)
        throw lastError;
    const seconds = Number.isFinite(soonestHalfOpenMs) ? Math.max(1, Math.ceil(soonestHalfOpenMs / 1000)) : 1;
    throw new CairnError('CIRCUIT_OPEN', 'Every served entity that could take this call is failing; its circuit breaker is open.', {
        headers: { 'retry-after': String(seconds) },
    });
}
/** The wait before retrying the same entity, or undefined when the upstream asks for longer than we may wait. */
function retryDelayMs(error, attempt, retry, random, clock) {
    const backoff = backoffDelayMs(attempt, retry, random);
    const advised = isCairnError(error) ? retryAfterMsFromHeaders(error.headers, clock()) : undefined;
    if (advised === undefined)
        return backoff;
    if (advised > retry.maxRetryAfterMs)
        return undefined;
    return Math.max(Math.ceil(advised), backoff);
}
function sleepFor(ms, signal) {
    return new Promise((resolve) => {
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        // `abortable` rejects; this only stops the timer.
        const onAbort = () => clearTimeout(timer);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}
/** Settles with `wait`, or rejects with the abort error the moment `signal` fires. */
function abortable(wait, signal) {
    if (signal.aborted)
        return Promise.reject(abortErrorFrom(signal));
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(abortErrorFrom(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        wait.then(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
        });
    });
}
//# sourceMappingURL=run-with-resilience.js.map