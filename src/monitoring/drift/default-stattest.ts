/**
 * Which test a column gets when none is configured, and the default thresholds: Evidently's rule.
 *
 * reference ≤ 1000 values: numerical with > 5 distinct values (reference ∪ current) → KS; numerical with ≤ 5, or
 * categorical: chi-square when > 2 distinct values, z-test when ≤ 2.
 * reference > 1000 values: numerical with > 5 distinct values → normed Wasserstein; otherwise Jensen–Shannon.
 */
import type { ColumnType, StatTestName } from './types.js';

export const SMALL_REFERENCE_MAX = 1000;
export const FEW_VALUES_MAX = 5;

export type TestKind = 'p_value' | 'distance' | 'auc';

export const TEST_KIND: Record<StatTestName, TestKind> = {
  ks: 'p_value',
  chisquare: 'p_value',
  z: 'p_value',
  mmd: 'p_value',
  wasserstein: 'distance',
  jensenshannon: 'distance',
  psi: 'distance',
  domain_classifier: 'auc',
};

export const DEFAULT_THRESHOLDS: Record<StatTestName, number> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  mmd: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
  domain_classifier: 0.55,
};

export function defaultStatTest(type: 'numerical' | 'categorical', referenceSize: number, distinctValues: number): StatTestName {
  const numericalWithMany = type === 'numerical' && distinctValues > FEW_VALUES_MAX;
  if (referenceSize <= SMALL_REFERENCE_MAX) {
    if (numericalWithMany) return 'ks';
    return distinctValues > 2 ? 'chisquare' : 'z';
  }
  return numericalWithMany ? 'wasserstein' : 'jensenshannon';
}

export function defaultEmbeddingTest(): StatTestName {
  return 'domain_classifier';
}

/** p-value tests drift below the threshold, distances at or above it, the classifier's AUC above it. */
export function isDrifted(test: StatTestName, statistic: number, pValue: number | null, threshold: number): boolean {
  switch (TEST_KIND[test]) {
    case 'p_value':
      return pValue !== null && pValue < threshold;
    case 'distance':
      return statistic >= threshold;
    case 'auc':
      return statistic > threshold;
  }
}

/** Tests that only make sense on numbers. */
export function needsNumbers(test: StatTestName): boolean {
  return test === 'ks' || test === 'wasserstein';
}

export function isEmbeddingTest(test: StatTestName): boolean {
  return test === 'domain_classifier' || test === 'mmd';
}

export function columnTypeOrDefault(type: ColumnType | undefined, inferred: ColumnType): ColumnType {
  return type ?? inferred;
}
