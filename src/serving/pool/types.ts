import type { Logger } from 'pino';
import type { CairnConfig } from '../../config/index.js';
import type { LanguageModel, ReplicaFactory } from '../../providers/index.js';

/** Replica counts a served entity may scale between, from Databricks' sizing fields (see `sizingOf`). */
export interface PoolSizing {
  minReplicas: number;
  maxReplicas: number;
  scaleToZero: boolean;
  /** True when the entity gave no sizing field: in-process and upstream pools then never queue or cap. */
  unbounded: boolean;
}

export type PoolSettings = CairnConfig['models']['pools'];

/** The Cairn extension of a served entity's `state` in `GET /api/2.0/serving-endpoints/{name}`. */
export interface EntityServingState {
  state: 'READY' | 'SCALING' | 'SCALED_TO_ZERO' | 'FAILED';
  /** Why it is FAILED (or what it is doing); empty when READY. */
  message: string;
  replicas: number;
  target_replicas: number;
  min_replicas: number;
  max_replicas: number;
  queue_depth: number;
  in_flight: number;
}

/** Pool metrics (Prometheus, labelled by endpoint and served entity); the monitoring area implements them. */
export interface PoolMetrics {
  coldStart(endpoint: string, entity: string, seconds: number): void;
  queueWait(endpoint: string, entity: string, seconds: number): void;
  rejected(endpoint: string, entity: string, reason: 'queue_full' | 'queue_timeout' | 'unavailable'): void;
  /**
   * Sampled on every change: replicas running, calls queued, busy slots / all slots. `owner` is the pool setting them:
   * a config update starts the new pool under the same names before it closes the old one.
   */
  gauges(endpoint: string, entity: string, values: { replicas: number; queueDepth: number; utilization: number }, owner: object): void;
  /** The pool was closed: drop its gauges, unless a newer pool (another owner) has set them since. */
  forget(endpoint: string, entity: string, owner: object): void;
}

export interface ReplicaPoolOptions {
  endpointName: string;
  entityName: string;
  factory: ReplicaFactory;
  sizing: PoolSizing;
  settings: PoolSettings;
  metrics: PoolMetrics;
  logger: Logger;
  /** Injected for exact autoscaler tests. */
  clock?: () => number;
  /**
   * Replica start retries: the wait after a failed start doubles from `baseMs` up to `maxMs`; after
   * `failuresBeforeFailed` failures in a row with no replica running the entity is FAILED (defaults 1 s, 30 s, 3).
   */
  startRetry?: { baseMs?: number; maxMs?: number; failuresBeforeFailed?: number };
}

export interface ReplicaPool {
  /** The entity's model: every call goes through the pool's queue to a replica. */
  readonly model: LanguageModel;
  /**
   * Starts max(min_replicas, 1) warm replicas (scale-to-zero pools then idle down): a model that cannot load fails
   * the config update instead of its first caller. Rejects with the replica's CairnError.
   */
  start(): Promise<void>;
  status(): EntityServingState;
  /** The entity's most recent runtime log lines, oldest first, each `ISO-time [replica] [stream] text`. */
  logs(limit?: number): string[];
  /** Stops the autoscaler, fails queued calls, closes every replica after its in-flight calls. */
  close(): Promise<void>;
}
