import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { sizingOf, validateSizing } from './sizing.js';

describe('sizingOf', () => {
  it.each([
    ['Small, concurrency 1', { workload_size: 'Small' }, 1, 'worker', { minReplicas: 1, maxReplicas: 4, scaleToZero: false, unbounded: false }],
    ['Medium, concurrency 4', { workload_size: 'Medium' }, 4, 'worker', { minReplicas: 1, maxReplicas: 4, scaleToZero: false, unbounded: false }],
    ['Large, concurrency 3 rounds up', { workload_size: 'Large' }, 3, 'worker', { minReplicas: 1, maxReplicas: 22, scaleToZero: false, unbounded: false }],
    ['Small with scale to zero', { workload_size: 'Small', scale_to_zero_enabled: true }, 1, 'worker', { minReplicas: 0, maxReplicas: 4, scaleToZero: true, unbounded: false }],
    ['provisioned 8..32, concurrency 4', { min_provisioned_concurrency: 8, max_provisioned_concurrency: 32 }, 4, 'worker', { minReplicas: 2, maxReplicas: 8, scaleToZero: false, unbounded: false }],
    ['provisioned min 0 keeps one replica', { min_provisioned_concurrency: 0, max_provisioned_concurrency: 2 }, 1, 'worker', { minReplicas: 1, maxReplicas: 2, scaleToZero: false, unbounded: false }],
    ['provisioned min only: fixed size', { min_provisioned_concurrency: 3 }, 1, 'worker', { minReplicas: 3, maxReplicas: 3, scaleToZero: false, unbounded: false }],
    ['a worker model without size: Small', {}, 1, 'worker', { minReplicas: 1, maxReplicas: 4, scaleToZero: false, unbounded: false }],
    ['the demo without size: unbounded', {}, 1, 'in-process', { minReplicas: 1, maxReplicas: 1, scaleToZero: false, unbounded: true }],
    ['an external model without size: unbounded', {}, 1, 'upstream', { minReplicas: 1, maxReplicas: 1, scaleToZero: false, unbounded: true }],
    ['an external model with a size is capped', { workload_size: 'Medium' }, 1, 'upstream', { minReplicas: 1, maxReplicas: 16, scaleToZero: false, unbounded: false }],
    ['the demo with only scale to zero: Small', { scale_to_zero_enabled: true }, 1, 'in-process', { minReplicas: 0, maxReplicas: 4, scaleToZero: true, unbounded: false }],
  ] as const)('%s', (_name, entity, concurrency, kind, expected) => {
    expect(sizingOf(entity, concurrency, kind)).toEqual(expected);
  });

  it('always gives min ≤ max and enough replicas for the maximum concurrency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1024 }),
        fc.integer({ min: 1, max: 1024 }),
        fc.integer({ min: 1, max: 256 }),
        fc.boolean(),
        (low, high, concurrency, scaleToZero) => {
          const [min, max] = low <= high ? [low, high] : [high, low];
          const sizing = sizingOf({ min_provisioned_concurrency: min, max_provisioned_concurrency: max, scale_to_zero_enabled: scaleToZero }, concurrency);
          expect(sizing.minReplicas).toBeLessThanOrEqual(sizing.maxReplicas);
          expect(sizing.maxReplicas * concurrency).toBeGreaterThanOrEqual(max);
          expect(sizing.minReplicas * concurrency).toBeGreaterThanOrEqual(scaleToZero ? 0 : min);
          expect(sizing.minReplicas === 0).toBe(scaleToZero);
        },
      ),
    );
  });
});

describe('validateSizing', () => {
  const fieldOf = (entity: Record<string, unknown>): string | undefined => {
    try {
      validateSizing(entity, 'main');
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(CairnError);
      expect((error as CairnError).code).toBe('INVALID_PARAMETER_VALUE');
      expect((error as CairnError).message).toMatch(/^Served entity main: /);
      return (error as CairnError).details.field as string;
    }
  };

  it('accepts Databricks sizes and provisioned concurrency', () => {
    for (const size of ['Small', 'Medium', 'Large']) expect(fieldOf({ workload_size: size })).toBeUndefined();
    expect(fieldOf({ min_provisioned_concurrency: 0, max_provisioned_concurrency: 8 })).toBeUndefined();
    expect(fieldOf({})).toBeUndefined();
  });

  it('names the offending field', () => {
    expect(fieldOf({ workload_size: 'small' })).toBe('workload_size');
    expect(fieldOf({ workload_size: 'XL' })).toBe('workload_size');
    expect(fieldOf({ workload_size: 'Small', max_provisioned_concurrency: 8 })).toBe('max_provisioned_concurrency');
    expect(fieldOf({ min_provisioned_concurrency: 9, max_provisioned_concurrency: 8 })).toBe('min_provisioned_concurrency');
    expect(fieldOf({ max_provisioned_concurrency: 0 })).toBe('max_provisioned_concurrency');
    expect(fieldOf({ min_provisioned_concurrency: 1.5 })).toBe('min_provisioned_concurrency');
    expect(fieldOf({ max_provisioned_concurrency: 100_000 })).toBe('max_provisioned_concurrency');
  });

  it('accepts every valid pair and rejects every inverted one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1024 }), fc.integer({ min: 1, max: 1024 }), (min, max) => {
        expect(fieldOf({ min_provisioned_concurrency: min, max_provisioned_concurrency: max })).toBe(min <= max ? undefined : 'min_provisioned_concurrency');
      }),
    );
  });
});
