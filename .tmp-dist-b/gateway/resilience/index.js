export { runWithResilience } from './run-with-resilience.js';
export { createCircuitBreakers } from './circuit-breaker.js';
export { classifyFailure } from './retryable.js';
export { backoffDelayMs, backoffCeilingMs } from './backoff.js';
export { parseHttpDate, parseRetryAfter, parseRetryAfterMs, retryAfterMsFromHeaders } from './retry-after.js';
//# sourceMappingURL=index.js.map