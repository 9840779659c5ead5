import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../lib/seeded-random.js';
import { Reservoir, stableUnit } from './sampling.js';

describe('sampling', () => {
  it('picks a stable fraction of keys that differ only at the end', () => {
    const picked = Array.from({ length: 10_000 }, (_, index) => `monitor-1:req-${index}`).filter((key) => stableUnit(key) < 0.3).length;
    expect(picked).toBeGreaterThan(2_800);
    expect(picked).toBeLessThan(3_200);
    expect(stableUnit('same')).toBe(stableUnit('same'));
  });

  it('keeps a bounded, reproducible reservoir', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 50 }), fc.integer(), (count, capacity, seed) => {
        const run = () => {
          const reservoir = new Reservoir<number>(capacity, seededRandom(seed));
          for (let index = 0; index < count; index++) reservoir.add(index);
          return reservoir;
        };
        const first = run();
        expect(first.rows.length).toBe(Math.min(count, capacity));
        expect(first.seen).toBe(count);
        expect(new Set(first.rows).size).toBe(first.rows.length);
        expect(run().rows).toEqual(first.rows);
      }),
    );
  });
});
