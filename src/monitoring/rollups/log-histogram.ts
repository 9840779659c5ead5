/**
 * A mergeable log-bucketed histogram (DDSketch-style): bucket `i` holds values in (γ^(i-1), γ^i] with
 * γ = (1 + α) / (1 − α), so any quantile is answered within relative error α of the exact value at that rank.
 * Merging adds bucket counts, which is associative and commutative, so per-minute, per-instance histograms combine
 * into any window without re-reading raw rows. Values are milliseconds (latency, time to first token).
 */

/** Relative accuracy of every quantile: 1 %. All histograms share it so that any two can merge. */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (ms) are counted as zero: sub-microsecond latencies carry no information. */
export const MIN_INDEXABLE_MS = 1e-3;
/** Values above this (ms, ~11.6 days) are clamped, so a nonsense value cannot make the bucket store huge. */
export const MAX_INDEXABLE_MS = 1e9;
const MIN_INDEX = Math.ceil(Math.log(MIN_INDEXABLE_MS) / LOG_GAMMA);
const MAX_INDEX = Math.ceil(Math.log(MAX_INDEXABLE_MS) / LOG_GAMMA);
/** Room kept on either side when the dense store grows, so a spread of nearby values costs few reallocations. */
const GROW_SLACK = 16;

export class HistogramParseError extends Error {
  constructor(message: string) {
    super(`invalid histogram JSON: ${message}`);
    this.name = 'HistogramParseError';
  }
}

/** The serialised form: sparse (non-empty buckets only), bucket indexes delta-encoded. */
export interface HistogramJson {
  /** Relative accuracy the buckets were made with (merging needs equal values). */
  a: number;
  /** Total count, zero bucket included. */
  n: number;
  /** Count of values ≤ MIN_INDEXABLE_MS. */
  z: number;
  /** Exact smallest and largest value seen (absent when empty). */
  lo?: number;
  hi?: number;
  /** First bucket index, then the gap to each next non-empty bucket. */
  i: number[];
  /** Count of each of those buckets. */
  c: number[];
}

function bucketIndex(value: number): number {
  const index = Math.ceil(Math.log(value) / LOG_GAMMA);
  return index > MAX_INDEX ? MAX_INDEX : index;
}

/** The value reported for bucket `index`: within α of every value the bucket can hold. */
function bucketValue(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}

export class LogHistogram {
  /** Total count (zero bucket included). */
  count = 0;
  zeroCount = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Dense counts for bucket indexes offset … offset + counts.length − 1. */
  private counts: number[] = [];
  private offset = 0;

