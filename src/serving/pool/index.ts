/** Replica pools: a bounded queue, replicas from a ReplicaFactory, and an autoscaler, per served entity. */
export type { EntityServingState, PoolMetrics, PoolSettings, PoolSizing, ReplicaPool, ReplicaPoolOptions } from './types.js';
import type { StoredServedEntity } from '../endpoint-config.js';
import type { LanguageModel, Replica, ReplicaFactory } from '../../providers/index.js';
import type { PoolMetrics, PoolSizing, ReplicaPool, ReplicaPoolOptions } from './types.js';

/**
 * CONTRACT STUB (pool helper replaces): a pass-through "pool" of one replica, no queue, no scaling, so the rest of
 * Cairn runs while the real pool is built.
 */
export function createReplicaPool(options: ReplicaPoolOptions): ReplicaPool {
  let replica: Replica | undefined;
  const lines: string[] = [];
  const model: LanguageModel = {
    provider: options.factory.provider,
    modelName: options.factory.modelName,
    capabilities: options.factory.capabilities,
    doGenerate: (request) => replica!.model.doGenerate(request),
    doStream: (request) => replica!.model.doStream(request),
    doEmbed: (request) => replica!.model.doEmbed(request),
    doPredict: (request) => replica!.model.doPredict!(request),
  };
  return {
    model,
    async start() {
      replica = await options.factory.start({ replicaId: 'replica-1', log: (line) => lines.push(line) });
    },
    status: () => ({ state: 'READY', message: '', replicas: 1, target_replicas: 1, min_replicas: 1, max_replicas: 1, queue_depth: 0, in_flight: 0 }),
    logs: () => [...lines],
    async close() {
      await replica?.close();
      await options.factory.close?.();
    },
  };
}

/**
 * CONTRACT STUB (pool helper implements). Replica bounds from Databricks' fields: `workload_size` Small = 4,
 * Medium = 16, Large = 64 concurrent calls (or `min_provisioned_concurrency` / `max_provisioned_concurrency`),
 * divided by the replica's concurrency; `scale_to_zero_enabled` lets the minimum be 0.
 */
export function sizingOf(_entity: StoredServedEntity, _replicaConcurrency: number): PoolSizing {
  return { minReplicas: 1, maxReplicas: 1, scaleToZero: false, unbounded: true };
}

/** CONTRACT STUB (pool helper implements): replicas that are concurrency slots around one in-process model (the demo). */
export function inProcessReplicaFactory(model: LanguageModel): ReplicaFactory {
  return stubFactory('in-process', model);
}

/** CONTRACT STUB (pool helper implements): replicas that cap the calls sent to an external provider (one shared model). */
export function upstreamReplicaFactory(model: LanguageModel): ReplicaFactory {
  return stubFactory('upstream', model);
}

function stubFactory(kind: 'in-process' | 'upstream', model: LanguageModel): ReplicaFactory {
  return {
    kind, provider: model.provider, modelName: model.modelName, capabilities: model.capabilities, replicaConcurrency: 1,
    start: async ({ replicaId }) => ({ id: replicaId, model, exited: new Promise(() => undefined), close: async () => undefined }),
    close: async () => { await model.close?.(); },
  };
}

/** Metrics that go nowhere (tests, and serving built without monitoring). */
export const noopPoolMetrics: PoolMetrics = {
  coldStart() {},
  queueWait() {},
  rejected() {},
  gauges() {},
  forget() {},
};
