import type { Comparator, NoDataPolicy } from './rule-schema.js';

/**
 * The alert state machine, as a pure function of (previous state, observation, rule, now). No clock, no I/O:
 * the evaluator persists what this returns, and tests drive it with exact times.
 *
 *   ok ──breach──▶ pending ──breach for for_seconds──▶ firing ──clear──▶ ok   (event `resolved`)
 *    ▲               │ clear (no event)                  │ breach, every renotify_seconds: `renotify`
 *    └───────────────┘                                   ▼
 *   no data, policy `no_data`: any state ──▶ no_data (event `no_data`; a firing alert is `resolved` first);
 *   data back and clear: no_data ──▶ ok (event `resolved`), breach: no_data ──▶ pending / firing.
 *
 * No-data policies: `ok` treats a window without data (or below min_samples) as clear, `alerting` as a breach,
 * `keep` leaves the state as it is (a firing alert still re-notifies), `no_data` enters the no_data state.
 */

export type AlertStateName = 'ok' | 'pending' | 'firing' | 'no_data';
export type AlertEventKind = 'pending' | 'firing' | 'renotify' | 'resolved' | 'no_data';

export interface AlertState {
  state: AlertStateName;
  /** When the current state began (ms). */
  since: number;
  lastValue: number | null;
  lastEvaluatedAt: number;
  /** Last notification (firing, renotify or no_data) for this alert; null when none is open. */
  lastNotifiedAt: number | null;
}

export interface Observation {
  /** The aggregated window; null when the window has no data. */
  value: number | null;
  /** Sample size behind the value, when known. */
  samples?: number;
}

export interface MachineRule {
  comparator: Comparator;
  threshold: number;
  for_seconds: number;
  no_data: NoDataPolicy;
  min_samples?: number;
  renotify_seconds?: number;
}

export interface TransitionEvent {
  kind: AlertEventKind;
  from: AlertStateName;
  to: AlertStateName;
  value: number | null;
}

export interface Transition {
  next: AlertState;
  events: TransitionEvent[];
}

/** Kinds that are sent to the rule's channels (pending is history only). */
export const notifiedKinds: ReadonlySet<AlertEventKind> = new Set(['firing', 'renotify', 'resolved', 'no_data']);

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export function initialState(now: number): AlertState {
  return { state: 'ok', since: now, lastValue: null, lastEvaluatedAt: now, lastNotifiedAt: null };
}

type Reading = 'breach' | 'clear' | 'missing';

/** What the observation means for this rule, before the no-data policy applies. */
export function classify(observation: Observation, rule: MachineRule): Reading {
  const { value } = observation;
  if (value === null || !Number.isFinite(value)) return 'missing';
  if (rule.min_samples !== undefined && (observation.samples ?? 0) < rule.min_samples) return 'missing';
  return compare(value, rule.comparator, rule.threshold) ? 'breach' : 'clear';
}

export function transition(previous: AlertState | undefined, observation: Observation, rule: MachineRule, now: number): Transition {
  const prior = previous ?? initialState(now);
  const reading = classify(observation, rule);
  const value = reading === 'missing' ? null : observation.value;
  const base: AlertState = { ...prior, lastEvaluatedAt: now, lastValue: value };
  const events: TransitionEvent[] = [];
  const emit = (kind: AlertEventKind, from: AlertStateName, to: AlertStateName) => events.push({ kind, from, to, value });
  const enter = (state: AlertStateName, extra: Partial<AlertState> = {}): AlertState => ({ ...base, state, since: now, ...extra });

  let effective: 'breach' | 'clear' | 'keep' | 'no_data';
  if (reading !== 'missing') effective = reading;
  else if (rule.no_data === 'ok') effective = 'clear';
  else if (rule.no_data === 'alerting') effective = 'breach';
  else if (rule.no_data === 'keep') effective = 'keep';
  else effective = 'no_data';

  if (effective === 'keep') {
    // The state is kept as it is; only a firing alert's re-notification clock keeps running.
    return { next: renotify(base, rule, now, emit), events };
  }

  if (effective === 'no_data') {
    if (prior.state === 'no_data') return { next: renotify(base, rule, now, emit), events };
    if (prior.state === 'firing') emit('resolved', 'firing', 'no_data');
    emit('no_data', prior.state, 'no_data');
    return { next: enter('no_data', { lastNotifiedAt: now }), events };
  }

  if (effective === 'clear') {
    if (prior.state === 'ok') return { next: base, events };
    if (prior.state === 'pending') return { next: enter('ok', { lastNotifiedAt: null }), events };
    emit('resolved', prior.state, 'ok');
    return { next: enter('ok', { lastNotifiedAt: null }), events };
  }

  // Breach.
  switch (prior.state) {
    case 'firing':
      return { next: renotify(base, rule, now, emit), events };
    case 'pending':
      if (now - prior.since >= rule.for_seconds * 1000) {
        emit('firing', 'pending', 'firing');
        return { next: enter('firing', { lastNotifiedAt: now }), events };
      }
      return { next: base, events };
    case 'no_data':
      // The no_data alert is over (data is back); the breach starts its own alert.
      emit('resolved', 'no_data', rule.for_seconds === 0 ? 'firing' : 'pending');
      break;
    case 'ok':
      break;
  }
  if (rule.for_seconds === 0) {
    emit('firing', prior.state, 'firing');
    return { next: enter('firing', { lastNotifiedAt: now }), events };
  }
  emit('pending', prior.state, 'pending');
  return { next: enter('pending', { lastNotifiedAt: null }), events };
}

/** Re-notifies an open alert (firing or no_data) once renotify_seconds have passed since its last notification. */
function renotify(state: AlertState, rule: MachineRule, now: number, emit: (kind: AlertEventKind, from: AlertStateName, to: AlertStateName) => void): AlertState {
  if ((state.state !== 'firing' && state.state !== 'no_data') || rule.renotify_seconds === undefined) return state;
  if (state.lastNotifiedAt !== null && now - state.lastNotifiedAt < rule.renotify_seconds * 1000) return state;
  emit('renotify', state.state, state.state);
  return { ...state, lastNotifiedAt: now };
}
