export { STAT_TEST_NAMES } from './types.js';
export { compareDatasets, DEFAULT_DRIFT_SHARE } from './compare-datasets.js';
export { compareEmbeddings, DEFAULT_SEED } from './compare-embeddings.js';
export { DEFAULT_THRESHOLDS, defaultStatTest, isDrifted, SMALL_REFERENCE_MAX, TEST_KIND } from './default-stattest.js';
export { ksTwoSample } from './ks-two-sample.js';
export { chiSquareTest } from './chi-square-test.js';
export { proportionsZTest } from './z-test.js';
export { normedWasserstein, wassersteinDistance } from './wasserstein.js';
export { jensenShannonDistance } from './jensen-shannon.js';
export { populationStabilityIndex, psiBand, PSI_MODERATE, PSI_SIGNIFICANT } from './psi.js';
export { histogramShares, sturgesBinEdges, valueShares } from './binning.js';
export { DOMAIN_CLASSIFIER_MAX_PER_SIDE, rocAuc } from './domain-classifier.js';
export { MMD_MAX_PER_SIDE, MMD_PERMUTATIONS } from './mmd.js';
//# sourceMappingURL=index.js.map