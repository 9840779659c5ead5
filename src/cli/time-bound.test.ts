import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { durationUnits, parseDuration, parseTimeBound, type DurationUnit } from './time-bound.js';

const now = Date.UTC(2025, 0, 31, 12, 0, 0);
const units = Object.keys(durationUnits) as DurationUnit[];
// Dates whose year Date.UTC reads literally (years below 100 mean 19xx to it).
const instants = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });

describe('parseTimeBound (cairn logs --since / --until)', () => {
  it('reads "<n><unit>" as n units before now, for every unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(...units), (amount, unit) => {
        expect(parseTimeBound(`${amount}${unit}`, now)).toBe(now - amount * durationUnits[unit]);
      }),
    );
  });

  it('reads the examples users type', () => {
    expect(parseTimeBound('15m', now)).toBe(now - 15 * 60_000);
    expect(parseTimeBound('2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseTimeBound('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTimeBound('1.5h', now)).toBe(now - 5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
  });

  it('reads any ISO 8601 UTC time as that instant, whatever now is', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 2 ** 45 }), (instant, someNow) => {
        expect(parseTimeBound(instant.toISOString(), someNow)).toBe(instant.getTime());
      }),
    );
  });

  it('reads a time without a zone, or a bare date, as UTC so every machine means the same instant', () => {
    expect(parseTimeBound('2025-01-31T14:05', now)).toBe(Date.UTC(2025, 0, 31, 14, 5));
    expect(parseTimeBound('2025-01-31 14:05:09', now)).toBe(Date.UTC(2025, 0, 31, 14, 5, 9));
    expect(parseTimeBound('2025-01-31', now)).toBe(Date.UTC(2025, 0, 31));
    expect(parseTimeBound('2025-01-31T14:00:00+02:00', now)).toBe(Date.UTC(2025, 0, 31, 12));
  });

  it('rejects anything else with a usage error naming the flag, never a silent guess', () => {
    const accepted = /^(\d+(\.\d+)?(ms|s|m|h|d|w)|\d{4}-\d{2}-\d{2}.*)$/;
    fc.assert(
      fc.property(
        fc.string().filter((text) => !accepted.test(text.trim())),
        (text) => {
          const error = (() => {
            try {
              parseTimeBound(text, now, '--until');
              return undefined;
            } catch (caught) {
              return caught;
            }
          })();
          expect(error).toBeInstanceOf(CliError);
          expect((error as CliError).exitCode).toBe(2);
          expect((error as CliError).message).toContain('--until');
        },
      ),
    );
    for (const text of ['15', 'm15', '2 hours', '-5m', '2025-02-30', '2025-13-01', 'yesterday', '']) {
      expect(() => parseTimeBound(text, now)).toThrow(CliError);
    }
  });
});
