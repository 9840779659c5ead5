/** Custom JS models (flavour `js`): each replica is a worker thread running the package's module. */
import { CairnError, isCairnError } from '../../errors/index.js';
import type { Replica, ReplicaFactory, ReplicaStartOptions } from '../replica.js';
import { capabilitiesOf, createJsLanguageModel } from './js-language-model.js';
import { warmUp } from './warm-up.js';
import { spawnWorkerReplica } from './worker-replica.js';

export interface JsReplicaFactoryOptions {
  /** The version's directory: package files plus its own node_modules. */
  packageDir: string;
  /** Module path relative to packageDir (the manifest's `flavors.js.entry`). */
  entry: string;
  capabilities: ReadonlyArray<'predict' | 'chat' | 'embed'>;
  /** Warm-up input (the manifest's `input_example`); absent → no warm-up call. */
  inputExample?: unknown;
  /** Passed to the module's `load(context)` as `context.manifest`. */
  manifest: Record<string, unknown>;
  modelName: string;
  memoryMb: number;
  callTimeoutMs: number;
  startTimeoutMs: number;
  replicaConcurrency: number;
  /** Run before each replica starts (package integrity, SEC-SC-1); its rejection fails the start. */
  verify?: () => Promise<void>;
}

/**
 * A replica per worker thread (see docs/architecture.md, "Custom JS models run in worker threads"). `start` verifies
 * the package, loads the module, checks its exports and answers the input example, all within startTimeoutMs.
 */
export function createJsReplicaFactory(options: JsReplicaFactoryOptions): ReplicaFactory {
  const { modelName, startTimeoutMs } = options;
  return {
    kind: 'worker',
    provider: 'js',
    modelName,
    capabilities: capabilitiesOf(options.capabilities),
    replicaConcurrency: options.replicaConcurrency,

    async start({ replicaId, log }: ReplicaStartOptions): Promise<Replica> {
      if (options.verify) {
        try {
          await options.verify();
        } catch (error) {
          throw isCairnError(error) ? error : new CairnError('ENTITY_UNAVAILABLE', `${modelName}: the package could not be verified: ${messageOf(error)}`);
        }
      }
      const started = performance.now();
      log(`${replicaId}: starting`, 'system');
      const worker = spawnWorkerReplica({
        replicaId,
        log,
        packageDir: options.packageDir,
        entry: options.entry,
        capabilities: options.capabilities,
        manifest: options.manifest,
        modelName,
        memoryMb: options.memoryMb,
        callTimeoutMs: options.callTimeoutMs,
      });
      const model = createJsLanguageModel(worker, modelName, options.capabilities);
      const warmUpSignal = new AbortController();
      const sequence = (async () => {
        await worker.ready;
        if (options.inputExample === undefined) return;
        try {
          const warmed = await warmUp(model, options.inputExample, warmUpSignal.signal);
          log(`${replicaId}: ${warmed ? `warmed up (${warmed} with the input example)` : 'input example fits no capability; no warm-up'}`, 'system');
        } catch (error) {
          throw new CairnError('ENTITY_UNAVAILABLE', `${modelName}: warm-up with the package's input_example failed: ${messageOf(error)}`);
        }
      })();
      sequence.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CairnError('ENTITY_UNAVAILABLE', `${modelName}: start timed out after ${startTimeoutMs} ms`)), startTimeoutMs);
      });
      try {
        await Promise.race([sequence, timedOut]);
      } catch (error) {
        warmUpSignal.abort();
        const failure = isCairnError(error) ? error : new CairnError('ENTITY_UNAVAILABLE', `${modelName}: ${messageOf(error)}`);
        log(`${replicaId}: failed to start: ${failure.message}`, 'system');
        await worker.kill({ reason: 'failed_to_start', message: failure.message });
        throw failure;
      } finally {
        clearTimeout(timer);
      }
      log(`${replicaId}: ready in ${Math.round(performance.now() - started)} ms`, 'system');
      return { id: replicaId, model, exited: worker.exited, close: () => worker.close() };
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
