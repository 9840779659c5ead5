/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as SciPy's `ks_2samp(a, b)` with its default method='auto':
 * the exact p-value when both samples have at most 10 000 values (falling back to the asymptotic one if the exact
 * computation fails), otherwise the distribution of the one-sample statistic with n = round(n1·n2 / (n1 + n2)).
 */
import { kolmogorovSf } from './kolmogorov-distribution.js';
import { greatestCommonDivisor, roundHalfEven } from './special-functions.js';

/** SciPy's MAX_AUTO_N: above this many values in either sample, 'auto' goes asymptotic. */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymp';
}

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** D = sup |F1 − F2| over the pooled values, with ties handled by counting ≤ on both sides. */
function ksStatistic(first: Float64Array, second: Float64Array): number {
  const n1 = first.length;
  const n2 = second.length;
  let i = 0;
  let j = 0;
  let largest = Number.NEGATIVE_INFINITY;
  let smallest = Number.POSITIVE_INFINITY;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && first[i]! <= second[j]!) ? first[i]! : second[j]!;
    while (i < n1 && first[i]! <= value) i++;
    while (j < n2 && second[j]! <= value) j++;
    // Same operations as SciPy (count/n1 − count/n2) so the statistic is bit-identical.
    const difference = i / n1 - j / n2;
    if (difference > largest) largest = difference;
    if (difference < smallest) smallest = difference;
  }
  const below = Math.min(1, Math.max(0, -smallest));
  return below > largest ? below : largest;
}

/** Pr(D ≥ h/n) for equal sample sizes: 2 Σ (−1)^(k+1) C(2n, n−kh) / C(2n, n), in Horner form against cancellation. */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * Pr(D ≥ h/lcm) for unequal sizes: the share of lattice paths from (0, 0) to (m, n) that leave the band
 * |x/m − y/n| < h/lcm, computed directly as a probability column by column (Hodges' inside method in Viehmann's
 * form, which computes 1 − p without the cancellation of 1 − (paths inside)/C(m+n, n)).
 */
function probabilityOutsideBand(first: number, second: number, g: number, h: number): number {
  const m = Math.max(first, second);
  const n = Math.min(first, second);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const length = Math.min(2 * maxJ + 2, n + 1);
  const column = new Float64Array(length).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let offset = 0; offset < maxJ - minJ; offset++) {
      const j = offset + minJ;
      value = (column[offset + minJ - lastMinJ]! * i + value * j) / (i + j);
      column[offset] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1]!;
}

function exactTest(n1: number, n2: number, statistic: number): { ok: boolean; statistic: number; pValue: number } {
  const g = greatestCommonDivisor(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(statistic * lcm);
  const rounded = h / lcm;
  if (h === 0) return { ok: true, statistic: rounded, pValue: 1 };
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  return { ok: Number.isFinite(p) && p >= 0 && p <= 1, statistic: rounded, pValue: p };
}

/** Two-sided two-sample KS test on finite numbers; both samples must be non-empty. */
export function ksTwoSample(first: ArrayLike<number>, second: ArrayLike<number>): KsResult {
  const a = sorted(first);
  const b = sorted(second);
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ksTwoSample needs two non-empty samples');
  let statistic = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const exact = exactTest(n1, n2, statistic);
    statistic = exact.statistic;
    if (exact.ok) return { statistic, pValue: Math.min(1, Math.max(0, exact.pValue)), method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  const p = kolmogorovSf(roundHalfEven(en), statistic);
  return { statistic, pValue: Math.min(1, Math.max(0, p)), method: 'asymp' };
}
