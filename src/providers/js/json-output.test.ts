import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputNotSerialisableError, toJsonOutput } from './json-output.js';

describe('toJsonOutput', () => {
  it('returns any JSON value unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // fc.jsonValue may produce -0, which JSON writes as 0; compare through JSON as a client would see it.
        expect(JSON.stringify(toJsonOutput(value, 'output'))).toBe(JSON.stringify(value));
      }),
    );
  });

  it('keeps a field named __proto__ as a field (found by the property above)', () => {
    const value: unknown = JSON.parse('{"__proto__": {"a": 1}, "b": 2}');
    expect(JSON.stringify(toJsonOutput(value, 'out'))).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('refuses what JSON would silently change or cannot write, naming where it is', () => {
    const cycle: Record<string, unknown> = {};
    cycle.next = { back: cycle };
    const cases: Array<[unknown, string]> = [
      [[1, undefined], 'out[1] is undefined'],
      [{ score: 1n }, 'out.score is a BigInt (convert it to a number or a string)'],
      [{ nested: [{ fn: () => 1 }] }, 'out.nested[0].fn is a function'],
      [cycle, 'out.next.back refers back to itself (a cycle)'],
      [[Number.NaN], 'out[0] is NaN'],
      [new Map(), 'out is a Map'],
      [{ pending: Promise.resolve(1) }, 'out.pending is a Promise (return the awaited value)'],
    ];
    for (const [value, reason] of cases) {
      expect(() => toJsonOutput(value, 'out')).toThrow(new OutputNotSerialisableError(reason));
    }
  });

  it('allows shared (non-cyclic) references, drops undefined properties and converts dates and typed arrays', () => {
    const shared = { id: 1 };
    expect(toJsonOutput({ a: shared, b: shared, gone: undefined, at: new Date(0), vector: Float64Array.of(0.5, 1) }, 'out')).toEqual({
      a: { id: 1 },
      b: { id: 1 },
      at: '1970-01-01T00:00:00.000Z',
      vector: [0.5, 1],
    });
  });
});
