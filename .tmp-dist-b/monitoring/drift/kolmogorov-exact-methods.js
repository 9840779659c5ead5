/**
 * Exact methods for the CDF of the two-sided one-sample Kolmogorov statistic D_n, Pr(D_n ≤ d), as SciPy's
 * `kstwo` uses them for moderate n·d² (Simard & L'Ecuyer 2011 pick the method; see kolmogorov-distribution.ts):
 * Durbin's matrix method in Marsaglia–Tsang–Wang form, and Pomeranz's recursion. Both rescale by 2^±128 and keep
 * the exponent aside so the intermediate powers neither overflow nor underflow.
 */
const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;
/** x · 2^exponent without overflowing or underflowing the scale factor itself. */
export function scaleByPowerOfTwo(x, exponent) {
    let result = x;
    let remaining = exponent;
    while (remaining > 1000) {
        result *= 2 ** 1000;
        remaining -= 1000;
    }
    while (remaining < -1000) {
        result *= 2 ** -1000;
        remaining += 1000;
    }
    return result * 2 ** remaining;
}
function multiply(left, right, size) {
    const result = new Float64Array(size * size);
    for (let row = 0; row < size; row++) {
        for (let inner = 0; inner < size; inner++) {
            const factor = left[row * size + inner];
            if (factor === 0)
                continue;
            const rightOffset = inner * size;
            const resultOffset = row * size;
            for (let column = 0; column < size; column++)
                result[resultOffset + column] += factor * right[rightOffset + column];
        }
    }
    return result;
}
/** Pr(D_n ≤ d) by Durbin's matrix: the (k, k) entry of H^n, times n!/n^n (Marsaglia, Tsang & Wang 2003). */
export function kolmogorovCdfDurbin(n, d) {
    if (d >= 1)
        return 1;
    const nd = n * d;
    if (nd <= 0.5)
        return 0;
    const k = Math.ceil(nd);
    const h = k - nd;
    const size = 2 * k - 1;
    const v = new Float64Array(size);
    const w = new Float64Array(size);
    let factorial = 1;
    for (let j = 1; j <= size; j++) {
        w[j - 1] = factorial;
        factorial /= j; // may underflow to 0 for big matrices; those entries are negligible
        v[j - 1] = (1 - h ** j) * factorial;
    }
    const corner = Math.max(2 * h - 1, 0) ** size - 2 * h ** size;
    v[size - 1] = (1 + corner) * factorial;
    let matrix = new Float64Array(size * size);
    for (let column = 1; column < size; column++) {
        for (let row = column - 1; row < size; row++)
            matrix[row * size + column] = w[row - column + 1];
    }
    for (let row = 0; row < size; row++)
        matrix[row * size] = v[row];
    for (let column = 0; column < size; column++)
        matrix[(size - 1) * size + column] = v[size - 1 - column];
    let power = new Float64Array(size * size);
    for (let i = 0; i < size; i++)
        power[i * size + i] = 1;
    let remaining = n;
    let exponent = 0;
    let matrixExponent = 0;
    const diagonal = (k - 1) * size + (k - 1);
    while (remaining > 0) {
        if (remaining % 2 === 1) {
            power = multiply(power, matrix, size);
            exponent += matrixExponent;
        }
        matrix = multiply(matrix, matrix, size);
        matrixExponent *= 2;
        if (Math.abs(matrix[diagonal]) > P128) {
            for (let i = 0; i < matrix.length; i++)
                matrix[i] *= M128;
            matrixExponent += E128;
        }
        remaining = Math.floor(remaining / 2);
    }
    let p = power[diagonal];
    for (let i = 1; i <= n; i++) {
        p = (i * p) / n;
        if (Math.abs(p) < M128) {
            p *= P128;
            exponent -= E128;
        }
    }
    return exponent === 0 ? p : scaleByPowerOfTwo(p, exponent);
}
/** The window of non-zero entries of row i in Pomeranz's recursion. */
function pomeranzWindow(i, n, whole, ceilF, roundF) {
    let j1;
    let j2;
    if (i === 0) {
        j1 = -whole - ceilF - 1;
        j2 = whole + ceilF - 1;
    }
    else {
        const half = Math.floor((i + 1) / 2);
        if ((i + 1) % 2 === 0) {
            if (half === n + 1) {
                j1 = n - whole - ceilF - 1;
                j2 = n + whole + ceilF - 1;
            }
            else {
                j1 = half - 1 - whole - roundF - 1;
                j2 = half + whole - 1 + ceilF - 1;
            }
        }
        else {
            j1 = half - 1 - whole - 1;
            j2 = half + whole + roundF - 1;
        }
    }
    return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
function powerSeries(ratio, count) {
    const powers = new Float64Array(count);
    powers[0] = 1;
    for (let m = 1; m < count; m++)
        powers[m] = (powers[m - 1] * ratio) / m;
    return powers;
}
/** Pr(D_n ≤ x) by Pomeranz's recursion (1974): 2n + 1 short convolutions with (g/n)^m / m! style weights. */
export function kolmogorovCdfPomeranz(n, x) {
    const t = n * x;
    const whole = Math.floor(t);
    const fraction = t - whole;
    const g = Math.min(fraction, 1 - fraction);
    const ceilF = fraction > 0 ? 1 : 0;
    const roundF = fraction > 0.5 ? 1 : 0;
    const count = 2 * (whole + 1);
    const gPowers = powerSeries(g / n, count);
    const twoGPowers = powerSeries((2 * g) / n, count);
    const oneMinusTwoGPowers = powerSeries((1 - 2 * g) / n, count);
    let previous = new Float64Array(count);
    let current = new Float64Array(count);
    current[0] = 1;
    let previousStart = 0;
    let currentStart = 0;
    let exponent = 0;
    let [j1, j2] = pomeranzWindow(0, n, whole, ceilF, roundF);
    for (let i = 1; i <= 2 * n + 1; i++) {
        const k1 = j1;
        [previous, current] = [current, previous];
        [previousStart, currentStart] = [currentStart, previousStart];
        current.fill(0);
        [j1, j2] = pomeranzWindow(i, n, whole, ceilF, roundF);
        const powers = i === 1 || i === 2 * n + 1 ? gPowers : i % 2 === 1 ? twoGPowers : oneMinusTwoGPowers;
        const length = j2 - k1 + 1;
        if (length <= 0)
            continue;
        // The slice of the previous row that feeds this one (shorter when it runs past the end, as a NumPy slice does).
        const sourceStart = k1 - previousStart;
        const sourceLength = Math.max(0, Math.min(length, count - sourceStart));
        const powersLength = Math.min(length, count);
        const convolutionStart = j1 - k1;
        const outputLength = j2 - j1 + 1;
        let largest = Number.NEGATIVE_INFINITY;
        for (let out = 0; out < outputLength; out++) {
            const c = convolutionStart + out;
            let sum = 0;
            const low = Math.max(0, c - powersLength + 1);
            const high = Math.min(sourceLength - 1, c);
            for (let s = low; s <= high; s++)
                sum += previous[sourceStart + s] * powers[c - s];
            current[out] = sum;
        }
        for (let index = 0; index < count; index++)
            largest = Math.max(largest, current[index]);
        if (largest > 0 && largest < M128) {
            for (let index = 0; index < count; index++)
                current[index] *= P128;
            exponent -= E128;
        }
        currentStart = previousStart + j1 - k1;
    }
    let answer = current[n - currentStart];
    for (let m = 1; m <= n; m++) {
        if (Math.abs(answer) > P128) {
            answer *= M128;
            exponent += E128;
        }
        answer *= m;
    }
    return exponent === 0 ? answer : scaleByPowerOfTwo(answer, exponent);
}
//# sourceMappingURL=kolmogorov-exact-methods.js.map