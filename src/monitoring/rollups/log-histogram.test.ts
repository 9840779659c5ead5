import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistogramParseError, LogHistogram, MIN_INDEXABLE_MS, RELATIVE_ACCURACY } from './log-histogram.js';

function histogramOf(values: readonly number[]): LogHistogram {
  const histogram = new LogHistogram();
  for (const value of values) histogram.add(value);
  return histogram;
}

/** Latencies as they occur: mostly 0.01 ms – 10 min, some exact zeros. */
const latency = fc.oneof(
  { arbitrary: fc.double({ min: 0.01, max: 600_000, noNaN: true }), weight: 9 },
  { arbitrary: fc.constant(0), weight: 1 },
);
const values = fc.array(latency, { minLength: 0, maxLength: 300 });
const QUANTILES = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

describe('LogHistogram', () => {
  it('answers every quantile within the relative accuracy of the exact sorted quantile', () => {
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 500 }), fc.constantFrom(...QUANTILES), (sample, q) => {
        const sorted = [...sample].sort((a, b) => a - b);
        const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
        const estimate = histogramOf(sample).quantile(q) as number;
        if (exact <= MIN_INDEXABLE_MS) expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(MIN_INDEXABLE_MS);
        else expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it('merge is commutative and associative, and equals one histogram of all the values', () => {
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        const ab = histogramOf(a).merge(histogramOf(b));
        const ba = histogramOf(b).merge(histogramOf(a));
        expect(ab.toJSON()).toEqual(ba.toJSON());
        const left = histogramOf(a).merge(histogramOf(b)).merge(histogramOf(c));
        const right = histogramOf(a).merge(histogramOf(b).merge(histogramOf(c)));
        expect(left.toJSON()).toEqual(right.toJSON());
        expect(left.toJSON()).toEqual(histogramOf([...a, ...b, ...c]).toJSON());
      }),
      { numRuns: 300 },
    );
  });

  it('merged quantiles keep the accuracy bound', () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 8 }), fc.constantFrom(...QUANTILES), (parts, q) => {
        const all = parts.flat();
        fc.pre(all.length > 0);
        const merged = parts.reduce((histogram, part) => histogram.merge(histogramOf(part)), new LogHistogram());
        const sorted = [...all].sort((x, y) => x - y);
        const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
        const estimate = merged.quantile(q) as number;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(Math.max(MIN_INDEXABLE_MS, exact * (RELATIVE_ACCURACY + 1e-9)));
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips through its JSON form', () => {
    fc.assert(
      fc.property(values, (sample) => {
        const histogram = histogramOf(sample);
        const parsed = LogHistogram.parse(histogram.serialize());
        expect(parsed.toJSON()).toEqual(histogram.toJSON());
        for (const q of QUANTILES) expect(parsed.quantile(q)).toBe(histogram.quantile(q));
      }),
    );
  });

  it('serialises sparsely: one value is a handful of numbers, not a bucket array', () => {
    const text = histogramOf([120.5]).serialize();
    expect(text.length).toBeLessThan(80);
    expect(JSON.parse(text)).toMatchObject({ n: 1, z: 0, lo: 120.5, hi: 120.5, c: [1] });
  });

  it('is empty-safe and ignores values that are not finite', () => {
    const histogram = new LogHistogram();
    expect(histogram.quantile(0.5)).toBeNull();
    histogram.add(Number.NaN);
    histogram.add(Number.POSITIVE_INFINITY);
    expect(histogram.count).toBe(0);
    histogram.add(-5);
    expect(histogram.quantile(0.5)).toBe(0);
    expect(LogHistogram.parse(new LogHistogram().serialize()).count).toBe(0);
  });

  it('clamps absurdly large values instead of growing without bound', () => {
    const histogram = histogramOf([1, 1e300]);
    expect(histogram.buckets().length).toBe(2);
    expect(histogram.quantile(1)).toBe(1e300);
    expect(histogram.serialize().length).toBeLessThan(120);
  });

  it('rejects garbage with a clear error, never a crash or a wrong histogram', () => {
    const good = histogramOf([1, 2, 3]).toJSON();
    const cases: unknown[] = [
      'nope', null, [], 42,
      { ...good, a: 0.02 },
      { ...good, n: -1 },
      { ...good, n: 4 },
      { ...good, z: 1.5 },
      { ...good, i: 'x' },
      { ...good, c: [1, 1] },
      { ...good, c: [1, 0, 2] },
      { ...good, i: [good.i[0], 0, 1] },
      { ...good, i: [1e9, 1, 1] },
      { ...good, lo: 5, hi: 1 },
      { ...good, lo: undefined },
    ];
    for (const bad of cases) {
      expect(() => LogHistogram.parse(typeof bad === 'string' ? bad : JSON.stringify(bad))).toThrow(HistogramParseError);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          LogHistogram.parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(HistogramParseError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          const parsed = LogHistogram.fromJSON(value);
          expect(parsed.count).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(error).toBeInstanceOf(HistogramParseError);
        }
      }),
    );
  });
});
