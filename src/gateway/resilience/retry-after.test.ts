import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter, parseRetryAfterMs, retryAfterMsFromHeaders } from './retry-after.js';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number): string => String(value).padStart(2, '0');

/** Whole-second instants between 1995 and 2060 (RFC 850's two-digit years resolve within 50 years of NOW). */
const instant = fc.integer({ min: Date.UTC(1995, 0, 1) / 1000, max: Date.UTC(2060, 0, 1) / 1000 }).map((seconds) => seconds * 1000);

function rfc850(time: number): string {
  const d = new Date(time);
  return `${LONG_DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

function asctime(time: number): string {
  const d = new Date(time);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

describe('Retry-After', () => {
  it('reads delta-seconds as milliseconds (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), (seconds) => parseRetryAfter(String(seconds), NOW) === seconds * 1000));
  });

  it('reads an IMF-fixdate as the time until then, and a past date as 0 (property)', () => {
    fc.assert(
      fc.property(instant, (time) => {
        expect(parseRetryAfter(new Date(time).toUTCString(), NOW)).toBe(Math.max(0, time - NOW));
      }),
    );
  });

  it('reads the obsolete RFC 850 and asctime formats too, as RFC 9110 requires (property)', () => {
    fc.assert(
      fc.property(instant, (time) => {
        expect(parseHttpDate(rfc850(time), NOW)).toBe(time);
        expect(parseHttpDate(asctime(time), NOW)).toBe(time);
      }),
    );
  });

  it('honours a fractional delta-seconds some servers send', () => {
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it.each(['', '-5', '1 day', 'soon', '0x10', '1e3', 'Wed, 31 Feb 2025 07:28:00 GMT', 'Wed, 21 Oct 2015 25:28:00 GMT', '9'.repeat(100)])(
    'treats %j as no advice',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );

  it('never throws and answers undefined or a finite non-negative delay, whatever the header (property, SEC-DOS-7)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        for (const parsed of [parseRetryAfter(value, NOW), parseRetryAfterMs(value)]) {
          if (parsed !== undefined) {
            expect(Number.isFinite(parsed)).toBe(true);
            expect(parsed).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });
});

describe('retry-after-ms', () => {
  it('reads milliseconds, fractional allowed (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 999 }), (ms, fraction) => parseRetryAfterMs(`${ms}.${fraction}`) === Number(`${ms}.${fraction}`)));
  });

  it('wins over Retry-After; header names are case-insensitive', () => {
    expect(retryAfterMsFromHeaders({ 'Retry-After': '2', 'retry-after-ms': '350' }, NOW)).toBe(350);
    expect(retryAfterMsFromHeaders({ 'Retry-After': '2' }, NOW)).toBe(2000);
    expect(retryAfterMsFromHeaders({ 'retry-after-ms': 'junk', 'retry-after': '3' }, NOW)).toBe(3000);
    expect(retryAfterMsFromHeaders({}, NOW)).toBeUndefined();
  });
});
