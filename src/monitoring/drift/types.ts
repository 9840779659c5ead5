import type { ColumnType } from '../descriptors/types.js';

export type { ColumnType };

export type StatTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi' | 'domain_classifier' | 'mmd';

export const STAT_TEST_NAMES: readonly StatTestName[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'domain_classifier', 'mmd'];

export interface DriftOptions {
  /** Columns to compare; default: every column seen in either dataset (reference first, in first-seen order). */
  columns?: string[];
  /** Column types; default: inferred (finite numbers → numerical, strings/booleans → categorical). */
  columnTypes?: Record<string, ColumnType>;
  /** One test for every column, or per column; default: Evidently's rule (default-stattest.ts). */
  stattest?: StatTestName | Record<string, StatTestName>;
  /** Per-column thresholds; win over `threshold`. */
  thresholds?: Record<string, number>;
  /** One threshold for every column; default: the test's own (p-value tests 0.05, distances 0.1, PSI 0.1). */
  threshold?: number;
  /** The dataset drifts when at least this share of the tested columns drift (default 0.5). */
  driftShare?: number;
  /** Seed for the embedding tests' subsampling, split and permutations. */
  seed?: number;
}

export interface ColumnDrift {
  column: string;
  type: ColumnType;
  test: StatTestName;
  /** NaN (null in JSON) when the column could not be tested (see `note`); +∞ (null in JSON) for a chi-square with
   * a category the reference never saw. */
  statistic: number;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  reference_size: number;
  current_size: number;
  note?: string;
}

export interface DriftReport {
  columns: ColumnDrift[];
  drifted_columns: string[];
  /** Drifted columns / tested columns (columns with no values on one side are reported but not counted). */
  share_drifted: number;
  drift_share_threshold: number;
  dataset_drifted: boolean;
}
