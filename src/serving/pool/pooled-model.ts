import { CairnError } from '../../errors/index.js';
import type { LanguageModel, ReplicaFactory, StreamPart } from '../../providers/index.js';

/** A slot on one replica, held for one call (a stream holds it until the stream ends or is abandoned). */
export interface Lease {
  readonly model: LanguageModel;
  release(): void;
}

/**
 * The entity's model as callers see it: every call first takes a slot from the pool (queueing when none is free),
 * then runs on that slot's replica.
 */
export function pooledModel(factory: ReplicaFactory, acquire: (signal: AbortSignal) => Promise<Lease>): LanguageModel {
  const model: LanguageModel = {
    provider: factory.provider,
    modelName: factory.modelName,
    capabilities: factory.capabilities,
    async doGenerate(request) {
      const lease = await acquire(request.signal);
      try {
        return await lease.model.doGenerate(request);
      } finally {
        lease.release();
      }
    },
    doStream: (request) => streamOnSlot(acquire, request.signal, (replica) => replica.doStream(request)),
    async doEmbed(request) {
      const lease = await acquire(request.signal);
      try {
        return await lease.model.doEmbed(request);
      } finally {
        lease.release();
      }
    },
  };
  if (factory.capabilities.predict) {
    model.doPredict = async (request) => {
      const lease = await acquire(request.signal);
      try {
        if (!lease.model.doPredict) throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Model ${factory.modelName} does not take structured records.`);
        return await lease.model.doPredict(request);
      } finally {
        lease.release();
      }
    };
  }
  return model;
}

/** The slot is taken on the first `next()` and given back when the stream ends, throws, or the consumer stops. */
async function* streamOnSlot(
  acquire: (signal: AbortSignal) => Promise<Lease>,
  signal: AbortSignal,
  open: (model: LanguageModel) => AsyncIterable<StreamPart>,
): AsyncGenerator<StreamPart> {
  const lease = await acquire(signal);
  try {
    yield* open(lease.model);
  } finally {
    lease.release();
  }
}
