import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../abort-error.js';
import type { ReplicaExit, ReplicaStartOptions } from '../replica.js';
import { createLogLineSplitter } from './log-line-splitter.js';
import { workerMessageSchema, type CallOperation, type ChatPayload, type EmbedPayload, type ParentMessage, type PredictPayload, type WorkerInit } from './protocol.js';
import { workerBootstrap, workerModule } from '../../lib/worker-module.js';

/**
 * One JS model replica: a worker thread with a heap limit, an empty environment and its console captured, and the
 * calls it holds. A call past its timeout terminates the thread (the only way to stop a synchronous loop); running
 * out of memory or crashing ends it too; each fails only the calls this replica held, with an error that says why.
 */

export interface WorkerReplicaOptions {
  replicaId: string;
  packageDir: string;
  entry: string;
  capabilities: ReadonlyArray<string>;
  manifest: Record<string, unknown>;
  modelName: string;
  memoryMb: number;
  callTimeoutMs: number;
  log: ReplicaStartOptions['log'];
}

export interface CallOptions {
  signal: AbortSignal;
  /** chatStream: each text delta as the worker sends it. */
  onDelta?: (text: string) => void;
}

export interface WorkerReplica {
  /** Resolves once `load(context)` has returned; rejects with ENTITY_UNAVAILABLE saying why it did not. */
  readonly ready: Promise<void>;
  readonly exited: Promise<ReplicaExit>;
  call(op: 'predict', payload: PredictPayload, options: CallOptions): Promise<unknown>;
  call(op: 'chat' | 'chatStream', payload: ChatPayload, options: CallOptions): Promise<unknown>;
  call(op: 'embed', payload: EmbedPayload, options: CallOptions): Promise<unknown>;
  /** Stops taking calls, waits for the in-flight ones (bounded by the call timeout), then ends the thread. */
  close(): Promise<void>;
  /** Ends the thread now (a start that failed or ran out of time). */
  kill(exit: ReplicaExit): Promise<void>;
}

interface PendingCall {
  timer: NodeJS.Timeout;
  detach: () => void;
  /** Null once the caller has gone (aborted): the entry stays until the worker answers, so a hung call still trips the timeout. */
  caller: { resolve: (value: unknown) => void; reject: (error: CairnError) => void; onDelta?: (text: string) => void } | null;
}

const maxLogLineChars = 2000;
const maxMessageChars = 1000;

