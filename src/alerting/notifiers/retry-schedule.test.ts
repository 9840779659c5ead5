import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, nextAttempt, parseRetryAfter } from './retry-schedule.js';

describe('retry schedule', () => {
  it('waits retry[attempts - 1] (no jitter at the middle draw), then dead-letters', () => {
    const retryMs = [1_000, 5_000];
    expect(nextAttempt({ attempts: 1, retryMs, now: 100, random: 0.5 })).toEqual({ status: 'pending', nextAttemptAt: 1_100 });
    expect(nextAttempt({ attempts: 2, retryMs, now: 100, random: 0.5 })).toEqual({ status: 'pending', nextAttemptAt: 5_100 });
    expect(nextAttempt({ attempts: 3, retryMs, now: 100, random: 0.5 })).toEqual({ status: 'dead' });
    expect(nextAttempt({ attempts: 1, retryMs: [], now: 100, random: 0.5 })).toEqual({ status: 'dead' });
  });

  it('jitters within ±20 % and honours a longer Retry-After', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.option(fc.integer({ min: 0, max: MAX_RETRY_AFTER_MS })), (base, random, retryAfterMs) => {
        const next = nextAttempt({ attempts: 1, retryMs: [base], now: 0, random, retryAfterMs: retryAfterMs ?? undefined });
        if (next.status !== 'pending') throw new Error('expected a retry');
        expect(next.nextAttemptAt).toBeGreaterThanOrEqual(Math.max(Math.floor(base * 0.8), retryAfterMs ?? 0));
        expect(next.nextAttemptAt).toBeLessThanOrEqual(Math.max(Math.ceil(base * 1.2), retryAfterMs ?? 0));
      }),
    );
    expect(nextAttempt({ attempts: 1, retryMs: [1_000], now: 0, random: 0, retryAfterMs: 30_000 })).toEqual({ status: 'pending', nextAttemptAt: 30_000 });
    expect(nextAttempt({ attempts: 1, retryMs: [1_000], now: 0, random: 0, retryAfterMs: 10 })).toEqual({ status: 'pending', nextAttemptAt: 800 });
  });

  it('reads Retry-After as seconds or an HTTP date, bounded', () => {
    const now = Date.UTC(2025, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    fc.assert(fc.property(fc.string(), (text) => {
      const parsed = parseRetryAfter(text, now);
      expect(parsed === undefined || (parsed >= 0 && parsed <= MAX_RETRY_AFTER_MS)).toBe(true);
    }));
  });
});
