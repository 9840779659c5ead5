import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comparator, NoDataPolicy } from './rule-schema.js';
import { type AlertState, classify, compare, initialState, type MachineRule, type Observation, transition, type TransitionEvent } from './state-machine.js';

const rule = (overrides: Partial<MachineRule> = {}): MachineRule => ({ comparator: '>', threshold: 0.5, for_seconds: 60, no_data: 'ok', ...overrides });
const breach: Observation = { value: 0.9, samples: 100 };
const clear: Observation = { value: 0.1, samples: 100 };
const missing: Observation = { value: null, samples: 0 };

/** Runs observations at the given times, returning every state and the events of each step. */
function run(machine: MachineRule, steps: Array<[number, Observation]>): Array<{ state: AlertState; events: TransitionEvent[] }> {
  let state: AlertState | undefined;
  return steps.map(([time, observation]) => {
    const result = transition(state, observation, machine, time);
    state = result.next;
    return { state: result.next, events: result.events };
  });
}
const kinds = (events: TransitionEvent[]) => events.map((event) => event.kind);

describe('compare', () => {
  it.each<[number, Comparator, number, boolean]>([
    [2, '>', 1, true], [1, '>', 1, false], [1, '>=', 1, true], [0, '>=', 1, false], [0, '<', 1, true], [1, '<', 1, false],
    [1, '<=', 1, true], [2, '<=', 1, false], [1, '==', 1, true], [2, '==', 1, false], [2, '!=', 1, true], [1, '!=', 1, false],
  ])('%d %s %d is %s', (value, comparator, threshold, expected) => {
    expect(compare(value, comparator, threshold)).toBe(expected);
  });
});

