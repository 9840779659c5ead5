import type { PoolSettings, PoolSizing } from './types.js';

/** What the autoscaler remembers between ticks. */
export interface AutoscaleState {
  /** Replicas the pool should run. */
  target: number;
  /** The last time the current target was needed (load on it, or a scale-up); scale-down counts idle time from it. */
  lastNeededAt: number;
}

/** The pool as one tick sees it. */
export interface AutoscaleSnapshot {
  now: number;
  /** Replicas taking calls. */
  ready: number;
  /** Replicas starting (not yet taking calls). */
  starting: number;
  /** Concurrent calls one replica takes. */
  slotsPerReplica: number;
  /** Calls in flight on average since the previous tick. */
  busySlots: number;
  queueDepth: number;
  /** p90 of the queue wait over the recent window (queued calls count with their wait so far); null without calls. */
  queueWaitP90Ms: number | null;
  /** When the last call arrived or ended. */
  lastCallAt: number;
}

export type AutoscaleSettings = Pick<PoolSettings, 'target_queue_wait_ms' | 'target_utilization' | 'scale_down_idle_ms' | 'scale_to_zero_idle_ms'>;

export interface AutoscaleDecision {
  state: AutoscaleState;
  /** Why the target changed (for the entity log); null when it did not. */
  reason: string | null;
}

function seconds(milliseconds: number): string {
  return `${Math.round(milliseconds / 100) / 10} s`;
}

/**
 * The autoscaler's decision, a pure function of a snapshot (the pool's shell calls it every
 * `autoscale_interval_ms` with a real clock; tests call it with any clock).
 * - Up when the queue-wait p90 passes `target_queue_wait_ms` or utilisation passes `target_utilization`: +50 %
 *   (at least +1), capped at max, and not again until the previous step's replicas are up.
 * - Down by one after `scale_down_idle_ms` during which one replica fewer would have kept utilisation under target.
 * - To zero after `scale_to_zero_idle_ms` without calls, when scale to zero is on.
 * - From zero to one as soon as a call waits.
 */
export function decideScale(snapshot: AutoscaleSnapshot, state: AutoscaleState, settings: AutoscaleSettings, sizing: PoolSizing): AutoscaleDecision {
  const { now } = snapshot;
  const floor = sizing.minReplicas;
  const target = Math.min(Math.max(state.target, floor), sizing.maxReplicas);
  const clamped = target !== state.target ? `the target is kept within ${floor}–${sizing.maxReplicas} replicas` : null;

  if (target === 0) {
    if (snapshot.queueDepth > 0 || snapshot.busySlots > 0) {
      return { state: { target: 1, lastNeededAt: now }, reason: 'a call arrived while scaled to zero' };
    }
    return { state: { target: 0, lastNeededAt: state.lastNeededAt }, reason: clamped };
  }

  const capacity = snapshot.ready * snapshot.slotsPerReplica;
  const demand = snapshot.busySlots + snapshot.queueDepth;
  const utilization = capacity > 0 ? snapshot.busySlots / capacity : demand > 0 ? 1 : 0;
  const waitHigh = snapshot.queueWaitP90Ms !== null && snapshot.queueWaitP90Ms > settings.target_queue_wait_ms;
  const busyHigh = utilization > settings.target_utilization;

  if (waitHigh || busyHigh) {
    const previousStepLanded = snapshot.ready + snapshot.starting >= target && snapshot.starting === 0;
    if (target < sizing.maxReplicas && previousStepLanded) {
      const next = Math.min(sizing.maxReplicas, target + Math.max(1, Math.ceil(target / 2)));
      const reason = waitHigh
        ? `queue wait p90 ${Math.round(snapshot.queueWaitP90Ms!)} ms > target ${settings.target_queue_wait_ms} ms`
        : `utilisation ${Math.round(utilization * 100)} % > target ${Math.round(settings.target_utilization * 100)} %`;
      return { state: { target: next, lastNeededAt: now }, reason };
    }
    return { state: { target, lastNeededAt: now }, reason: clamped };
  }

  const idleFor = now - snapshot.lastCallAt;
  if (sizing.scaleToZero && floor === 0 && demand === 0 && idleFor >= settings.scale_to_zero_idle_ms) {
    return { state: { target: 0, lastNeededAt: now }, reason: `no calls for ${seconds(idleFor)} (scale to zero)` };
  }

  // One replica fewer must still keep utilisation under target, or the current count is needed.
  const fewerSlots = (target - 1) * snapshot.slotsPerReplica;
  const needed = snapshot.queueDepth > 0 || snapshot.busySlots > fewerSlots * settings.target_utilization;
  if (needed) return { state: { target, lastNeededAt: now }, reason: clamped };

  const notNeededFor = now - state.lastNeededAt;
  if (target > Math.max(floor, 1) && notNeededFor >= settings.scale_down_idle_ms) {
    return { state: { target: target - 1, lastNeededAt: now }, reason: `${target - 1} replica(s) were enough for ${seconds(notNeededFor)}` };
  }
  return { state: { target, lastNeededAt: state.lastNeededAt }, reason: clamped };
}
