/** The resilience area: retries with backoff and Retry-After, fallbacks across served entities, circuit breakers. */
export type { AttemptInfo, AttemptRecord, CircuitBreakerPolicy, CircuitBreakers, CircuitState, RetryPolicy } from './types.js';
export { runWithResilience, type ResilientResult, type RunWithResilienceOptions } from './run-with-resilience.js';
export { createCircuitBreakers, type CircuitBreakersOptions, type SharedCircuitBreakers } from './circuit-breaker.js';
export type { SharedBreakerRedis } from './shared-breaker-sync.js';
export { classifyFailure, type FailureVerdict } from './retryable.js';
export { backoffDelayMs, backoffCeilingMs } from './backoff.js';
export { parseHttpDate, parseRetryAfter, parseRetryAfterMs, retryAfterMsFromHeaders } from './retry-after.js';
