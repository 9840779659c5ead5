import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { compareDatasets, compareEmbeddings, defaultStatTest } from './index.js';

function normals(n: number, mean: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

function rows(columns: Record<string, unknown[]>): Record<string, unknown>[] {
  const length = Math.max(...Object.values(columns).map((values) => values.length));
  return Array.from({ length }, (_, index) => Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, values[index]])));
}

describe('defaultStatTest (Evidently’s rule)', () => {
  it('picks by type, distinct values and reference size', () => {
    expect(defaultStatTest('numerical', 1000, 6)).toBe('ks');
    expect(defaultStatTest('numerical', 1000, 5)).toBe('chisquare');
    expect(defaultStatTest('numerical', 1000, 2)).toBe('z');
    expect(defaultStatTest('categorical', 200, 3)).toBe('chisquare');
    expect(defaultStatTest('categorical', 200, 2)).toBe('z');
    expect(defaultStatTest('numerical', 1001, 6)).toBe('wasserstein');
    expect(defaultStatTest('numerical', 1001, 5)).toBe('jensenshannon');
    expect(defaultStatTest('categorical', 5000, 40)).toBe('jensenshannon');
  });
});

describe('compareDatasets', () => {
  it('finds no drift between samples of the same distribution, and drift after a shift', () => {
    const reference = rows({ length: normals(500, 0, 1), lang: normals(500, 0, 2).map((v) => (v > 0.5 ? 'de' : v > -0.5 ? 'en' : 'fr')) });
    const same = rows({ length: normals(400, 0, 3), lang: normals(400, 0, 4).map((v) => (v > 0.5 ? 'de' : v > -0.5 ? 'en' : 'fr')) });
    const shifted = rows({ length: normals(400, 0.8, 5), lang: normals(400, 0, 6).map((v) => (v > -1 ? 'de' : 'en')) });
    const calm = compareDatasets(reference, same);
    expect(calm.columns.map((c) => [c.column, c.type, c.test, c.drifted])).toEqual([
      ['length', 'numerical', 'ks', false],
      ['lang', 'categorical', 'chisquare', false],
    ]);
    expect(calm.dataset_drifted).toBe(false);
    const drift = compareDatasets(reference, shifted);
    expect(drift.drifted_columns).toEqual(['length', 'lang']);
    expect(drift.share_drifted).toBe(1);
    expect(drift.dataset_drifted).toBe(true);
    expect(drift.columns[0]!.p_value).toBeLessThan(1e-6);
  });

  it('uses Wasserstein and Jensen–Shannon for references over 1000 rows, and honours per-column overrides', () => {
    const reference = rows({ x: normals(1500, 0, 7), flag: normals(1500, 0, 8).map((v) => v > 0) });
    const current = rows({ x: normals(1200, 0.5, 9), flag: normals(1200, 0, 10).map((v) => v > 0) });
    const report = compareDatasets(reference, current);
    expect(report.columns.map((c) => [c.test, c.threshold, c.drifted])).toEqual([
      ['wasserstein', 0.1, true],
      ['jensenshannon', 0.1, false],
    ]);
    const custom = compareDatasets(reference, current, { stattest: { x: 'psi', flag: 'z' }, thresholds: { x: 5 }, driftShare: 0.1 });
    expect(custom.columns.map((c) => [c.test, c.threshold, c.drifted])).toEqual([
      ['psi', 5, false],
      ['z', 0.05, false],
    ]);
    expect(custom.dataset_drifted).toBe(false);
  });

  it('drops nulls and NaN per column, and notes a column with no values on one side instead of failing', () => {
    const reference = rows({ a: [1, 2, null, Number.NaN, 3, 4, 5, 6, 7], b: ['x', 'y', null, 'x', 'x', 'y', 'x', 'y', 'x'] });
    const current = rows({ a: [1, 2, 3, 4, 5, 6, 7, undefined, 8], b: [null, null, null] });
    const report = compareDatasets(reference, current);
    const [a, b] = report.columns;
    expect(a).toMatchObject({ column: 'a', reference_size: 7, current_size: 8, test: 'ks' });
    expect(b).toMatchObject({ column: 'b', current_size: 0, drifted: false, p_value: null });
    expect(b!.note).toMatch(/no values in the current data/);
    expect(Number.isNaN(b!.statistic)).toBe(true);
    expect(report.share_drifted).toBe(0);
  });

  it('reports +∞ and p = 0 for a category the reference never saw (chi-square)', () => {
    const report = compareDatasets(rows({ c: ['a', 'b', 'c', 'a', 'b', 'c'] }), rows({ c: ['a', 'b', 'c', 'new'] }));
    expect(report.columns[0]).toMatchObject({ test: 'chisquare', statistic: Number.POSITIVE_INFINITY, p_value: 0, drifted: true });
  });

  it('rejects unknown columns, unknown tests, tests that do not fit the column, and bad thresholds', () => {
    const data = rows({ n: [1, 2, 3], s: ['a', 'b', 'c'] });
    expect(() => compareDatasets(data, data, { columns: ['n', 'missing'] })).toThrow(/Unknown column "missing"/);
    expect(() => compareDatasets(data, data, { stattest: 'nope' as never })).toThrow(CairnError);
    expect(() => compareDatasets(data, data, { stattest: { s: 'ks' } })).toThrow(/needs a numerical column/);
    expect(() => compareDatasets(data, data, { threshold: -1 })).toThrow(/thresholds/);
    expect(() => compareDatasets(data, data, { driftShare: 2 })).toThrow(/driftShare/);
  });

  it('leaves text columns to the caller', () => {
    const report = compareDatasets(rows({ t: ['hello'] }), rows({ t: ['bye'] }), { columnTypes: { t: 'text' } });
    expect(report.columns[0]!.note).toMatch(/descriptor/);
    expect(report.dataset_drifted).toBe(false);
  });
});

