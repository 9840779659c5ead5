import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickRoute, stableFraction } from './traffic.js';

describe('traffic routing', () => {
  const routes = [
    { served_model_name: 'blue', traffic_percentage: 90 },
    { served_model_name: 'green', traffic_percentage: 10 },
  ];

  it('splits by percentage over the unit interval', () => {
    expect(pickRoute(routes, 0)).toBe('blue');
    expect(pickRoute(routes, 0.8999)).toBe('blue');
    expect(pickRoute(routes, 0.9)).toBe('green');
    expect(pickRoute(routes, 0.99999)).toBe('green');
  });

  it('never picks an entity with zero traffic', () => {
    const withZero = [{ served_model_name: 'off', traffic_percentage: 0 }, { served_model_name: 'on', traffic_percentage: 100 }];
    fc.assert(fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (random) => pickRoute(withZero, random) === 'on'));
  });

  it('gives each entity its share of evenly spread picks', () => {
    const counts = { blue: 0, green: 0 };
    for (let index = 0; index < 1000; index++) counts[pickRoute(routes, index / 1000) as 'blue' | 'green']++;
    expect(counts).toEqual({ blue: 900, green: 100 });
  });

  it('maps a client key to a stable fraction in [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const value = stableFraction(key);
        return value >= 0 && value < 1 && value === stableFraction(key);
      }),
    );
  });
});
