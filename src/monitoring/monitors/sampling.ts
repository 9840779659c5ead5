/**
 * Bounded, reproducible samples. A monitor never holds more than `MAX_SAMPLE_ROWS` rows per side: windows with
 * more rows are reduced by reservoir sampling (Algorithm R) driven by a seeded PRNG, so the same rows and the same
 * seed always give the same sample, and therefore the same statistics.
 */

/** Rows per side (reference, current) a monitor run compares at most. */
export const MAX_SAMPLE_ROWS = 20_000;

/** FNV-1a 32-bit hash of a string: seeds from monitor ids, stable sampling decisions from request ids. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A value in [0, 1) fixed by the key: the same call is always in or out of a sample of a given fraction. */
export function stableUnit(key: string): number {
  // FNV-1a barely moves its high bits when only the last characters differ (request ids often do): MurmurHash3's
  // finaliser spreads every input bit over the whole word before it is read as a fraction.
  let hash = hash32(key);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4294967296;
}

/** Reservoir sampler: `add` every row as it streams past; `rows` holds a uniform sample of at most `capacity`. */
export class Reservoir<T> {
  readonly rows: T[] = [];
  seen = 0;

  constructor(private readonly capacity: number, private readonly random: () => number) {}

  add(row: T): void {
    this.seen++;
    if (this.rows.length < this.capacity) {
      this.rows.push(row);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.capacity) this.rows[slot] = row;
  }
}
