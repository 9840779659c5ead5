/**
 * The few special functions the drift tests need, written for accuracy (full double precision where it is cheap)
 * rather than speed: SciPy's reference values are matched to 1e-6, so the p-values must not lose digits in the tails.
 */
const LOG_SQRT_2PI = 0.9189385332046728;
const EPSILON = 1e-16;
const TINY = 1e-300;
// Stirling series coefficients B_2k / (2k (2k-1)) for k = 1..8.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];
/** ln Γ(x) for x > 0: the Stirling series from x ≥ 15 on, shifted there by the recurrence Γ(x+1) = xΓ(x). */
export function logGamma(x) {
    if (!(x > 0))
        return Number.NaN;
    let shift = 0;
    let y = x;
    // The product of the shifted factors stays far below overflow (at most 15 factors below 15).
    let product = 1;
    while (y < 15) {
        product *= y;
        y += 1;
    }
    if (product !== 1)
        shift = Math.log(product);
    const inverse = 1 / y;
    const inverseSquared = inverse * inverse;
    let series = 0;
    for (let k = STIRLING.length - 1; k >= 0; k--)
        series = series * inverseSquared + STIRLING[k];
    return (y - 0.5) * Math.log(y) - y + LOG_SQRT_2PI + series * inverse - shift;
}
/** ln(n!) for whole n ≥ 0. */
export function logFactorial(n) {
    return n < 2 ? 0 : logGamma(n + 1);
}
/** e^(-x) x^a / Γ(a), the prefactor shared by both incomplete-gamma branches, computed in logs. */
function gammaPrefactor(a, x) {
    return Math.exp(-x + a * Math.log(x) - logGamma(a));
}
/** Lower series P(a, x) = x^a e^-x / Γ(a) Σ x^k / (a (a+1) … (a+k)); converges fast for x < a + 1. */
function lowerSeries(a, x) {
    let term = 1 / a;
    let sum = term;
    for (let denominator = a + 1; denominator < a + 10_000; denominator++) {
        term *= x / denominator;
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPSILON)
            break;
    }
    return sum * gammaPrefactor(a, x);
}
/** Upper continued fraction Q(a, x) (modified Lentz); converges fast for x ≥ a + 1 and keeps relative accuracy. */
function upperContinuedFraction(a, x) {
    let b = x + 1 - a;
    let c = 1 / TINY;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 10_000; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < TINY)
            d = TINY;
        c = b + an / c;
        if (Math.abs(c) < TINY)
            c = TINY;
        d = 1 / d;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < EPSILON)
            break;
    }
    return gammaPrefactor(a, x) * h;
}
/** The regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) (SciPy's `gammaincc`). */
export function regularizedUpperGamma(a, x) {
    if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0)
        return Number.NaN;
    if (x === 0)
        return 1;
    if (x === Number.POSITIVE_INFINITY)
        return 0;
    return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}
/** Survival function of the χ² distribution with `degrees` degrees of freedom (SciPy's `chi2.sf`). */
export function chiSquareSf(statistic, degrees) {
    if (statistic === Number.POSITIVE_INFINITY)
        return 0;
    return regularizedUpperGamma(degrees / 2, statistic / 2);
}
/**
 * erfc(x), through erfc(x) = Q(1/2, x²) for x ≥ 0 (and 2 − erfc(−x) below 0): the continued fraction keeps its
 * relative accuracy far into the tail, where 1 − erf(x) would round to 0.
 */
export function erfc(x) {
    if (Number.isNaN(x))
        return Number.NaN;
    if (x < 0)
        return 2 - erfc(-x);
    return regularizedUpperGamma(0.5, x * x);
}
/** P(Z > z) for a standard normal Z (SciPy's `norm.sf`). */
export function normalSf(z) {
    return 0.5 * erfc(z / Math.SQRT2);
}
/** NumPy's `round`: halves go to the even neighbour. */
export function roundHalfEven(x) {
    const floor = Math.floor(x);
    const difference = x - floor;
    if (difference > 0.5)
        return floor + 1;
    if (difference < 0.5)
        return floor;
    return floor % 2 === 0 ? floor : floor + 1;
}
export function greatestCommonDivisor(a, b) {
    let x = Math.abs(a);
    let y = Math.abs(b);
    while (y !== 0)
        [x, y] = [y, x % y];
    return x;
}
//# sourceMappingURL=special-functions.js.map