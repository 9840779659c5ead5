import { CairnError, isCairnError } from '../../errors/index.js';
import type { LanguageModel, Replica, StreamPart } from '../../providers/index.js';
import { LogRing } from './log-ring.js';
import type { EntityServingState, ReplicaPool, ReplicaPoolOptions } from './types.js';

const RESTART_DELAY_MS = 1_000;

/**
 * The pool of an unbounded entity (an in-process or upstream model that named no size): one replica, no queue, no
 * cap. Calls go straight to the replica's model with only an in-flight count on the way, because the demo
 * benchmark measures this path.
 */
export class PassThroughPool implements ReplicaPool {
  readonly model: LanguageModel;
  private readonly log: LogRing;
  private replica: Replica | undefined;
  private failure: CairnError | null = null;
  private inFlight = 0;
  private sequence = 0;
  private closed = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReplicaPoolOptions) {
    this.log = new LogRing(options.settings.log_lines, options.clock ?? Date.now);
    const { factory } = options;
    const done = (): void => {
      this.inFlight--;
    };
    const current = (): LanguageModel => {
      if (this.replica) return this.replica.model;
      throw this.failure ?? new CairnError('ENTITY_UNAVAILABLE', `Served entity ${options.entityName} has no running replica.`);
    };
    this.model = {
      provider: factory.provider,
      modelName: factory.modelName,
      capabilities: factory.capabilities,
      doGenerate: async (request) => {
        const model = current();
        this.inFlight++;
        try {
          return await model.doGenerate(request);
        } finally {
          done();
        }
      },
      doStream: (request) => {
        const model = current();
        return countedStream(model.doStream(request), () => this.inFlight++, done);
      },
      doEmbed: async (request) => {
        const model = current();
        this.inFlight++;
        try {
          return await model.doEmbed(request);
        } finally {
          done();
        }
      },
    };
    if (factory.capabilities.predict) {
      this.model.doPredict = async (request) => {
        const model = current();
        if (!model.doPredict) throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Model ${factory.modelName} does not take structured records.`);
        this.inFlight++;
        try {
          return await model.doPredict(request);
        } finally {
          done();
        }
      };
    }
  }

  async start(): Promise<void> {
    await this.startReplica();
  }

  status(): EntityServingState {
    const running = this.replica ? 1 : 0;
    const figures = { replicas: running, target_replicas: 1, min_replicas: 1, max_replicas: 1, queue_depth: 0, in_flight: this.inFlight };
    if (running) return { state: 'READY', message: '', ...figures };
    if (this.failure) return { state: 'FAILED', message: this.failure.message, ...figures };
    return { state: 'SCALING', message: 'Starting its replica.', ...figures };
  }

  logs(limit?: number): string[] {
    return this.log.tail(limit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.replica?.close().catch(() => undefined);
    await this.options.factory.close?.().catch(() => undefined);
    this.options.metrics.forget(this.options.endpointName, this.options.entityName, this);
  }

  private async startReplica(): Promise<void> {
    const id = `replica-${++this.sequence}`;
    try {
      const replica = await this.options.factory.start({ replicaId: id, log: (line, stream = 'stdout') => this.log.write(id, stream, line) });
      if (this.closed) {
        await replica.close();
        return;
      }
      this.replica = replica;
      this.failure = null;
      this.log.write('pool', 'system', `${id} started`);
      this.options.metrics.gauges(this.options.endpointName, this.options.entityName, { replicas: 1, queueDepth: 0, utilization: 0 }, this);
      void replica.exited.then((exit) => {
        if (exit.reason === 'closed' || this.closed) return;
        this.replica = undefined;
        this.log.write('pool', 'system', `${id} exited: ${exit.reason}: ${exit.message}`);
        this.scheduleRestart(0);
      });
    } catch (error) {
      this.failure = isCairnError(error) ? error : new CairnError('ENTITY_UNAVAILABLE', `Replica ${id} failed to start.`);
      this.log.write('pool', 'system', `${id} failed to start: ${this.failure.message}`);
      if (this.sequence === 1) throw this.failure;
      this.scheduleRestart(RESTART_DELAY_MS);
    }
  }

  private scheduleRestart(delayMs: number): void {
    if (this.closed) return;
    this.restartTimer = setTimeout(() => void this.startReplica(), delayMs);
    this.restartTimer.unref();
  }
}

/** Counts a stream as in flight from its first `next()` until it ends, throws or is abandoned. */
function countedStream(source: AsyncIterable<StreamPart>, begin: () => void, end: () => void): AsyncIterable<StreamPart> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      let state: 'idle' | 'open' | 'done' = 'idle';
      const finish = (): void => {
        if (state === 'open') end();
        state = 'done';
      };
      return {
        async next() {
          if (state === 'idle') {
            state = 'open';
            begin();
          }
          try {
            const result = await iterator.next();
            if (result.done) finish();
            return result;
          } catch (error) {
            finish();
            throw error;
          }
        },
        async return(value?: unknown) {
          finish();
          return iterator.return ? iterator.return(value) : { done: true, value: undefined };
        },
      };
    },
  };
}
