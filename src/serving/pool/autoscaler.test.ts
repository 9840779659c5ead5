import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AutoscaleSnapshot, type AutoscaleState, decideScale } from './autoscaler.js';
import type { PoolSizing } from './types.js';

const settings = { target_queue_wait_ms: 100, target_utilization: 0.8, scale_down_idle_ms: 60_000, scale_to_zero_idle_ms: 300_000 };
const sizing: PoolSizing = { minReplicas: 1, maxReplicas: 8, scaleToZero: false, unbounded: false };
const zeroable: PoolSizing = { minReplicas: 0, maxReplicas: 4, scaleToZero: true, unbounded: false };

function snapshot(overrides: Partial<AutoscaleSnapshot>): AutoscaleSnapshot {
  return { now: 1_000_000, ready: 2, starting: 0, slotsPerReplica: 1, busySlots: 0, queueDepth: 0, queueWaitP90Ms: null, lastCallAt: 1_000_000, ...overrides };
}
const state = (target: number, lastNeededAt = 1_000_000): AutoscaleState => ({ target, lastNeededAt });

describe('decideScale', () => {
  const cases: Array<[string, AutoscaleSnapshot, AutoscaleState, PoolSizing, number]> = [
    ['queue wait over target: +50 % (at least one)', snapshot({ queueWaitP90Ms: 250 }), state(2), sizing, 3],
    ['queue wait over target from 4 replicas: +2', snapshot({ ready: 4, queueWaitP90Ms: 250 }), state(4), sizing, 6],
    ['queue wait at the target is fine', snapshot({ queueWaitP90Ms: 100, busySlots: 1.5 }), state(2), sizing, 2],
    ['utilisation over target', snapshot({ busySlots: 1.8 }), state(2), sizing, 3],
    ['never past max', snapshot({ ready: 7, queueWaitP90Ms: 1_000 }), state(7), sizing, 8],
    ['no second step while the first one starts', snapshot({ ready: 2, starting: 1, queueWaitP90Ms: 900 }), state(3), sizing, 3],
    ['idle, but not for long enough: hold', snapshot({ now: 1_059_999 }), state(2), sizing, 2],
    ['idle past scale_down_idle_ms: down by one', snapshot({ now: 1_060_000 }), state(3), sizing, 2],
    ['still needed (one fewer would pass the target utilisation): hold', snapshot({ now: 1_060_000, ready: 3, busySlots: 1.7 }), state(3), sizing, 3],
    ['never below the minimum', snapshot({ now: 9_000_000, ready: 1 }), state(1), sizing, 1],
    ['no calls past scale_to_zero_idle_ms: to zero', snapshot({ now: 1_300_000, ready: 1 }), state(1), zeroable, 0],
    ['scale to zero waits for the idle time', snapshot({ now: 1_299_999, ready: 1 }), state(1), zeroable, 1],
    ['without scale to zero the floor is one', snapshot({ now: 9_000_000, ready: 1 }), state(1), { ...zeroable, scaleToZero: false, minReplicas: 1 }, 1],
    ['a queued call at zero: one replica', snapshot({ ready: 0, queueDepth: 1 }), state(0), zeroable, 1],
    ['zero and no calls: stay at zero', snapshot({ ready: 0, now: 9_000_000 }), state(0), zeroable, 0],
    ['a target below the minimum is raised', snapshot({}), state(0), { ...sizing, minReplicas: 2 }, 2],
  ];
  it.each(cases)('%s', (_name, input, previous, bounds, expected) => {
    expect(decideScale(input, previous, settings, bounds).state.target).toBe(expected);
  });

  it('says why it changed the target, and nothing when it did not', () => {
    expect(decideScale(snapshot({ queueWaitP90Ms: 250 }), state(2), settings, sizing).reason).toBe('queue wait p90 250 ms > target 100 ms');
    expect(decideScale(snapshot({ busySlots: 1.8 }), state(2), settings, sizing).reason).toBe('utilisation 90 % > target 80 %');
    expect(decideScale(snapshot({}), state(2), settings, sizing).reason).toBeNull();
  });

  it('counts idle time from the last time the target was needed, restarting after each step down', () => {
    const first = decideScale(snapshot({ now: 1_060_000 }), state(4), settings, sizing);
    expect(first.state).toEqual({ target: 3, lastNeededAt: 1_060_000 });
    expect(decideScale(snapshot({ now: 1_060_001 }), first.state, settings, sizing).state.target).toBe(3);
  });

  const arbitrarySizing = fc
    .record({ minReplicas: fc.integer({ min: 0, max: 8 }), span: fc.integer({ min: 0, max: 8 }), scaleToZero: fc.boolean() })
    .map(({ minReplicas, span, scaleToZero }): PoolSizing => ({
      minReplicas: scaleToZero ? 0 : Math.max(minReplicas, 1),
      maxReplicas: Math.max(minReplicas, 1) + span,
      scaleToZero,
      unbounded: false,
    }));
  const arbitrarySnapshot = fc.record({
    now: fc.integer({ min: 0, max: 10_000_000 }),
    ready: fc.integer({ min: 0, max: 20 }),
    starting: fc.integer({ min: 0, max: 5 }),
    slotsPerReplica: fc.integer({ min: 1, max: 8 }),
    busySlots: fc.double({ min: 0, max: 100, noNaN: true }),
    queueDepth: fc.integer({ min: 0, max: 300 }),
    queueWaitP90Ms: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    lastCallAt: fc.integer({ min: 0, max: 10_000_000 }),
  });
  const arbitraryState = fc.record({ target: fc.integer({ min: 0, max: 20 }), lastNeededAt: fc.integer({ min: 0, max: 10_000_000 }) });

  it('keeps the target within the bounds, moves down by at most one, and only scales to zero when allowed', () => {
    fc.assert(
      fc.property(arbitrarySnapshot, arbitraryState, arbitrarySizing, (input, previous, bounds) => {
        const { target } = decideScale(input, previous, settings, bounds).state;
        expect(target).toBeGreaterThanOrEqual(bounds.minReplicas);
        expect(target).toBeLessThanOrEqual(bounds.maxReplicas);
        const from = Math.min(Math.max(previous.target, bounds.minReplicas), bounds.maxReplicas);
        if (target < from && target > 0) expect(target).toBe(from - 1);
        if (target === 0) expect(bounds.scaleToZero || bounds.maxReplicas === 0).toBe(true);
      }),
    );
  });

  it('never scales down while calls are queued', () => {
    fc.assert(
      fc.property(arbitrarySnapshot, arbitraryState, arbitrarySizing, (input, previous, bounds) => {
        const queued = { ...input, queueDepth: Math.max(1, input.queueDepth) };
        const from = Math.min(Math.max(previous.target, bounds.minReplicas), bounds.maxReplicas);
        expect(decideScale(queued, previous, settings, bounds).state.target).toBeGreaterThanOrEqual(from);
      }),
    );
  });
});
