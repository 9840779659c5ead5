import { CairnError, isCairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../../providers/index.js';
import { backoffDelayMs } from './backoff.js';
import { retryAfterMsFromHeaders } from './retry-after.js';
import { classifyFailure } from './retryable.js';
import type { AttemptInfo, AttemptRecord, CircuitBreakerPolicy, CircuitBreakers, RetryPolicy } from './types.js';

export interface RunWithResilienceOptions<T> {
  /** Served entities in the order to try: the routed one first, then the fallbacks. */
  entities: readonly string[];
  retry: RetryPolicy;
  breakerKey(entity: string): string;
  breakers?: CircuitBreakers;
  /** The endpoint's breaker policy; no breaker when absent or disabled. */
  breaker?: CircuitBreakerPolicy;
  /** Whether entities after the first may be tried. */
  fallback: boolean;
  /** The whole call's signal: once it fires nothing is retried and no wait continues. */
  signal: AbortSignal;
  /**
   * Tries one entity. For a stream, resolve once the call is committed (the first part is in hand, before any
   * byte went to the client): failures after that are the caller's, since a half-sent stream cannot be replayed.
   */
  attempt(entity: string, info: AttemptInfo): Promise<T>;
  /** Waits `ms`; injected by tests. Whatever it does, an abort of `signal` ends the wait at once. */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** [0, 1) for the backoff jitter. */
  random?(): number;
  /** Wall clock in ms, for durations and HTTP-date `Retry-After` values. */
  clock?(): number;
  /** Each try's record as soon as it is known (the same records are returned on success). */
  onAttempt?(record: AttemptRecord): void;
}

export interface ResilientResult<T> {
  value: T;
  entity: string;
  attempts: AttemptRecord[];
}

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
export async function runWithResilience<T>(options: RunWithResilienceOptions<T>): Promise<ResilientResult<T>> {
  const { retry, signal, breakers } = options;
  const breaker = breakers !== undefined && options.breaker?.enabled === true ? options.breaker : undefined;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepFor;
  const candidates = options.fallback ? options.entities : options.entities.slice(0, 1);
  const maxAttempts = Math.max(1, retry.maxAttempts);
  const attempts: AttemptRecord[] = [];
  const note = (record: AttemptRecord): void => {
    attempts.push(record);
    options.onAttempt?.(record);
  };
  let lastError: unknown;
  let previousError: string | undefined;
  let soonestHalfOpenMs = Number.POSITIVE_INFINITY;

  for (const entity of candidates) {
    const key = options.breakerKey(entity);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (signal.aborted) throw abortErrorFrom(signal);
      if (breaker !== undefined && !breakers!.tryAcquire(key, breaker)) {
        note({ entity, attempt, error_code: 'CIRCUIT_OPEN', status: 503, duration_ms: 0 });
        soonestHalfOpenMs = Math.min(soonestHalfOpenMs, breakers!.openRemainingMs(key));
        break;
      }
      const started = clock();
      try {
        const info: AttemptInfo = previousError === undefined ? { entityName: entity, attempt } : { entityName: entity, attempt, previousError };
        const value = await options.attempt(entity, info);
        if (breaker !== undefined) breakers!.record(key, breaker, 'success');
        note({ entity, attempt, duration_ms: clock() - started });
        return { value, entity, attempts };
      } catch (error) {
        const verdict = classifyFailure(error, signal);
        if (breaker !== undefined && verdict.breakerOutcome !== undefined) breakers!.record(key, breaker, verdict.breakerOutcome);
        note({ entity, attempt, error_code: verdict.code, status: verdict.status, duration_ms: clock() - started });
        if (!verdict.retryable) throw error;
        lastError = error;
        previousError = verdict.code;
        if (attempt >= maxAttempts) break;
        const delay = retryDelayMs(error, attempt, retry, random, clock);
        if (delay === undefined) break;
        await abortable(sleep(delay, signal), signal);
      }
    }
  }
  if (lastError !== undefined) throw lastError;
  const seconds = Number.isFinite(soonestHalfOpenMs) ? Math.max(1, Math.ceil(soonestHalfOpenMs / 1000)) : 1;
  throw new CairnError('CIRCUIT_OPEN', 'Every served entity that could take this call is failing; its circuit breaker is open.', {
    headers: { 'retry-after': String(seconds) },
  });
}

/** The wait before retrying the same entity, or undefined when the upstream asks for longer than we may wait. */
function retryDelayMs(error: unknown, attempt: number, retry: RetryPolicy, random: () => number, clock: () => number): number | undefined {
  const backoff = backoffDelayMs(attempt, retry, random);
  const advised = isCairnError(error) ? retryAfterMsFromHeaders(error.headers, clock()) : undefined;
  if (advised === undefined) return backoff;
  if (advised > retry.maxRetryAfterMs) return undefined;
  return Math.max(Math.ceil(advised), backoff);
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    // `abortable` rejects; this only stops the timer.
    const onAbort = (): void => clearTimeout(timer);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles with `wait`, or rejects with the abort error the moment `signal` fires. */
function abortable(wait: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortErrorFrom(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
