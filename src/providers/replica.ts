import type { LanguageModel, ModelCapabilities } from './spec.js';

/**
 * How a model runs as replicas: the contract between a model kind (custom JS models in workers, the in-process demo,
 * external providers) and serving's replica pools, which queue, dispatch, scale and replace replicas without knowing
 * what a replica is.
 */

/** Why a replica stopped. The pool replaces a replica that ended for any reason but `closed`. */
export interface ReplicaExit {
  reason: 'closed' | 'crashed' | 'out_of_memory' | 'timeout' | 'failed_to_start';
  message: string;
}

export interface ReplicaStartOptions {
  /** Unique within its pool, for logs (`replica-3`). */
  replicaId: string;
  /** The entity's runtime log (served by `GET …/served-models/{name}/logs`): the model's console output and lifecycle lines. */
  log: (line: string, stream?: 'stdout' | 'stderr' | 'system') => void;
}

export interface Replica {
  readonly id: string;
  /** Calls to this replica. A call that kills the replica (timeout, out of memory, crash) rejects with a CairnError. */
  readonly model: LanguageModel;
  /** Settles (never rejects) once the replica has ended: closed by the pool, or died. */
  readonly exited: Promise<ReplicaExit>;
  /** Stops the replica after its in-flight calls (bounded by the factory's call timeout); idempotent. */
  close(): Promise<void>;
}

export interface ReplicaFactory {
  /** `worker`: a worker thread per replica; `in-process`: a concurrency slot in this process; `upstream`: a cap on calls sent to a provider. */
  readonly kind: 'worker' | 'in-process' | 'upstream';
  readonly provider: string;
  readonly modelName: string;
  readonly capabilities: ModelCapabilities;
  /** Concurrent calls one replica takes. */
  readonly replicaConcurrency: number;
  /**
   * Starts one replica, loads the model and warms it (answers the package's input example) before resolving.
   * Rejects with a CairnError that says why (integrity failure, `load` threw, warm-up failed, start timeout).
   */
  start(options: ReplicaStartOptions): Promise<Replica>;
  /** Releases what replicas share (e.g. an upstream connection pool); called once the pool has closed every replica. */
  close?(): Promise<void>;
}
