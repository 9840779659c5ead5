/** Replica pools: a bounded queue, replicas from a ReplicaFactory, and an autoscaler, per served entity. */
export type { EntityServingState, PoolMetrics, PoolSettings, PoolSizing, ReplicaPool, ReplicaPoolOptions } from './types.js';
import { PassThroughPool } from './pass-through-pool.js';
import { BoundedReplicaPool } from './replica-pool.js';
import type { PoolMetrics, ReplicaPool, ReplicaPoolOptions } from './types.js';

export { decideScale, type AutoscaleDecision, type AutoscaleSnapshot, type AutoscaleState } from './autoscaler.js';
export { inProcessReplicaFactory, upstreamReplicaFactory } from './replica-factories.js';
export { MAX_PROVISIONED_CONCURRENCY, sizingOf, validateSizing, WORKLOAD_SIZES, type WorkloadSize } from './sizing.js';

/**
 * The pool in front of one served entity. An unbounded sizing (an in-process or upstream model that named no size)
 * gets a pass-through pool with no queue; everything else a bounded pool with its autoscaler.
 */
export function createReplicaPool(options: ReplicaPoolOptions): ReplicaPool {
  return options.sizing.unbounded ? new PassThroughPool(options) : new BoundedReplicaPool(options);
}

/** Metrics that go nowhere (tests, and serving built without monitoring). */
export const noopPoolMetrics: PoolMetrics = {
  coldStart() {},
  queueWait() {},
  rejected() {},
  gauges() {},
  forget() {},
};
