/**
 * Drift statistics: pure, synchronous, exact (matched to SciPy 1.10 to 1e-6 on recorded vectors, see
 * fixtures/scipy-reference.json and scripts/drift-fixtures.py). docs/monitoring-drift.md explains the tests, the
 * default rule and the thresholds.
 */
export type { ColumnDrift, ColumnType, DriftOptions, DriftReport, StatTestName } from './types.js';
export { STAT_TEST_NAMES } from './types.js';
export { compareDatasets, DEFAULT_DRIFT_SHARE } from './compare-datasets.js';
export { compareEmbeddings, DEFAULT_SEED, type EmbeddingDriftOptions } from './compare-embeddings.js';
export { DEFAULT_THRESHOLDS, defaultStatTest, isDrifted, SMALL_REFERENCE_MAX, TEST_KIND } from './default-stattest.js';
export { ksTwoSample, type KsResult } from './ks-two-sample.js';
export { chiSquareTest } from './chi-square-test.js';
export { proportionsZTest } from './z-test.js';
export { normedWasserstein, wassersteinDistance } from './wasserstein.js';
export { jensenShannonDistance } from './jensen-shannon.js';
export { populationStabilityIndex, psiBand, PSI_MODERATE, PSI_SIGNIFICANT, type PsiBand } from './psi.js';
export { histogramShares, sturgesBinEdges, valueShares } from './binning.js';
export { DOMAIN_CLASSIFIER_MAX_PER_SIDE, rocAuc } from './domain-classifier.js';
export { MMD_MAX_PER_SIDE, MMD_PERMUTATIONS } from './mmd.js';
