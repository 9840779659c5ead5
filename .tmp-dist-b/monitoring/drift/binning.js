/**
 * Evidently's binning for Jensen–Shannon and PSI (`get_binned_data`): a numerical column with more than 20 distinct
 * reference values is cut into NumPy's Sturges bins over the pooled values (`np.histogram_bin_edges(…, 'sturges')`,
 * counted as `np.histogram` counts: half-open bins, the last one closed); anything else is binned by value over the
 * union of both sides' values. Empty bins then get a small share so the logarithms stay finite: 0.0001, or the
 * smallest non-zero share / 10⁶ when that share is itself ≤ 0.0001 (done on each side separately, as Evidently does).
 */
/** Evidently switches from per-value bins to histogram bins above this many distinct reference values. */
export const HISTOGRAM_MIN_DISTINCT = 20;
/** NumPy's `histogram_bin_edges(values, bins='sturges')`: ⌈ptp / (ptp / (log₂ n + 1))⌉ equal bins, via linspace. */
export function sturgesBinEdges(values) {
    const n = values.length;
    if (n === 0)
        return Float64Array.of(0, 1);
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
        const value = values[i];
        if (value < low)
            low = value;
        if (value > high)
            high = value;
    }
    const range = high - low;
    let first = low;
    let last = high;
    if (first === last) {
        first -= 0.5;
        last += 0.5;
    }
    const width = range / (Math.log2(n) + 1);
    const bins = width ? Math.ceil((last - first) / width) : 1;
    const edges = new Float64Array(bins + 1);
    const step = (last - first) / bins;
    for (let i = 0; i <= bins; i++)
        edges[i] = step === 0 ? (i / bins) * (last - first) + first : i * step + first;
    edges[bins] = last;
    return edges;
}
/** `np.histogram(values, edges)[0]`: counts in [e_i, e_{i+1}), the last bin [e_{k-1}, e_k]; outside values dropped. */
export function histogramCounts(values, edges) {
    const bins = edges.length - 1;
    const counts = new Float64Array(bins);
    const first = edges[0];
    const last = edges[bins];
    for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (!(value >= first && value <= last))
            continue;
        if (value === last) {
            counts[bins - 1]++;
            continue;
        }
        // The last edge ≤ value, by binary search.
        let lowIndex = 0;
        let highIndex = bins;
        while (highIndex - lowIndex > 1) {
            const middle = (lowIndex + highIndex) >> 1;
            if (edges[middle] <= value)
                lowIndex = middle;
            else
                highIndex = middle;
        }
        counts[lowIndex]++;
    }
    return counts;
}
/** Replaces zero shares as Evidently's `feel_zeroes` does (in place). */
export function fillZeroShares(shares) {
    let smallest = Number.POSITIVE_INFINITY;
    for (const share of shares)
        if (share !== 0 && share < smallest)
            smallest = share;
    if (smallest === Number.POSITIVE_INFINITY)
        return shares;
    const fill = smallest <= 0.0001 ? smallest / 10 ** 6 : 0.0001;
    for (let i = 0; i < shares.length; i++)
        if (shares[i] === 0)
            shares[i] = fill;
    return shares;
}
/** Histogram shares of a numerical column (zero shares filled). */
export function histogramShares(reference, current) {
    const pooled = new Float64Array(reference.length + current.length);
    pooled.set(Array.from(reference));
    pooled.set(Array.from(current), reference.length);
    const edges = sturgesBinEdges(pooled);
    const referenceShares = histogramCounts(reference, edges).map((count) => count / reference.length);
    const currentShares = histogramCounts(current, edges).map((count) => count / current.length);
    return { reference: fillZeroShares(referenceShares), current: fillZeroShares(currentShares), bins: edges.length - 1, method: 'histogram' };
}
/** Per-value shares over the union of values (zero shares filled). */
export function valueShares(keys, referenceCounts, currentCounts, referenceSize, currentSize) {
    const reference = Float64Array.from(keys, (key) => (referenceCounts.get(key) ?? 0) / referenceSize);
    const current = Float64Array.from(keys, (key) => (currentCounts.get(key) ?? 0) / currentSize);
    return { reference: fillZeroShares(reference), current: fillZeroShares(current), bins: keys.length, method: 'values' };
}
//# sourceMappingURL=binning.js.map