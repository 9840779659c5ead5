/**
 * Evidently's chi-square drift test: SciPy's `chisquare(observed, expected)` where `observed` are the current
 * counts per category and `expected` the reference counts scaled to the current size, over the union of the
 * categories. A category the reference never saw has expected 0, so the statistic is +∞ and the p-value 0 (SciPy
 * does the same, with a warning).
 */
import { chiSquareSf } from './special-functions.js';
/** `keys` is the union of categories; counts missing from a map count as 0. */
export function chiSquareTest(keys, referenceCounts, currentCounts, referenceSize, currentSize) {
    const scale = currentSize / referenceSize;
    let statistic = 0;
    for (const key of keys) {
        const observed = currentCounts.get(key) ?? 0;
        const expected = (referenceCounts.get(key) ?? 0) * scale;
        const difference = observed - expected;
        statistic += (difference * difference) / expected;
    }
    const degrees = keys.length - 1;
    // One category: nothing can differ (SciPy would answer NaN for zero degrees of freedom).
    if (degrees <= 0)
        return { statistic: 0, pValue: 1, degrees: 0 };
    return { statistic, pValue: chiSquareSf(statistic, degrees), degrees };
}
//# sourceMappingURL=chi-square-test.js.map