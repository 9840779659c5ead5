import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillZeroShares, histogramShares, sturgesBinEdges, valueShares } from './binning.js';
import { chiSquareTest } from './chi-square-test.js';
import { jensenShannonDistance } from './jensen-shannon.js';
import { kolmogorovSf, smirnovSf } from './kolmogorov-distribution.js';
import { ksTwoSample } from './ks-two-sample.js';
import { populationStabilityIndex } from './psi.js';
import { chiSquareSf, logGamma, normalSf, regularizedUpperGamma } from './special-functions.js';
import { normedWasserstein, wassersteinDistance } from './wasserstein.js';
import { proportionsZTest } from './z-test.js';

/**
 * Every statistic and p-value against SciPy 1.10 / NumPy 1.24 (fixtures/scipy-reference.json, written by
 * scripts/drift-fixtures.py): within 1e-6 absolutely, or relatively for values below 1e-3 (tiny p-values).
 */

type Generated = { seed: number; n: number; kind: 'sum3'; loc: number; scale: number } | { seed: number; n: number; kind: 'int'; k: number };
type Vector = number[] | Generated;
type Value = number | 'inf' | '-inf' | 'nan';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/scipy-reference.json', import.meta.url), 'utf8')) as {
  scipy: string;
  ks_2samp: Array<{ name: string; reference: Vector; current: Vector; statistic: Value; p_value: Value }>;
  kstwo_sf: Array<{ n: number; x: number; sf: Value }>;
  smirnov: Array<{ n: number; x: number; sf: Value }>;
  chisquare: Array<{ name: string; reference: string[]; current: string[]; statistic: Value; p_value: Value }>;
  z_test: Array<{ name: string; reference: string[]; current: string[]; statistic: Value; p_value: Value }>;
  wasserstein: Array<{ name: string; reference: Vector; current: Vector; distance: Value; normed: Value }>;
  binned: Array<{
    name: string;
    numerical: boolean;
    reference: Vector | string[];
    current: Vector | string[];
    reference_shares: Value[];
    current_shares: Value[];
    jensenshannon: Value;
    psi: Value;
  }>;
  histogram_bin_edges: Array<{ values: number[]; edges: Value[] }>;
  special: {
    gammaln: Array<{ x: number; value: Value }>;
    gammaincc: Array<{ a: number; x: number; value: Value }>;
    chi2_sf: Array<{ x: number; df: number; value: Value }>;
    norm_sf: Array<{ z: number; value: Value }>;
  };
};

const MODULUS = 2147483647;

/** The Park–Miller generator of the fixture script, reproduced bit for bit. */
function generate(spec: Generated): number[] {
  let x = spec.seed;
  const next = (): number => {
    x = (16807 * x) % MODULUS;
    return x / MODULUS;
  };
  const values: number[] = [];
  for (let i = 0; i < spec.n; i++) {
    if (spec.kind === 'sum3') {
      const u1 = next();
      const u2 = next();
      const u3 = next();
      values.push(spec.loc + spec.scale * (u1 + u2 + u3 - 1.5) * 2);
    } else {
      values.push(Math.floor(next() * spec.k));
    }
  }
  return values;
}

function vector(data: Vector): number[] {
  return Array.isArray(data) ? data : generate(data);
}

function value(v: Value): number {
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  if (v === 'nan') return Number.NaN;
  return v;
}

function expectClose(actual: number, expected: Value, label: string): void {
  const wanted = value(expected);
  if (!Number.isFinite(wanted)) {
    expect(actual, label).toBe(wanted);
    return;
  }
  const tolerance = wanted === 0 ? 1e-12 : Math.abs(wanted) < 1e-3 ? 1e-6 * Math.abs(wanted) : 1e-6;
  expect(Math.abs(actual - wanted), `${label}: ${actual} vs SciPy ${wanted}`).toBeLessThanOrEqual(tolerance);
}

function counts(values: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of values) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}

function union(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())].sort();
}