export function spawnWorkerReplica(options: WorkerReplicaOptions): WorkerReplica {
  const { replicaId, modelName, callTimeoutMs, memoryMb } = options;
  const log = (line: string, stream: 'stdout' | 'stderr' | 'system') => {
    try {
      options.log(line, stream);
    } catch {
      // A log sink that throws must not take calls down with it.
    }
  };
  const entryPath = join(options.packageDir, options.entry);
  const init: WorkerInit = {
    ...workerModule(import.meta.url, 'js-worker'),
    entryUrl: pathToFileURL(entryPath).href,
    entry: options.entry,
    packageDir: options.packageDir,
    artifactsDir: join(options.packageDir, 'artifacts'),
    manifest: options.manifest,
    capabilities: [...options.capabilities],
    maxMessageChars,
  };
  const worker = new Worker(workerBootstrap, {
    eval: true,
    workerData: init,
    // An empty environment: the model sees none of Cairn's variables (database URL, keys). `{}` is a private copy, not SHARE_ENV.
    env: {},
    // Not the parent's flags (--inspect, loaders, heap size): the thread's limits are set here.
    execArgv: [],
    argv: [],
    stdout: true,
    stderr: true,
    resourceLimits: {
      maxOldGenerationSizeMb: memoryMb,
      maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(memoryMb / 8))),
      stackSizeMb: 4,
    },
  });

  const pending = new Map<number, PendingCall>();
  let nextId = 1;
  let phase: 'starting' | 'running' | 'closing' | 'exited' = 'starting';
  let exitCause: ReplicaExit | undefined;
  let terminating = false;
  let drainWaiter: (() => void) | undefined;

  let resolveReady!: () => void;
  let rejectReady!: (error: CairnError) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  let resolveExited!: (exit: ReplicaExit) => void;
  const exited = new Promise<ReplicaExit>((resolve) => {
    resolveExited = resolve;
  });

  const updateRef = () => {
    // Idle replicas must not keep the process alive; a starting one or one holding calls must.
    if (phase === 'starting' || pending.size > 0) worker.ref();
    else worker.unref();
  };

  for (const [stream, source] of [['stdout', worker.stdout], ['stderr', worker.stderr]] as const) {
    const splitter = createLogLineSplitter(maxLogLineChars, (line) => log(line, stream));
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => splitter.push(chunk));
    source.on('end', () => splitter.flush());
  }

  const settle = (id: number, outcome: { value: unknown } | { error: CairnError }) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.detach();
    if (entry.caller) {
      if ('error' in outcome) entry.caller.reject(outcome.error);
      else entry.caller.resolve(outcome.value);
    }
    if (pending.size === 0) drainWaiter?.();
    updateRef();
  };

  /**
   * The replica is done for (a call timed out, the heap ran out, the model crashed) while the thread may take a while
   * to stop: say so at once, before the failed call's caller hears of it, so the pool takes this replica out of
   * service and never hands it another call. Calls it still holds fail when the thread exits.
   */
  const declareDead = (cause: ReplicaExit) => {
    exitCause ??= cause;
    if (phase === 'running') resolveExited(exitCause);
  };

  const onCallTimeout = (id: number) => {
    // The first call past its deadline is the one timed out; calls held behind it fail at exit as restarted.
    if (terminating) return;
    terminating = true;
    declareDead({ reason: 'timeout', message: `a call ran past the ${callTimeoutMs} ms call timeout` });
    settle(id, { error: new CairnError('MODEL_TIMEOUT', `${modelName} did not answer within ${callTimeoutMs} ms; its replica was restarted.`) });
    log(`${replicaId}: a call ran past ${callTimeoutMs} ms; terminating the replica`, 'system');
    void worker.terminate();
  };

  worker.on('message', (raw: unknown) => {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log(`${replicaId}: ignored a malformed message from the worker`, 'system');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        if (phase === 'starting') phase = 'running';
        log(`${replicaId}: module loaded in ${Math.round(message.loadMs)} ms`, 'system');
        resolveReady();
        updateRef();
        return;
      case 'load-failed':
        exitCause ??= { reason: 'failed_to_start', message: message.message };
        rejectReady(new CairnError('ENTITY_UNAVAILABLE', `${modelName}: ${message.message}`));
        void worker.terminate();
        return;
      case 'delta':
        pending.get(message.id)?.caller?.onDelta?.(message.text);
        return;
      case 'result':
        settle(message.id, { value: message.value });
        return;
      case 'error': {
        const text = message.message.length > maxMessageChars ? `${message.message.slice(0, maxMessageChars)}…` : message.message;
        settle(message.id, { error: new CairnError('MODEL_ERROR', text) });
        return;
      }
    }
  });

  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      declareDead({ reason: 'out_of_memory', message: `ran out of memory (limit ${memoryMb} MB)` });
    } else {
      // Only the message: a stack from the model's code is not for clients, and the log line is enough to debug.
      declareDead({ reason: 'crashed', message: `uncaught ${error.name ?? 'error'}: ${String(error.message).slice(0, maxMessageChars)}` });
    }
  });

  worker.on('exit', (code) => {
    const wasStarting = phase === 'starting';
    const closing = phase === 'closing';
    phase = 'exited';
    const cause = exitCause ?? { reason: 'crashed', message: `the worker exited with code ${code}` };
    const exit: ReplicaExit = closing ? { reason: 'closed', message: 'closed' } : wasStarting && cause.reason !== 'out_of_memory' ? { ...cause, reason: 'failed_to_start' } : cause;
    // A no-op once ready resolved; otherwise the start learns why the thread ended.
    const during = closing ? 'it was closed' : cause.reason === 'out_of_memory' ? `${cause.message} while loading` : cause.message;
    rejectReady(new CairnError('ENTITY_UNAVAILABLE', `${modelName}: the replica stopped during start: ${during}`));
    const failure = (): CairnError => {
      switch (cause.reason) {
        case 'out_of_memory':
          return new CairnError('MODEL_OUT_OF_MEMORY', `${modelName} ran out of memory (limit ${memoryMb} MB); its replica was restarted.`);
        case 'timeout':
          return new CairnError('MODEL_ERROR', `${modelName}: replica restarted because another call on it ran past the ${callTimeoutMs} ms call timeout.`);
        default:
          return closing
            ? new CairnError('MODEL_ERROR', `${modelName}: the replica was closed before the call finished.`)
            : new CairnError('MODEL_ERROR', `${modelName}: replica restarted after it crashed (${cause.message}).`);
      }
    };
    for (const id of [...pending.keys()]) settle(id, { error: failure() });
    log(`${replicaId}: exited (${exit.reason}${exit.reason === 'closed' ? '' : `: ${exit.message}`})`, 'system');
    resolveExited(exit);
  });

  function call(op: CallOperation, payload: PredictPayload | ChatPayload | EmbedPayload, callOptions: CallOptions): Promise<unknown> {
    if (phase === 'closing') return Promise.reject(new CairnError('ENTITY_UNAVAILABLE', `${modelName}: the replica is closing.`));
    if (phase !== 'running' || terminating) return Promise.reject(new CairnError('MODEL_ERROR', `${modelName}: the replica is not running.`));
    const { signal } = callOptions;
    if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        const entry = pending.get(id);
        if (!entry?.caller) return;
        entry.caller.reject(abortErrorFrom(signal));
        entry.caller = null;
        const cancel: ParentMessage = { type: 'cancel', id };
        worker.postMessage(cancel);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        timer: setTimeout(() => onCallTimeout(id), callTimeoutMs),
        detach: () => signal.removeEventListener('abort', onAbort),
        caller: { resolve, reject, onDelta: callOptions.onDelta },
      });
      updateRef();
      try {
        worker.postMessage({ type: 'call', id, op, payload } as ParentMessage);
      } catch (error) {
        settle(id, { error: new CairnError('INVALID_PARAMETER_VALUE', `The request could not be passed to the model: ${error instanceof Error ? error.message : String(error)}`) });
      }
    });
  }

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    if (phase === 'exited') return;
    if (phase === 'running' || phase === 'starting') phase = 'closing';
    if (pending.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          drainWaiter = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, callTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    await worker.terminate();
    await exited;
  }

  return {
    ready,
    exited,
    call: call as WorkerReplica['call'],
    close() {
      closing ??= close();
      return closing;
    },
    async kill(exit) {
      exitCause ??= exit;
      if (phase !== 'exited') await worker.terminate();
      await exited;
    },
  };
}
