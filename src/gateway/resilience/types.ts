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
  /** While open: milliseconds until probes are let through (for `Retry-After`); 0 otherwise. */
  openRemainingMs(key: string): number;
  close(): Promise<void>;
}

export interface AttemptInfo {
  entityName: string;
  attempt: number;
  /** Why the previous attempt is being replaced, if this is not the first. */
  previousError?: string;
}

/** One try of one served entity, as the inference table records it. */
export interface AttemptRecord {
  entity: string;
  /** 1-based, per entity. */
  attempt: number;
  /** Set when the try failed, or was skipped because the entity's circuit was open (`CIRCUIT_OPEN`). */
  error_code?: string;
  status?: number;
  duration_ms: number;
}
