/**
 * Population Stability Index as Evidently computes it: Σ (ref_i − cur_i) · ln(ref_i / cur_i) over the bins of
 * binning.ts (shares not renormalised after the zero fill). Always ≥ 0. Usual reading, and Cairn's bands:
 * < 0.1 no significant change, 0.1–0.2 moderate change, ≥ 0.2 significant change. Drift when ≥ threshold (0.1).
 */
export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.2;
export function populationStabilityIndex(reference, current) {
    let psi = 0;
    for (let i = 0; i < reference.length; i++) {
        const r = reference[i];
        const c = current[i];
        psi += (r - c) * Math.log(r / c);
    }
    return psi;
}
export function psiBand(psi) {
    if (psi >= PSI_SIGNIFICANT)
        return 'significant';
    return psi >= PSI_MODERATE ? 'moderate' : 'stable';
}
//# sourceMappingURL=psi.js.map