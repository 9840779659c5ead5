import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shiftTraffic } from './traffic-shift.js';

const route = (served_model_name: string, traffic_percentage: number) => ({ served_model_name, traffic_percentage });

describe('shiftTraffic', () => {
  it('moves the share to the others in proportion', () => {
    expect(shiftTraffic([route('a', 50), route('b', 30), route('c', 20)], ['a', 'b', 'c'], 'a')).toEqual({
      ok: true,
      routes: [route('a', 0), route('b', 60), route('c', 40)],
    });
    expect(shiftTraffic([route('a', 50), route('b', 50)], ['a', 'b'], 'b')).toEqual({ ok: true, routes: [route('a', 100), route('b', 0)] });
  });

  it('rounds to whole percentages that sum to 100 (largest remainder, ties to the first listed)', () => {
    expect(shiftTraffic([route('a', 34), route('b', 33), route('c', 33)], ['a', 'b', 'c'], 'a')).toEqual({ ok: true, routes: [route('a', 0), route('b', 50), route('c', 50)] });
    expect(shiftTraffic([route('a', 10), route('b', 45), route('c', 45)], ['a', 'b', 'c'], 'a')).toEqual({ ok: true, routes: [route('a', 0), route('b', 50), route('c', 50)] });
    expect(shiftTraffic([route('a', 1), route('b', 33), route('c', 33), route('d', 33)], ['a', 'b', 'c', 'd'], 'a')).toEqual({
      ok: true,
      routes: [route('a', 0), route('b', 34), route('c', 33), route('d', 33)],
    });
  });

  it('spreads equally when the others get nothing', () => {
    expect(shiftTraffic([route('a', 100), route('b', 0), route('c', 0)], ['a', 'b', 'c'], 'a')).toEqual({ ok: true, routes: [route('a', 0), route('b', 50), route('c', 50)] });
    expect(shiftTraffic([route('a', 100)], ['a', 'b', 'c'], 'a')).toEqual({ ok: true, routes: [route('a', 0), route('b', 50), route('c', 50)] });
  });

  it('refuses the only entity, an unknown one, and one without traffic', () => {
    expect(shiftTraffic([route('a', 100)], ['a'], 'a')).toMatchObject({ ok: false, reason: expect.stringContaining('only served entity') });
    expect(shiftTraffic([route('a', 100)], ['a', 'b'], 'x')).toMatchObject({ ok: false, reason: expect.stringContaining('not a served entity') });
    expect(shiftTraffic([route('a', 100), route('b', 0)], ['a', 'b'], 'b')).toMatchObject({ ok: false, reason: expect.stringContaining('already receives no traffic') });
  });

  it('property: integers summing to 100, the entity at 0, nobody loses traffic, order kept', () => {
    const splits = fc
      .array(fc.nat({ max: 100 }), { minLength: 2, maxLength: 8 })
      .map((weights) => {
        const total = weights.reduce((sum, value) => sum + value, 0) || 1;
        const percentages = weights.map((value) => Math.floor((value * 100) / total));
        percentages[0]! += 100 - percentages.reduce((sum, value) => sum + value, 0);
        return percentages;
      });
    fc.assert(
      fc.property(splits, fc.nat(), (percentages, pick) => {
        const names = percentages.map((_, index) => `e${index}`);
        const routes = percentages.map((value, index) => route(names[index]!, value));
        const away = names[pick % names.length]!;
        const result = shiftTraffic(routes, names, away);
        if (percentages[names.indexOf(away)] === 0) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.routes.map((item) => item.served_model_name)).toEqual(names);
        expect(result.routes.reduce((sum, item) => sum + item.traffic_percentage, 0)).toBe(100);
        for (const [index, item] of result.routes.entries()) {
          expect(Number.isInteger(item.traffic_percentage)).toBe(true);
          if (item.served_model_name === away) expect(item.traffic_percentage).toBe(0);
          else expect(item.traffic_percentage).toBeGreaterThanOrEqual(percentages[index]!);
        }
      }),
      { numRuns: 500 },
    );
  });
});
