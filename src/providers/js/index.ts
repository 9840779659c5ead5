/** Custom JS models (flavour `js`): each replica is a worker thread running the package's module. */
import type { ReplicaFactory } from '../replica.js';

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

/** CONTRACT STUB (js runtime helper implements). */
export function createJsReplicaFactory(_options: JsReplicaFactoryOptions): ReplicaFactory {
  throw new Error('createJsReplicaFactory: not implemented yet');
}
