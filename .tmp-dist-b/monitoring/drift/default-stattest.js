export const SMALL_REFERENCE_MAX = 1000;
export const FEW_VALUES_MAX = 5;
export const TEST_KIND = {
    ks: 'p_value',
    chisquare: 'p_value',
    z: 'p_value',
    mmd: 'p_value',
    wasserstein: 'distance',
    jensenshannon: 'distance',
    psi: 'distance',
    domain_classifier: 'auc',
};
export const DEFAULT_THRESHOLDS = {
    ks: 0.05,
    chisquare: 0.05,
    z: 0.05,
    mmd: 0.05,
    wasserstein: 0.1,
    jensenshannon: 0.1,
    psi: 0.1,
    domain_classifier: 0.55,
};
export function defaultStatTest(type, referenceSize, distinctValues) {
    const numericalWithMany = type === 'numerical' && distinctValues > FEW_VALUES_MAX;
    if (referenceSize <= SMALL_REFERENCE_MAX) {
        if (numericalWithMany)
            return 'ks';
        return distinctValues > 2 ? 'chisquare' : 'z';
    }
    return numericalWithMany ? 'wasserstein' : 'jensenshannon';
}
export function defaultEmbeddingTest() {
    return 'domain_classifier';
}
/** p-value tests drift below the threshold, distances at or above it, the classifier's AUC above it. */
export function isDrifted(test, statistic, pValue, threshold) {
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
export function needsNumbers(test) {
    return test === 'ks' || test === 'wasserstein';
}
export function isEmbeddingTest(test) {
    return test === 'domain_classifier' || test === 'mmd';
}
export function columnTypeOrDefault(type, inferred) {
    return type ?? inferred;
}
//# sourceMappingURL=default-stattest.js.map