import type { Selectable } from 'kysely';
import type { CallDescriptorsTable } from '../../storage/index.js';

/**
 * Text descriptors: numbers and labels that describe a prompt or a response, computed off the request path from
 * the captured (PII-masked) text. Drift monitors compare their distributions; quality monitors average some of them.
 */
export type DescriptorValue = number | string | boolean | null;

/** Descriptors of one text, unprefixed (e.g. `chars`); a call's are prefixed `prompt_` / `response_`. */
export type TextDescriptors = Record<string, DescriptorValue>;

/** How drift treats a column by default (Evidently's rule picks the test from this, cardinality and sample size). */
export type ColumnType = 'numerical' | 'categorical' | 'text' | 'embedding';

export interface DescriptorColumn {
  name: string;
  type: Exclude<ColumnType, 'text' | 'embedding'>;
  description: string;
}

/** A call's descriptor record as stored in `call_descriptors.descriptors` (names in DESCRIPTOR_COLUMNS). */
export type CallDescriptors = Record<string, DescriptorValue>;

/**
 * What `onDescribed` callbacks receive for each described call, after its row is committed: enough to attribute it
 * (endpoint, served entity, version, time) and the descriptor record. Embeddings are not included (they are in the
 * table when needed).
 */
export interface DescribedCall extends DescribedCallIdentity {
  descriptors: CallDescriptors;
}

/** The columns of `call_descriptors` that name the call a description belongs to. */
export type DescribedCallIdentity = Pick<
  Selectable<CallDescriptorsTable>,
  'request_id' | 'endpoint_name' | 'endpoint_id' | 'served_entity_name' | 'model_version' | 'request_time'
>;

export interface DescriptorServiceStats {
  /** Rows waiting to be described. */
  queued: number;
  /** Rows described and written. */
  written: number;
  /** Rows not described: failed calls, sampled out, or from no endpoint. */
  skipped: number;
  /** Rows dropped because the queue was full. */
  dropped: number;
  /** Rows whose description or write failed. */
  failed: number;
  /** Wall time spent describing, in ms (worker or main thread), and rows described in it. */
  describeMs: number;
  described: number;
  /** Of `described`, rows described on the worker thread. */
  describedOnWorker: number;
}
