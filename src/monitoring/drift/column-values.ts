/**
 * Pulling one column out of two row sets: nulls, NaN and ±∞ are dropped (Evidently drops them too), the type is
 * inferred when not given, and categorical values are counted over the union of both sides.
 */
import type { ColumnType } from './types.js';

export type CategoryKey = string | number | boolean;

export interface NumericColumn {
  kind: 'numbers';
  reference: Float64Array;
  current: Float64Array;
  /** Values that were not finite numbers in a numerical column (dropped). */
  ignored: number;
}

export interface CategoricalColumn {
  kind: 'categories';
  keys: CategoryKey[];
  referenceCounts: Map<CategoryKey, number>;
  currentCounts: Map<CategoryKey, number>;
  referenceSize: number;
  currentSize: number;
  ignored: number;
}

export interface EmbeddingColumn {
  kind: 'vectors';
  reference: number[][];
  current: number[][];
  ignored: number;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value));
}

/** numerical when every present value is a number, embedding when they are arrays, categorical otherwise. */
export function inferColumnType(reference: readonly Record<string, unknown>[], current: readonly Record<string, unknown>[], column: string): ColumnType {
  let sawNumber = false;
  let sawArray = false;
  for (const rows of [reference, current]) {
    for (const row of rows) {
      const value = row[column];
      if (isMissing(value)) continue;
      if (typeof value === 'number') sawNumber = true;
      else if (Array.isArray(value)) sawArray = true;
      else return 'categorical';
    }
  }
  if (sawArray && !sawNumber) return 'embedding';
  return sawArray ? 'categorical' : 'numerical';
}

export function numericColumn(reference: readonly Record<string, unknown>[], current: readonly Record<string, unknown>[], column: string): NumericColumn {
  let ignored = 0;
  const extract = (rows: readonly Record<string, unknown>[]): Float64Array => {
    const values = new Float64Array(rows.length);
    let count = 0;
    for (const row of rows) {
      const value = row[column];
      if (typeof value === 'number' && Number.isFinite(value)) values[count++] = value;
      else if (!isMissing(value)) ignored++;
    }
    return values.subarray(0, count);
  };
  return { kind: 'numbers', reference: extract(reference), current: extract(current), ignored };
}

export function categoricalColumn(reference: readonly Record<string, unknown>[], current: readonly Record<string, unknown>[], column: string): CategoricalColumn {
  let ignored = 0;
  const keys: CategoryKey[] = [];
  const seen = new Set<CategoryKey>();
  const count = (rows: readonly Record<string, unknown>[]): [Map<CategoryKey, number>, number] => {
    const counts = new Map<CategoryKey, number>();
    let size = 0;
    for (const row of rows) {
      const value = row[column];
      if (isMissing(value)) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        ignored++;
        continue;
      }
      counts.set(value, (counts.get(value) ?? 0) + 1);
      size++;
      if (!seen.has(value)) {
        seen.add(value);
        keys.push(value);
      }
    }
    return [counts, size];
  };
  const [referenceCounts, referenceSize] = count(reference);
  const [currentCounts, currentSize] = count(current);
  return { kind: 'categories', keys, referenceCounts, currentCounts, referenceSize, currentSize, ignored };
}

/** The counts of a numerical column's values, for the tests that bin by value. */
export function countNumbers(reference: Float64Array, current: Float64Array): CategoricalColumn {
  const keys: CategoryKey[] = [];
  const seen = new Set<number>();
  const tally = (values: Float64Array): Map<CategoryKey, number> => {
    const counts = new Map<CategoryKey, number>();
    for (const value of values) {
      if (!seen.has(value)) {
        seen.add(value);
        keys.push(value);
      }
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    return counts;
  };
  const referenceCounts = tally(reference);
  const currentCounts = tally(current);
  return { kind: 'categories', keys, referenceCounts, currentCounts, referenceSize: reference.length, currentSize: current.length, ignored: 0 };
}

/** Distinct values across the given arrays, counting no further than `cap` (enough to apply a "> cap" rule). */
export function countDistinct(arrays: readonly Float64Array[], cap: number): number {
  const seen = new Set<number>();
  for (const values of arrays) {
    for (const value of values) {
      seen.add(value);
      if (seen.size > cap) return seen.size;
    }
  }
  return seen.size;
}

export function embeddingColumn(reference: readonly Record<string, unknown>[], current: readonly Record<string, unknown>[], column: string): EmbeddingColumn {
  let ignored = 0;
  const extract = (rows: readonly Record<string, unknown>[]): number[][] => {
    const vectors: number[][] = [];
    for (const row of rows) {
      const value = row[column];
      if (isMissing(value)) continue;
      if (Array.isArray(value) && value.every((item) => typeof item === 'number')) vectors.push(value as number[]);
      else ignored++;
    }
    return vectors;
  };
  return { kind: 'vectors', reference: extract(reference), current: extract(current), ignored };
}
