/**
 * Normed Wasserstein distance as Evidently computes it: SciPy's `wasserstein_distance(reference, current)` (the area
 * between the two empirical CDFs) divided by max(std(reference), 0.001), the population standard deviation, so the
 * threshold (0.1 by default) reads as "a tenth of a reference standard deviation".
 */
/** SciPy's `wasserstein_distance(u, v)` for unweighted samples: ∫ |F_u − F_v|. */
export function wassersteinDistance(first, second) {
    const u = Float64Array.from(first).sort();
    const v = Float64Array.from(second).sort();
    const nu = u.length;
    const nv = v.length;
    let i = 0;
    let j = 0;
    let total = 0;
    let previous = Number.NaN;
    // Walk the pooled sorted values; between two consecutive ones both CDFs are constant.
    while (i < nu || j < nv) {
        const value = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
        if (!Number.isNaN(previous)) {
            const uCdf = i / nu;
            const vCdf = j / nv;
            total += Math.abs(uCdf - vCdf) * (value - previous);
        }
        while (i < nu && u[i] <= value)
            i++;
        while (j < nv && v[j] <= value)
            j++;
        previous = value;
    }
    return total;
}
/** NumPy's `std` (ddof = 0). */
export function populationStd(values) {
    const n = values.length;
    let sum = 0;
    for (let i = 0; i < n; i++)
        sum += values[i];
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++)
        squares += (values[i] - mean) ** 2;
    return Math.sqrt(squares / n);
}
/** Evidently's normed Wasserstein: distance / max(std(reference), 0.001). */
export function normedWasserstein(reference, current) {
    return wassersteinDistance(reference, current) / Math.max(populationStd(reference), 0.001);
}
//# sourceMappingURL=wasserstein.js.map