import type { BudgetConfig, RateLimitConfig } from '../policy/ai-gateway-config.js';

/**
 * Rate limits and budgets: the admission half of the gateway. One `admit` per call checks every rate limit and
 * budget that applies and consumes from all of them, or from none (one atomic Redis script per check with
 * `CAIRN_REDIS_URL`, so N instances together admit no more than a limit; one in-memory map otherwise). The returned
 * admission is settled with the real usage once the call ends.
 */

/** Who is calling, as the limits need it. */
export interface Caller {
  /** Principal id (stable) and name (what `principal` in a limit refers to). */
  id: string;
  name: string;
  kind: 'user' | 'service_principal' | 'group';
  /** Names of the groups the caller belongs to. */
  groupNames: readonly string[];
}

export interface AdmissionRequest {
  endpointId: string;
  endpointName: string;
  caller: Caller;
  rateLimits: readonly RateLimitConfig[];
  budgets: readonly BudgetConfig[];
  /** Input tokens (estimated) + the most output tokens the call may produce: reserved against token limits. */
  reservedTokens: number;
  /** Reserved cost in USD for USD budgets (estimated input cost + `max_tokens` at the output price). */
  reservedUsd: number;
}

/** Room left after this call's reservation, the smallest over the budgets that apply; for cutting streams. */
export interface BudgetHeadroom {
  /** Tokens the call may still use beyond its reservation before some token budget is exhausted (null: no token budget). */
  tokens: number | null;
  /** Dollars likewise (null: no USD budget). */
  usd: number | null;
}

export interface Admission {
  /**
   * OpenAI-style headers for the response: `x-ratelimit-limit-requests`, `x-ratelimit-remaining-requests`,
   * `x-ratelimit-reset-requests` and the `-tokens` trio, from the tightest limit of each kind. Empty without limits.
   */
  headers: Record<string, string>;
  headroom: BudgetHeadroom;
  /**
   * Settles the reservation with what the call really used: refunds the difference, or debits the excess (never
   * rejects: the call already happened). Emits soft-threshold events. Safe to call once; later calls are ignored.
   */
  settle(actual: { tokens: number; usd: number }): Promise<void>;
}

/** Emitted when a budget crosses its soft threshold or its hard limit (the monitoring issue turns these into alerts). */
export interface BudgetEvent {
  kind: 'budget_soft_threshold' | 'budget_exhausted';
  budget: string;
  endpointName: string;
  /** The key the budget was counted under, e.g. `user:alice@example.com` or `endpoint`. */
  subject: string;
  period: 'day' | 'month';
  periodStart: number;
  used: number;
  limit: number;
  unit: 'usd' | 'tokens';
  time: number;
}

export interface LimitsService {
  /**
   * Admits the call or throws a CairnError: REQUEST_LIMIT_EXCEEDED (429, `Retry-After` and the x-ratelimit headers)
   * when a rate limit is exhausted, BUDGET_EXCEEDED (429) when a hard budget is, POLICY_STORE_UNAVAILABLE (503) when
   * Redis is down and a budget is `fail_closed`. Requests with no limits and no budgets resolve at once without I/O.
   */
  admit(request: AdmissionRequest): Promise<Admission>;
  /** Current use of the budgets of an endpoint (for the budgets API and the CLI). */
  budgetUsage(endpointId: string, endpointName: string, budgets: readonly BudgetConfig[], subject?: Caller): Promise<BudgetUsage[]>;
  onBudgetEvent(listener: (event: BudgetEvent) => void): () => void;
  /** `memory` or `redis`; `redis-degraded` while Redis is unreachable (limits fall back to this instance's memory). */
  mode(): 'memory' | 'redis' | 'redis-degraded';
  close(): Promise<void>;
}

export interface BudgetUsage {
  budget: string;
  subject: string;
  period: 'day' | 'month';
  period_start: number;
  used: number;
  limit: number;
  unit: 'usd' | 'tokens';
}