  /** Records one value (ms). NaN and infinities are ignored; negatives count as zero. */
  add(value: number, times = 1): void {
    if (!Number.isFinite(value) || !(times > 0)) return;
    const v = value < 0 ? 0 : value;
    this.count += times;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v <= MIN_INDEXABLE_MS) {
      this.zeroCount += times;
      return;
    }
    this.addToBucket(bucketIndex(v), times);
  }

  private addToBucket(index: number, times: number): void {
    const counts = this.counts;
    if (counts.length === 0) {
      this.offset = index;
      counts.push(times);
      return;
    }
    let position = index - this.offset;
    if (position < 0 || position >= counts.length) {
      this.grow(index);
      position = index - this.offset;
    }
    this.counts[position] = (this.counts[position] as number) + times;
  }

  /** Widens the dense store to cover `index`, with some slack towards the side it grew. */
  private grow(index: number): void {
    const counts = this.counts;
    const last = this.offset + counts.length - 1;
    if (index < this.offset) {
      const newOffset = Math.max(MIN_INDEX, index - GROW_SLACK);
      const prefix = new Array<number>(this.offset - newOffset).fill(0);
      this.counts = prefix.concat(counts);
      this.offset = newOffset;
    } else {
      const newLast = Math.min(MAX_INDEX, index + GROW_SLACK);
      for (let i = last + 1; i <= newLast; i++) counts.push(0);
    }
  }

  /** Adds every bucket of `other` into this one (min/max combine). Returns this. */
  merge(other: LogHistogram): this {
    if (other.count === 0) return this;
    this.count += other.count;
    this.zeroCount += other.zeroCount;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    const counts = other.counts;
    for (let position = 0; position < counts.length; position++) {
      const c = counts[position] as number;
      if (c > 0) this.addToBucket(other.offset + position, c);
    }
    return this;
  }

  clone(): LogHistogram {
    return new LogHistogram().merge(this);
  }

  /**
   * The value at rank ⌊q·(n−1)⌋ of the sorted values, within relative error α (values ≤ MIN_INDEXABLE_MS read
   * as the exact minimum; the first and last rank are exact). Null when empty. Clamped to the exact [min, max].
   */
  quantile(q: number): number | null {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return null;
    const rank = Math.floor(q * (this.count - 1));
    // The extremes are known exactly.
    if (rank === this.count - 1) return this.max;
    let value: number;
    if (rank === 0 || rank < this.zeroCount) {
      value = this.min;
    } else {
      let cumulative = this.zeroCount;
      value = this.max;
      const counts = this.counts;
      for (let position = 0; position < counts.length; position++) {
        cumulative += counts[position] as number;
        if (cumulative > rank) {
          value = bucketValue(this.offset + position);
          break;
        }
      }
    }
    return value < this.min ? this.min : value > this.max ? this.max : value;
  }

  /** Non-empty buckets as [index, count] pairs, ascending (tests, debugging). */
  buckets(): Array<[number, number]> {
    const result: Array<[number, number]> = [];
    for (let position = 0; position < this.counts.length; position++) {
      const c = this.counts[position] as number;
      if (c > 0) result.push([this.offset + position, c]);
    }
    return result;
  }

  toJSON(): HistogramJson {
    const indexes: number[] = [];
    const counts: number[] = [];
    let previous = 0;
    for (let position = 0; position < this.counts.length; position++) {
      const c = this.counts[position] as number;
      if (c === 0) continue;
      const index = this.offset + position;
      indexes.push(indexes.length === 0 ? index : index - previous);
      counts.push(c);
      previous = index;
    }
    const json: HistogramJson = { a: RELATIVE_ACCURACY, n: this.count, z: this.zeroCount, i: indexes, c: counts };
    if (this.count > 0) {
      json.lo = this.min;
      json.hi = this.max;
    }
    return json;
  }

  serialize(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Parses `serialize()` output; throws HistogramParseError with the reason for anything else. */
  static parse(text: string): LogHistogram {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HistogramParseError('not JSON');
    }
    return LogHistogram.fromJSON(value);
  }

  static fromJSON(value: unknown): LogHistogram {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HistogramParseError('not an object');
    const json = value as Record<string, unknown>;
    if (json.a !== RELATIVE_ACCURACY) throw new HistogramParseError(`relative accuracy ${String(json.a)} is not ${RELATIVE_ACCURACY}`);
    const n = json.n;
    const z = json.z;
    if (!isCount(n)) throw new HistogramParseError('"n" must be a non-negative integer');
    if (!isCount(z)) throw new HistogramParseError('"z" must be a non-negative integer');
    const indexes = json.i;
    const counts = json.c;
    if (!Array.isArray(indexes) || !Array.isArray(counts)) throw new HistogramParseError('"i" and "c" must be arrays');
    if (indexes.length !== counts.length) throw new HistogramParseError('"i" and "c" differ in length');
    if (indexes.length > MAX_INDEX - MIN_INDEX + 1) throw new HistogramParseError('too many buckets');
    const histogram = new LogHistogram();
    let index = 0;
    let total = z;
    for (let k = 0; k < indexes.length; k++) {
      const step = indexes[k];
      const c = counts[k];
      if (!Number.isSafeInteger(step) || (k > 0 && (step as number) < 1)) throw new HistogramParseError('bucket indexes must be increasing integers');
      index = k === 0 ? (step as number) : index + (step as number);
      if (index < MIN_INDEX || index > MAX_INDEX) throw new HistogramParseError(`bucket index ${index} is out of range`);
      if (!isCount(c) || c === 0) throw new HistogramParseError('bucket counts must be positive integers');
      histogram.addToBucket(index, c);
      total += c;
    }
    if (total !== n) throw new HistogramParseError(`counts add up to ${total}, not ${n}`);
    histogram.count = n;
    histogram.zeroCount = z;
    if (n > 0) {
      const lo = json.lo;
      const hi = json.hi;
      if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi) || lo < 0 || lo > hi) {
        throw new HistogramParseError('"lo" and "hi" must be finite with 0 ≤ lo ≤ hi');
      }
      histogram.min = lo;
      histogram.max = hi;
    }
    return histogram;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
