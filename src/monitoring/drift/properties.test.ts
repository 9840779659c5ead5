import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramShares } from './binning.js';
import { jensenShannonDistance } from './jensen-shannon.js';
import { kolmogorovSf } from './kolmogorov-distribution.js';
import { ksTwoSample } from './ks-two-sample.js';
import { populationStabilityIndex, psiBand } from './psi.js';
import { erfc, regularizedUpperGamma } from './special-functions.js';
import { normedWasserstein, wassersteinDistance } from './wasserstein.js';
import { proportionsZTest } from './z-test.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(finite, { minLength: 1, maxLength: 60 });
const integers = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 });
const shares = fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 });

describe('drift statistics: properties', () => {
  it('KS: statistic in [0, 1], p-value in [0, 1], symmetric in its samples', () => {
    fc.assert(
      fc.property(fc.oneof(sample, integers), fc.oneof(sample, integers), (a, b) => {
        const forward = ksTwoSample(a, b);
        const backward = ksTwoSample(b, a);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
        expect(forward.statistic).toBeLessThanOrEqual(1);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        expect(backward.statistic).toBeCloseTo(forward.statistic, 12);
        expect(backward.pValue).toBeCloseTo(forward.pValue, 9);
      }),
      { numRuns: 150 },
    );
  });

  it('KS: a sample against itself has statistic 0 and p-value 1', () => {
    fc.assert(
      fc.property(sample, (a) => {
        const result = ksTwoSample(a, [...a].reverse());
        expect(result.statistic).toBe(0);
        expect(result.pValue).toBe(1);
      }),
    );
  });

  it('Kolmogorov survival function is non-increasing in x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, x, y) => {
        const [low, high] = x < y ? [x, y] : [y, x];
        expect(kolmogorovSf(n, high)).toBeLessThanOrEqual(kolmogorovSf(n, low) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('Wasserstein: ≥ 0, symmetric, 0 for identical samples, shifts by |c| when a sample is shifted', () => {
    fc.assert(
      fc.property(sample, sample, fc.double({ min: -100, max: 100, noNaN: true }), (a, b, shift) => {
        expect(wassersteinDistance(a, b)).toBeGreaterThanOrEqual(0);
        expect(wassersteinDistance(a, b)).toBeCloseTo(wassersteinDistance(b, a), 6);
        expect(normedWasserstein(a, a)).toBe(0);
        const shifted = a.map((value) => value + shift);
        const tolerance = 1e-9 * (1 + Math.max(...a.map(Math.abs)) + Math.abs(shift));
        expect(Math.abs(wassersteinDistance(a, shifted) - Math.abs(shift))).toBeLessThanOrEqual(tolerance * a.length);
      }),
    );
  });

  it('Jensen–Shannon: in [0, √ln 2], symmetric, 0 for identical shares', () => {
    fc.assert(
      fc.property(shares, shares, (p, q) => {
        const length = Math.min(p.length, q.length);
        const left = p.slice(0, length);
        const right = q.slice(0, length);
        const distance = jensenShannonDistance(left, right);
        expect(distance).toBeGreaterThanOrEqual(0);
        expect(distance).toBeLessThanOrEqual(Math.sqrt(Math.LN2) + 1e-12);
        expect(jensenShannonDistance(right, left)).toBeCloseTo(distance, 12);
        expect(jensenShannonDistance(left, left)).toBeLessThan(1e-7);
      }),
    );
  });

  it('PSI: ≥ 0, symmetric, 0 for identical shares; bands at 0.1 and 0.2', () => {
    fc.assert(
      fc.property(shares, shares, (p, q) => {
        const length = Math.min(p.length, q.length);
        const psi = populationStabilityIndex(p.slice(0, length), q.slice(0, length));
        expect(psi).toBeGreaterThanOrEqual(0);
        expect(populationStabilityIndex(q.slice(0, length), p.slice(0, length))).toBeCloseTo(psi, 9);
        expect(populationStabilityIndex(p, p)).toBe(0);
      }),
    );
    expect([psiBand(0.05), psiBand(0.1), psiBand(0.19), psiBand(0.2)]).toEqual(['stable', 'moderate', 'moderate', 'significant']);
  });

  it('histogram shares of a sample against itself give JS 0 and PSI 0', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 25, maxLength: 200 }), (a) => {
        const binned = histogramShares(a, a);
        expect(jensenShannonDistance(binned.reference, binned.current)).toBeLessThan(1e-7);
        expect(populationStabilityIndex(binned.reference, binned.current)).toBe(0);
      }),
    );
  });

  it('z-test: p in [0, 1], |z| symmetric under swapping the samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n1, n2, s1, s2) => {
        const h1 = Math.round(s1 * n1);
        const h2 = Math.round(s2 * n2);
        const forward = proportionsZTest(h1, n1, h2, n2);
        const backward = proportionsZTest(h2, n2, h1, n1);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        expect(backward.statistic).toBeCloseTo(forward.statistic, 9);
        if (h1 / n1 === h2 / n2) expect(forward.pValue).toBeCloseTo(1, 12);
      }),
    );
  });

  it('special functions: erfc in [0, 2] and decreasing; Q(a, x) in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0.01, max: 500, noNaN: true }), (x, a) => {
        expect(erfc(x)).toBeGreaterThanOrEqual(0);
        expect(erfc(x)).toBeLessThanOrEqual(2);
        expect(erfc(x + 0.01)).toBeLessThanOrEqual(erfc(x) + 1e-15);
        const q = regularizedUpperGamma(a, Math.abs(x) * 10);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});
