import type { LanguageModel, Replica, ReplicaExit, ReplicaFactory } from '../../providers/index.js';

/**
 * Replicas that share one model object: each is a set of concurrency slots, so starting one costs nothing and it
 * never dies on its own. `in-process` serves the demo model; `upstream` caps the calls sent to an external provider.
 */
function sharedModelFactory(kind: 'in-process' | 'upstream', model: LanguageModel): ReplicaFactory {
  return {
    kind,
    provider: model.provider,
    modelName: model.modelName,
    capabilities: model.capabilities,
    replicaConcurrency: 1,
    start: ({ replicaId }) => {
      let stop: (exit: ReplicaExit) => void = () => undefined;
      const exited = new Promise<ReplicaExit>((resolve) => {
        stop = resolve;
      });
      const replica: Replica = {
        id: replicaId,
        model,
        exited,
        // The shared model outlives its replicas; the factory's close releases it.
        close: async () => stop({ reason: 'closed', message: 'closed by the pool' }),
      };
      return Promise.resolve(replica);
    },
    close: async () => {
      await model.close?.();
    },
  };
}

/** Replicas that are concurrency slots around one in-process model (the demo). */
export function inProcessReplicaFactory(model: LanguageModel): ReplicaFactory {
  return sharedModelFactory('in-process', model);
}

/** Replicas that cap the calls sent to an external provider (one shared model and connection pool). */
export function upstreamReplicaFactory(model: LanguageModel): ReplicaFactory {
  return sharedModelFactory('upstream', model);
}