describe('drift statistics against SciPy reference values', () => {
  it('were generated with SciPy 1.10', () => {
    expect(fixture.scipy).toMatch(/^1\.10\./);
  });

  it.each(fixture.ks_2samp.map((c) => [c.name, c] as const))('ks_2samp: %s', (_name, c) => {
    const result = ksTwoSample(vector(c.reference), vector(c.current));
    expectClose(result.statistic, c.statistic, 'statistic');
    expectClose(result.pValue, c.p_value, 'p-value');
  });

  it('kstwo.sf over a grid of n and x (every method region)', () => {
    for (const c of fixture.kstwo_sf) expectClose(kolmogorovSf(c.n, c.x), c.sf, `kstwo.sf(${c.x}, ${c.n})`);
  });

  it('smirnov over a grid of n and x', () => {
    for (const c of fixture.smirnov) expectClose(smirnovSf(c.n, c.x), c.sf, `smirnov(${c.n}, ${c.x})`);
  });

  it.each(fixture.chisquare.map((c) => [c.name, c] as const))('chi-square: %s', (_name, c) => {
    const result = chiSquareTest(union(c.reference, c.current), counts(c.reference), counts(c.current), c.reference.length, c.current.length);
    expectClose(result.statistic, c.statistic, 'statistic');
    expectClose(result.pValue, c.p_value, 'p-value');
  });

  it.each(fixture.z_test.map((c) => [c.name, c] as const))('z-test: %s', (_name, c) => {
    const target = c.reference.includes('yes') || c.current.includes('yes') ? 'yes' : 'a';
    const hits = (values: string[]): number => values.filter((item) => item === target).length;
    const result = proportionsZTest(hits(c.reference), c.reference.length, hits(c.current), c.current.length);
    expectClose(result.statistic, c.statistic, 'statistic');
    expectClose(result.pValue, c.p_value, 'p-value');
  });

  it.each(fixture.wasserstein.map((c) => [c.name, c] as const))('wasserstein: %s', (_name, c) => {
    const reference = vector(c.reference);
    const current = vector(c.current);
    expectClose(wassersteinDistance(reference, current), c.distance, 'distance');
    expectClose(normedWasserstein(reference, current), c.normed, 'normed');
  });

  it.each(fixture.binned.map((c) => [c.name, c] as const))('binning, Jensen–Shannon and PSI: %s', (_name, c) => {
    let shares;
    if (c.numerical) {
      const reference = vector(c.reference as Vector);
      const current = vector(c.current as Vector);
      if (new Set(reference).size > 20) {
        shares = histogramShares(reference, current);
      } else {
        const keys = [...new Set([...reference, ...current])];
        const tally = (values: number[]): Map<number, number> => {
          const map = new Map<number, number>();
          for (const item of values) map.set(item, (map.get(item) ?? 0) + 1);
          return map;
        };
        shares = valueShares(keys.sort((a, b) => a - b), tally(reference), tally(current), reference.length, current.length);
      }
    } else {
      const reference = c.reference as string[];
      const current = c.current as string[];
      shares = valueShares(union(reference, current), counts(reference), counts(current), reference.length, current.length);
    }
    expect(shares.reference.length).toBe(c.reference_shares.length);
    shares.reference.forEach((share, index) => expectClose(share, c.reference_shares[index]!, `reference share ${index}`));
    shares.current.forEach((share, index) => expectClose(share, c.current_shares[index]!, `current share ${index}`));
    expectClose(jensenShannonDistance(shares.reference, shares.current), c.jensenshannon, 'jensenshannon');
    expectClose(populationStabilityIndex(shares.reference, shares.current), c.psi, 'psi');
  });

  it('histogram_bin_edges(bins="sturges")', () => {
    for (const c of fixture.histogram_bin_edges) {
      const edges = sturgesBinEdges(c.values);
      expect(edges.length).toBe(c.edges.length);
      edges.forEach((edge, index) => expectClose(edge, c.edges[index]!, `edge ${index}`));
    }
  });

  it('special functions: gammaln, gammaincc, chi2.sf, norm.sf', () => {
    for (const c of fixture.special.gammaln) expectClose(logGamma(c.x), c.value, `gammaln(${c.x})`);
    for (const c of fixture.special.gammaincc) expectClose(regularizedUpperGamma(c.a, c.x), c.value, `gammaincc(${c.a}, ${c.x})`);
    for (const c of fixture.special.chi2_sf) expectClose(chiSquareSf(c.x, c.df), c.value, `chi2.sf(${c.x}, ${c.df})`);
    for (const c of fixture.special.norm_sf) expectClose(normalSf(c.z), c.value, `norm.sf(${c.z})`);
  });

  it('fills zero shares as Evidently does', () => {
    expect([...fillZeroShares(Float64Array.of(0.5, 0, 0.5))]).toEqual([0.5, 0.0001, 0.5]);
    expect([...fillZeroShares(Float64Array.of(0.99995, 0.00005, 0))]).toEqual([0.99995, 0.00005, 0.00005 / 1e6]);
  });
});
