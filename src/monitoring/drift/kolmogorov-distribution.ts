/**
 * Survival function of the two-sided one-sample Kolmogorov statistic D_n (SciPy's `kstwo.sf(d, n)`), which
 * `ks_2samp` uses for its asymptotic p-value with n = round(n1·n2 / (n1 + n2)). The method for each (n, d) region is
 * the one SciPy picks after Simard & L'Ecuyer (2011), so that the approximations agree with SciPy's to ~1e-10:
 * Ruben–Gambino closed forms at the ends, 2·Smirnov where the two one-sided tails do not overlap, Durbin's matrix or
 * Pomeranz's recursion for moderate n·d², and the Pelz–Good asymptotic series for large n.
 */
import { kolmogorovCdfDurbin, kolmogorovCdfPomeranz } from './kolmogorov-exact-methods.js';
import { logFactorial } from './special-functions.js';

const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;
const STIRLING_REMAINDER = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** ln(n! / n^n) by Stirling's series (the Ruben–Gambino lower end for large n). */
function logFactorialOverPower(n: number): number {
  const inverse = 1 / n;
  let polynomial = 0;
  for (const coefficient of STIRLING_REMAINDER) polynomial = polynomial * (inverse / n) + coefficient;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + inverse * polynomial;
}

/**
 * Pr(D⁺_n ≥ x) for the one-sided statistic (SciPy's `special.smirnov`), by the Birnbaum–Tingey sum
 * Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) x (x + v/n)^(v−1) (1 − x − v/n)^(n−v). Every term is positive, so summing them in logs
 * loses nothing to cancellation.
 */
export function smirnovSf(n: number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  if (n === 1) return 1 - x;
  const nx = n * x;
  const last = Math.floor(n - nx);
  const logN = Math.log(n);
  const logX = Math.log(x);
  const logNFactorial = logFactorial(n);
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const rest = n - v - nx;
    if (rest <= 0) {
      if (n - v > 0) continue;
    }
    const logBinomial = logNFactorial - logFactorial(v) - logFactorial(n - v);
    const logTerm =
      logBinomial + logX + (v - 1) * (Math.log(nx + v) - logN) + (n - v === 0 ? 0 : (n - v) * (Math.log(rest) - logN));
    sum += Math.exp(logTerm);
  }
  return clip(sum);
}

/** Pelz & Good's (1976) asymptotic series for Pr(D_n ≤ x), four terms in powers of 1/√n. */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qLog = -PI_SQUARED / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIX * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOUR * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) terms[i] = terms[i]! * qPower + coefficients[i]!;
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i]! * q * SQRT_2PI) / divisors[i]!;
  q = Math.exp(-PI_SQUARED / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qPower = q ** k2;
    const kPi = Math.PI * k;
    k2Extra += k2 * qPower;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qPower;
  }
  terms[2]! += (k2Extra * PI_SQUARED * SQRT_2PI) / (-36 * z3);
  terms[3]! += (k3Extra * PI_SQUARED * SQRT_2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += terms[i]! / n ** (i / 2);
  return sum;
}

/** Pr(D_n > x) for the two-sided one-sample Kolmogorov statistic with sample size n (whole, ≥ 1). */
export function kolmogorovSf(n: number, x: number): number {
  if (Number.isNaN(x) || !Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip(1 - cdf);
}
