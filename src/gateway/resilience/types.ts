/**
 * Retries, fallbacks and circuit breakers around one call. The pipeline gives an ordered list of served entities
 * (the routed one first, then, with `fallback_config.enabled`, the others in config order) and a function that
 * tries one; this decides whether to retry, wait, move on, or give up.
 */

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
}

export interface CircuitBreakerPolicy {
  enabled: boolean;
  failureRateThreshold: number;
  minimumCalls: number;
  windowMs: number;
  openMs: number;
  halfOpenProbes: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

/** One breaker per (endpoint id, served entity); shared through Redis when present, per instance otherwise. */
export interface CircuitBreakers {
  /** Whether a call may go to this entity now (false while open; a limited number of probes while half-open). */
  tryAcquire(key: string, policy: CircuitBreakerPolicy): Promise<boolean> | boolean;
  record(key: string, policy: CircuitBreakerPolicy, outcome: 'success' | 'failure'): void;
  state(key: string): CircuitState;
  close(): Promise<void>;
}

export interface AttemptInfo {
  entityName: string;
  attempt: number;
  /** Why the previous attempt is being replaced, if this is not the first. */
  previousError?: string;
}
