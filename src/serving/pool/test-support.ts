import pino from 'pino';
import { CairnError } from '../../errors/index.js';
import type { GenerateRequest, LanguageModel, Replica, ReplicaExit, ReplicaFactory, ReplicaStartOptions, StreamPart } from '../../providers/index.js';
import { abortErrorFrom } from '../../providers/index.js';
import type { PoolMetrics, PoolSettings, PoolSizing, ReplicaPoolOptions } from './types.js';

/** A promise with its resolve / reject in hand. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** One call a fake replica holds until the test finishes it. */
export interface HeldCall {
  replicaId: string;
  finish(): void;
}

/** A replica whose calls wait for the test, and which the test can crash. */
export class FakeReplica implements Replica {
  readonly model: LanguageModel;
  readonly exited: Promise<ReplicaExit>;
  readonly held: HeldCall[] = [];
  closed = false;
  private readonly ended = deferred<ReplicaExit>();
  private readonly failures = new Set<(error: unknown) => void>();

  constructor(readonly id: string, factory: FakeReplicaFactory) {
    this.exited = this.ended.promise;
    const hold = (signal: AbortSignal): Promise<void> => {
      const gate = deferred();
      const call: HeldCall = { replicaId: id, finish: () => gate.resolve() };
      this.held.push(call);
      factory.held.push(call);
      const fail = (error: unknown): void => gate.reject(error);
      this.failures.add(fail);
      const onAbort = (): void => gate.reject(abortErrorFrom(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      return gate.promise.finally(() => {
        this.failures.delete(fail);
        signal.removeEventListener('abort', onAbort);
        factory.held.splice(factory.held.indexOf(call), 1);
        this.held.splice(this.held.indexOf(call), 1);
      });
    };
    this.model = {
      provider: 'fake',
      modelName: 'fake',
      capabilities: factory.capabilities,
      async doGenerate(request: GenerateRequest) {
        await hold(request.signal);
        return { choices: [{ index: 0, text: `answered by ${id}`, finishReason: 'stop' }] };
      },
      async *doStream(request: GenerateRequest): AsyncGenerator<StreamPart> {
        yield { type: 'text-delta', index: 0, text: `streamed by ${id}` };
        await hold(request.signal);
        yield { type: 'finish', index: 0, finishReason: 'stop' };
      },
      async doEmbed(request) {
        await hold(request.signal);
        return { embeddings: request.input.map(() => [1]) };
      },
    };
  }

  /** Dies as a worker would: the calls it holds fail, and `exited` settles. */
  crash(reason: ReplicaExit['reason'] = 'crashed', message = 'the model crashed'): void {
    for (const fail of [...this.failures]) fail(new CairnError('MODEL_ERROR', `Replica ${this.id} died: ${message}`));
    this.ended.resolve({ reason, message });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ended.resolve({ reason: 'closed', message: 'closed' });
  }
}

/** A ReplicaFactory whose starts the test can fail or hold, and whose replicas' calls wait for the test. */
export class FakeReplicaFactory implements ReplicaFactory {
  readonly kind = 'worker' as const;
  readonly provider = 'fake';
  readonly modelName = 'fake';
  readonly capabilities = { chat: true, completions: true, embeddings: true, streaming: true };
  readonly replicas: FakeReplica[] = [];
  readonly held: HeldCall[] = [];
  startAttempts = 0;
  closed = false;
  /** Starts fail with this error while `failStarts` > 0 (each failure counts one down; Infinity = until changed). */
  failStarts = 0;
  startError: CairnError = new CairnError('MODEL_ERROR', 'load(context) threw: boom');
  /** When set, starts wait for it before resolving. */
  startGate: Deferred<void> | undefined;

  constructor(readonly replicaConcurrency = 1) {}

  async start(options: ReplicaStartOptions): Promise<Replica> {
    this.startAttempts++;
    options.log(`loading for ${options.replicaId}`, 'stdout');
    if (this.startGate) await this.startGate.promise;
    if (this.failStarts > 0) {
      this.failStarts--;
      throw this.startError;
    }
    const replica = new FakeReplica(options.replicaId, this);
    this.replicas.push(replica);
    return replica;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Running replicas (started, not exited). */
  running(): FakeReplica[] {
    return this.replicas.filter((replica) => !replica.closed);
  }
}

/** Every metric call, for assertions. */
export function recordingMetrics(): PoolMetrics & { events: Array<[string, ...unknown[]]> } {
  const events: Array<[string, ...unknown[]]> = [];
  return {
    events,
    coldStart: (...args) => void events.push(['coldStart', ...args]),
    queueWait: (...args) => void events.push(['queueWait', ...args]),
    rejected: (...args) => void events.push(['rejected', ...args]),
    gauges: (...args) => void events.push(['gauges', ...args]),
    forget: (...args) => void events.push(['forget', ...args]),
  };
}

export const testPoolSettings: PoolSettings = {
  max_queue: 8,
  queue_timeout_ms: 60_000,
  target_queue_wait_ms: 100,
  target_utilization: 0.8,
  // Ticks are driven by the tests (pool.tick()); the timer never fires during one.
  autoscale_interval_ms: 2_000_000_000,
  scale_down_idle_ms: 60_000,
  scale_to_zero_idle_ms: 300_000,
  log_lines: 100,
};

export function poolOptions(factory: ReplicaFactory, sizing: Partial<PoolSizing>, overrides: Partial<Omit<ReplicaPoolOptions, 'settings'>> & { settings?: Partial<PoolSettings> } = {}): ReplicaPoolOptions {
  const { settings, ...rest } = overrides;
  return {
    endpointName: 'ep',
    entityName: 'entity',
    factory,
    sizing: { minReplicas: 1, maxReplicas: 1, scaleToZero: false, unbounded: false, ...sizing },
    settings: { ...testPoolSettings, ...settings },
    metrics: recordingMetrics(),
    logger: pino({ level: 'silent' }),
    startRetry: { baseMs: 1, maxMs: 4, failuresBeforeFailed: 3 },
    ...rest,
  };
}

export function generateRequest(signal: AbortSignal = new AbortController().signal): GenerateRequest {
  return { input: { kind: 'chat', messages: [{ role: 'user', content: 'hi' }] }, params: { extra: {} }, signal, requestId: 'test' };
}