describe('alert state machine', () => {
  it('ok → pending → firing after for_seconds → resolved → ok', () => {
    const steps = run(rule(), [[0, clear], [10_000, breach], [40_000, breach], [70_000, breach], [100_000, breach], [130_000, clear], [160_000, clear]]);
    expect(steps.map((step) => step.state.state)).toEqual(['ok', 'pending', 'pending', 'firing', 'firing', 'ok', 'ok']);
    expect(steps.map((step) => kinds(step.events))).toEqual([[], ['pending'], [], ['firing'], [], ['resolved'], []]);
    expect(steps[1]!.state.since).toBe(10_000);
    expect(steps[3]!.state.since).toBe(70_000);
    expect(steps[3]!.state.lastNotifiedAt).toBe(70_000);
    expect(steps[5]!.events[0]).toEqual({ kind: 'resolved', from: 'firing', to: 'ok', value: 0.1 });
  });

  it('fires exactly when for_seconds have passed (boundary inclusive)', () => {
    const steps = run(rule({ for_seconds: 30 }), [[0, breach], [29_999, breach], [30_000, breach]]);
    expect(steps.map((step) => step.state.state)).toEqual(['pending', 'pending', 'firing']);
  });

  it('for_seconds 0 fires at once without a pending step', () => {
    const [step] = run(rule({ for_seconds: 0 }), [[5, breach]]);
    expect(step!.state.state).toBe('firing');
    expect(kinds(step!.events)).toEqual(['firing']);
  });

  it('a clear reading while pending returns to ok silently and restarts the for-clock', () => {
    const steps = run(rule({ for_seconds: 60 }), [[0, breach], [50_000, clear], [60_000, breach], [100_000, breach], [120_000, breach]]);
    expect(steps.map((step) => step.state.state)).toEqual(['pending', 'ok', 'pending', 'pending', 'firing']);
    expect(steps[1]!.events).toEqual([]);
  });

  it('re-notifies every renotify_seconds while firing, and not without renotify_seconds', () => {
    const times: Array<[number, Observation]> = [[0, breach], [60_000, breach], [120_000, breach], [180_000, breach], [240_000, breach], [300_000, breach]];
    const withRenotify = run(rule({ for_seconds: 0, renotify_seconds: 120 }), times);
    expect(withRenotify.map((step) => kinds(step.events))).toEqual([['firing'], [], ['renotify'], [], ['renotify'], []]);
    expect(withRenotify[4]!.state.lastNotifiedAt).toBe(240_000);
    const without = run(rule({ for_seconds: 0 }), times);
    expect(without.flatMap((step) => kinds(step.events))).toEqual(['firing']);
  });

  it('comparators and thresholds decide the breach', () => {
    const below = rule({ comparator: '<', threshold: 10, for_seconds: 0 });
    expect(transition(undefined, { value: 9 }, below, 0).next.state).toBe('firing');
    expect(transition(undefined, { value: 10 }, below, 0).next.state).toBe('ok');
  });

  describe('no-data policies', () => {
    const firing = (policy: NoDataPolicy, extra: Partial<MachineRule> = {}) => transition(undefined, breach, rule({ for_seconds: 0, no_data: policy, ...extra }), 0).next;

    it('ok: no data counts as clear (a firing alert resolves)', () => {
      const result = transition(firing('ok'), missing, rule({ no_data: 'ok' }), 1000);
      expect(result.next.state).toBe('ok');
      expect(kinds(result.events)).toEqual(['resolved']);
      expect(result.events[0]!.value).toBeNull();
    });

    it('keep: the state stays as it was, firing keeps re-notifying', () => {
      const machine = rule({ for_seconds: 0, no_data: 'keep', renotify_seconds: 60 });
      const result = transition(firing('keep'), missing, machine, 30_000);
      expect(result.next.state).toBe('firing');
      expect(result.events).toEqual([]);
      expect(kinds(transition(result.next, missing, machine, 60_000).events)).toEqual(['renotify']);
      const pending = transition(undefined, breach, rule({ no_data: 'keep' }), 0).next;
      const kept = transition(pending, missing, rule({ no_data: 'keep' }), 100_000);
      expect(kept.next.state).toBe('pending');
      expect(kept.next.since).toBe(0);
    });

    it('alerting: no data counts as a breach (through pending)', () => {
      const machine = rule({ no_data: 'alerting', for_seconds: 30 });
      const steps = run(machine, [[0, missing], [30_000, missing]]);
      expect(steps.map((step) => step.state.state)).toEqual(['pending', 'firing']);
      expect(steps[1]!.events[0]).toMatchObject({ kind: 'firing', value: null });
    });

    it('no_data: enters no_data (a firing alert resolves first), and leaves it with resolved when data is back', () => {
      const machine = rule({ no_data: 'no_data', for_seconds: 0 });
      const fromFiring = transition(firing('no_data'), missing, machine, 1000);
      expect(fromFiring.next.state).toBe('no_data');
      expect(fromFiring.events.map((event) => [event.kind, event.from, event.to])).toEqual([['resolved', 'firing', 'no_data'], ['no_data', 'firing', 'no_data']]);
      const still = transition(fromFiring.next, missing, machine, 2000);
      expect(still.events).toEqual([]);
      expect(still.next.since).toBe(1000);
      const back = transition(still.next, clear, machine, 3000);
      expect(back.next.state).toBe('ok');
      expect(kinds(back.events)).toEqual(['resolved']);
      const backBreaching = transition(still.next, breach, machine, 3000);
      expect(backBreaching.events.map((event) => event.kind)).toEqual(['resolved', 'firing']);
      const fromOk = transition(undefined, missing, machine, 0);
      expect(fromOk.next.state).toBe('no_data');
      expect(kinds(fromOk.events)).toEqual(['no_data']);
    });

    it('no_data state re-notifies with renotify_seconds', () => {
      const machine = rule({ no_data: 'no_data', renotify_seconds: 10 });
      const steps = run(machine, [[0, missing], [5_000, missing], [10_000, missing]]);
      expect(steps.map((step) => kinds(step.events))).toEqual([['no_data'], [], ['renotify']]);
    });

    it('min_samples: a window with fewer samples counts as no data', () => {
      const machine = rule({ for_seconds: 0, min_samples: 20, no_data: 'ok' });
      expect(transition(undefined, { value: 0.9, samples: 19 }, machine, 0).next.state).toBe('ok');
      expect(transition(undefined, { value: 0.9, samples: 20 }, machine, 0).next.state).toBe('firing');
      expect(transition(undefined, { value: 0.9 }, machine, 0).next.state).toBe('ok');
    });

    it('non-finite values are no data', () => {
      expect(transition(undefined, { value: Number.NaN }, rule({ for_seconds: 0, no_data: 'alerting' }), 0).events[0]).toMatchObject({ kind: 'firing', value: null });
    });
  });

  it('records the last value and evaluation time', () => {
    const result = transition(initialState(0), { value: 0.3 }, rule(), 500);
    expect(result.next).toMatchObject({ state: 'ok', lastValue: 0.3, lastEvaluatedAt: 500, since: 0 });
  });
});

