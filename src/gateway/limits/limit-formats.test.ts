import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPeriodCalculator, monthBounds } from './budget-period.js';
import { formatResetDuration } from './rate-limit-headers.js';

describe('x-ratelimit-reset-* durations (OpenAI / Go style)', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [0.2, '1ms'],
    [120, '120ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [6_000, '6s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [90_500, '1m30.5s'],
    [3_723_000, '1h2m3s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });

  it('always parses back to the duration, rounded up to the millisecond', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), (ms) => {
        const text = formatResetDuration(ms);
        const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:([\d.]+)s|(\d+)ms)$/.exec(text);
        expect(match).not.toBeNull();
        const [, hours, minutes, seconds, millis] = match!;
        const parsed = Number(hours ?? 0) * 3_600_000 + Number(minutes ?? 0) * 60_000 + Number(seconds ?? 0) * 1000 + Number(millis ?? 0);
        expect(Math.round(parsed)).toBe(Math.ceil(ms));
      }),
    );
  });
});

describe('budget periods (UTC)', () => {
  it('a day runs from UTC midnight to the next', () => {
    const periodOf = createPeriodCalculator();
    expect(periodOf('day', Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toEqual({ start: Date.UTC(2024, 1, 29), end: Date.UTC(2024, 2, 1) });
    expect(periodOf('day', Date.UTC(2024, 2, 1))).toEqual({ start: Date.UTC(2024, 2, 1), end: Date.UTC(2024, 2, 2) });
  });

  it('a month runs from the 1st to the 1st, across year ends and leap Februaries', () => {
    expect(monthBounds(Date.UTC(2024, 11, 31, 23, 0))).toEqual({ start: Date.UTC(2024, 11, 1), end: Date.UTC(2025, 0, 1) });
    expect(monthBounds(Date.UTC(2024, 1, 10))).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
  });

  it('the cached calculator always returns the period containing the moment', () => {
    const periodOf = createPeriodCalculator();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), { minLength: 1, maxLength: 20 }), fc.constantFrom('day' as const, 'month' as const), (moments, period) => {
        for (const now of moments) {
          const bounds = periodOf(period, now);
          expect(bounds.start).toBeLessThanOrEqual(now);
          expect(now).toBeLessThan(bounds.end);
          expect(new Date(bounds.start).getUTCHours()).toBe(0);
          if (period === 'month') expect(new Date(bounds.start).getUTCDate()).toBe(1);
        }
      }),
    );
  });
});
