import type { AdmissionPlan } from './admission-plan.js';

/**
 * Where buckets and budget counters live. Both implementations run the same algorithm (see `token-bucket.ts` and
 * the Lua in `redis-limit-store.ts`): check every bucket and budget of a plan, then take from all of them or none.
 */

export interface AdmitResult {
  admitted: boolean;
  /** Bucket levels in plan order: after taking when admitted, as found (refilled) when not. */
  levels: number[];
  /** Budget counters in plan order, integer store units: settled spend, and spend + reservations held. */
  spent: number[];
  used: number[];
  /** On rejection: budgets whose hard limit is spent and whose `budget_exhausted` marker this call set first. */
  exhaustedNow: boolean[];
}

export interface SettleBucketOp {
  key: string;
  capacity: number;
  /** Tokens given back (reserved − used); negative debits the excess. */
  refund: number;
}

export interface SettleBudgetOp {
  key: string;
  limit: number;
  softLimit: number;
  /** The reservation to release. */
  release: number;
  /** What the call really cost, added to the spend. */
  actual: number;
  ttlSeconds: number;
}

export interface SettlePlan {
  now: number;
  buckets: SettleBucketOp[];
  budgets: SettleBudgetOp[];
}

export interface SettleResult {
  /** Spend after settlement, and whether this settlement was the first to cross the soft threshold / hard limit. */
  spent: number[];
  softNow: boolean[];
  exhaustedNow: boolean[];
}

/** Current counters of budget keys: [spent, held] per key (0s for a key never written). */
export type BudgetReading = [spent: number, held: number];

export interface LimitStore<Async extends boolean> {
  admit(plan: AdmissionPlan): Async extends true ? Promise<AdmitResult> : AdmitResult;
  settle(plan: SettlePlan): Async extends true ? Promise<SettleResult> : SettleResult;
  readBudgets(keys: readonly string[]): Async extends true ? Promise<BudgetReading[]> : BudgetReading[];
}