describe('alert state machine properties', () => {
  const observation = fc.oneof(
    fc.record({ value: fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constant(null)), samples: fc.integer({ min: 0, max: 50 }) }),
  );
  const machine = fc.record({
    comparator: fc.constantFrom<Comparator>('>', '>=', '<', '<=', '==', '!='),
    threshold: fc.constantFrom(-1, 0, 0.5, 1),
    for_seconds: fc.integer({ min: 0, max: 300 }),
    no_data: fc.constantFrom<NoDataPolicy>('ok', 'keep', 'alerting', 'no_data'),
    min_samples: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    renotify_seconds: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
  });
  const steps = fc.array(fc.tuple(fc.integer({ min: 0, max: 120_000 }), observation), { minLength: 1, maxLength: 60 });

  /** Absolute times from gaps. */
  const timeline = (gaps: Array<[number, Observation]>): Array<[number, Observation]> => {
    let time = 1_000_000;
    return gaps.map(([gap, value]) => [(time += gap), value]);
  };

  it('never fires before for_seconds of continuous breach (policies other than keep, where a gap keeps pending)', () => {
    fc.assert(
      fc.property(machine, steps, (rules, gaps) => {
        let state: AlertState | undefined;
        // Start of the current run of readings that count as a breach (a `keep` gap extends a running one).
        let runStart: number | null = null;
        for (const [time, obs] of timeline(gaps)) {
          const { next, events } = transition(state, obs, rules, time);
          const reading = classify(obs, rules);
          const extends_ = reading === 'breach' || (reading === 'missing' && (rules.no_data === 'alerting' || (rules.no_data === 'keep' && runStart !== null)));
          if (!extends_) runStart = null;
          else if (runStart === null) runStart = time;
          for (const event of events) {
            if (event.kind === 'firing') {
              expect(runStart).not.toBeNull();
              expect(time - runStart!).toBeGreaterThanOrEqual(rules.for_seconds * 1000);
            }
          }
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('resolved only after firing or no_data; renotify only while open; notification kinds alternate open/close', () => {
    fc.assert(
      fc.property(machine, steps, (rules, gaps) => {
        let state: AlertState | undefined;
        let open = false;
        for (const [time, obs] of timeline(gaps)) {
          const before = state?.state ?? 'ok';
          const { next, events } = transition(state, obs, rules, time);
          for (const event of events) {
            // Every event of a step starts from the stored state (a step may close one alert and open another).
            expect(event.from).toBe(before);
            if (event.kind === 'resolved') {
              expect(['firing', 'no_data']).toContain(event.from);
              expect(open).toBe(true);
              open = false;
            }
            if (event.kind === 'firing' || event.kind === 'no_data') {
              expect(open).toBe(false);
              open = true;
            }
            if (event.kind === 'renotify') {
              expect(open).toBe(true);
              expect(rules.renotify_seconds).toBeDefined();
            }
          }
          if (events.length > 0) expect(next.state).toBe(events.at(-1)!.to);
          // Silent steps keep the state, except a pending breach that clears.
          else expect(next.state === before || (before === 'pending' && next.state === 'ok')).toBe(true);
          expect(open).toBe(next.state === 'firing' || next.state === 'no_data');
          expect(next.lastEvaluatedAt).toBe(time);
          expect(next.since).toBeLessThanOrEqual(time);
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and never mutates its input', () => {
    fc.assert(
      fc.property(machine, observation, fc.integer({ min: 0, max: 10_000_000 }), (rules, obs, now) => {
        const previous = initialState(0);
        const copy = structuredClone(previous);
        const first = transition(previous, obs, rules, now);
        expect(previous).toEqual(copy);
        expect(transition(previous, obs, rules, now)).toEqual(first);
      }),
    );
  });
});