describe('compareEmbeddings', () => {
  const vectors = (n: number, offset: number, seed: number): number[][] => {
    const random = seededRandom(seed);
    return Array.from({ length: n }, () => Array.from({ length: 8 }, (_, d) => random() + (d === 0 ? offset : 0)));
  };

  it('domain classifier: AUC near 0.5 for the same distribution, high after a shift; seeded and reproducible', () => {
    const same = compareEmbeddings('e', vectors(300, 0, 1), vectors(300, 0, 2));
    expect(same.statistic).toBeGreaterThan(0.35);
    expect(same.drifted).toBe(same.statistic > 0.55);
    const shifted = compareEmbeddings('e', vectors(300, 0, 1), vectors(300, 0.6, 3));
    expect(shifted.statistic).toBeGreaterThan(0.8);
    expect(shifted.drifted).toBe(true);
    expect(compareEmbeddings('e', vectors(300, 0, 1), vectors(300, 0.6, 3), { seed: 7 })).toEqual(compareEmbeddings('e', vectors(300, 0, 1), vectors(300, 0.6, 3), { seed: 7 }));
  });

  it('MMD: permutation p-value, drift only after a shift; large sets are subsampled', () => {
    const same = compareEmbeddings('e', vectors(150, 0, 4), vectors(150, 0, 5), { test: 'mmd' });
    expect(same.p_value).toBeGreaterThan(0.05);
    expect(same.drifted).toBe(false);
    const shifted = compareEmbeddings('e', vectors(800, 0, 4), vectors(700, 0.5, 6), { test: 'mmd' });
    expect(shifted.p_value).toBeLessThan(0.05);
    expect(shifted.drifted).toBe(true);
    expect(shifted.note).toMatch(/subsampled to 500/);
  });

  it('rejects vectors of different dimensions', () => {
    expect(() => compareEmbeddings('e', [[1, 2], [3, 4]], [[1], [2]])).toThrow(/dimensions|finite numbers/);
  });
});
