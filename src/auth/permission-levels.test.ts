import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { higherLevel, levelSatisfies, permissionLevels } from './permission-levels.js';
import type { ObjectType } from './types.js';

const objectType = fc.constantFrom<ObjectType>('serving-endpoints', 'registered-models');

describe('permission levels', () => {
  it('a level satisfies exactly itself and the levels below it', () => {
    fc.assert(
      fc.property(objectType, fc.nat(2), fc.nat(2), (type, held, required) => {
        const levels = permissionLevels[type];
        expect(levelSatisfies(type, levels[held] ?? null, levels[required] as (typeof levels)[number])).toBe(held >= required);
      }),
    );
  });

  it('holding nothing satisfies nothing, and a level of the other object type grants nothing', () => {
    expect(levelSatisfies('serving-endpoints', null, 'CAN_VIEW')).toBe(false);
    expect(levelSatisfies('serving-endpoints', 'CAN_EDIT', 'CAN_VIEW')).toBe(false);
    expect(() => levelSatisfies('serving-endpoints', 'CAN_MANAGE', 'CAN_READ')).toThrow();
  });

  it('higherLevel is commutative and picks the higher rank', () => {
    fc.assert(
      fc.property(objectType, fc.nat(2), fc.nat(2), (type, a, b) => {
        const levels = permissionLevels[type];
        const [left, right] = [levels[a], levels[b]];
        expect(higherLevel(type, left, right)).toBe(higherLevel(type, right, left));
        expect(higherLevel(type, left, right)).toBe(levels[Math.max(a, b)]);
        expect(higherLevel(type, left, null)).toBe(left);
      }),
    );
  });
});
