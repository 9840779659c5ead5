/**
 * Evidently's z-test for two proportions: the share of one category in the reference against its share in the
 * current data, with the pooled proportion in the standard error; two-sided p-value 2·P(Z > |z|), computed with erfc
 * so that it keeps its digits in the tail (Evidently's 2·(1 − Φ(|z|)) rounds to 0 past |z| ≈ 8.3).
 */
import { normalSf } from './special-functions.js';

export interface ZTestResult {
  /** |z|: the sign only says which category was counted, so it is dropped. */
  statistic: number;
  pValue: number;
}

/** `referenceHits` of `referenceSize` reference values (and likewise current) are the target category. */
export function proportionsZTest(referenceHits: number, referenceSize: number, currentHits: number, currentSize: number): ZTestResult {
  const p1 = referenceHits / referenceSize;
  const p2 = currentHits / currentSize;
  const pooled = (p1 * referenceSize + p2 * currentSize) / (referenceSize + currentSize);
  const variance = pooled * (1 - pooled) * (1 / referenceSize + 1 / currentSize);
  // Both samples hold a single, identical value: Evidently answers p = 1 without computing z.
  if (variance === 0) return { statistic: 0, pValue: 1 };
  const z = Math.abs((p1 - p2) / Math.sqrt(variance));
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(z)) };
}
