import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs } from './backoff.js';

const policy = fc.record({ initialBackoffMs: fc.integer({ min: 0, max: 60_000 }), maxBackoffMs: fc.integer({ min: 0, max: 300_000 }) });
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('backoff with full jitter', () => {
  it('waits between 0 and min(max, initial × 2^(n−1)) (property)', () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 1, max: 100 }), unit, (backoff, retry, random) => {
        const delay = backoffDelayMs(retry, backoff, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(backoff.maxBackoffMs, backoff.initialBackoffMs * 2 ** (retry - 1)));
        expect(Number.isInteger(delay)).toBe(true);
      }),
    );
  });

  it('doubles its ceiling per retry until the cap', () => {
    const backoff = { initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5, 50].map((retry) => backoffCeilingMs(retry, backoff))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spans the whole range: random 0 waits nothing, random just under 1 waits the ceiling', () => {
    const backoff = { initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(0);
    expect(backoffDelayMs(3, backoff, () => 0.999999)).toBe(400);
  });

  it('never grows its ceiling with fewer retries (property)', () => {
    fc.assert(fc.property(policy, fc.integer({ min: 1, max: 60 }), (backoff, retry) => backoffCeilingMs(retry, backoff) <= backoffCeilingMs(retry + 1, backoff)));
  });
});
