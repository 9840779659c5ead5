import type { Insertable } from 'kysely';
import type { InferenceLogTable } from '../storage/index.js';

/** Columns whose stored form (JSON text, 0/1) differs from what the pipeline hands over and the API returns. */
type DecodedColumns = 'stream' | 'request' | 'response' | 'logging_error_codes' | 'usage_estimated' | 'guardrail_results' | 'attempts';

interface DecodedFields {
  stream: boolean;
  /** Parsed request body (any JSON value); the writer masks PII, caps size and serialises it off the request path. */
  request: unknown;
  /** Response body, or the assembled stream as an OpenAI non-streaming response, or the error body. */
  response: unknown;
  /** Codes the pipeline already knows (e.g. unsupported parameters); the writer adds its own (payload truncated). */
  logging_error_codes: string[];
  /** True when Cairn counted the tokens because the provider sent no usage. */
  usage_estimated: boolean | null;
  /** Guardrail verdicts of the call (findings hold types and offsets, never the matched values). */
  guardrail_results: unknown[] | null;
  /** Attempts made when there was more than one (retries, fallbacks). */
  attempts: unknown[] | null;
}

/** Per-endpoint capture settings from the endpoint's ai-gateway `inference_table_config`. */
export interface CapturePolicy {
  /** Mask PII in payloads (secrets are masked either way). */
  maskPii: boolean;
  /** Per-endpoint payload cap; the server-wide cap still applies when smaller. */
  maxPayloadBytes?: number;
}

/** What the serving pipeline hands to capture for every call, success or failure. */
export interface CaptureRecord
  extends Omit<InferenceLogTable, DecodedColumns | 'request_date' | 'endpoint_id' | 'cost_usd'>,
    Partial<Pick<DecodedFields, 'usage_estimated' | 'guardrail_results' | 'attempts'>>,
    Omit<DecodedFields, 'usage_estimated' | 'guardrail_results' | 'attempts'> {
  cost_usd?: number | null;
  /** How this endpoint wants its rows stored; the server's capture settings when absent. */
  policy?: CapturePolicy;
  /**
   * Id of the endpoint that served the call. Optional, but set it: names can be reused after a delete, and the id
   * keeps a new endpoint's managers from reading the rows of an old one with the same name.
   */
  endpoint_id?: string | null;
}

export interface CaptureStats {
  queued: number;
  written: number;
  dropped: number;
  failedBatches: number;
  /** Batches written (one transaction each). */
  batchesWritten?: number;
}

/** The inference-table writer: `enqueue` never blocks, never throws; rows are written in batches. */
export interface CaptureSink {
  enqueue(record: CaptureRecord): void;
  /** Registers a listener for committed rows; returns a function that removes it. */
  onRowsWritten?(listener: RowsWrittenListener): () => void;
  stats(): CaptureStats;
  /** Writes everything queued so far; used on SIGTERM and by tests. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** `2xx`… by hundreds; `error` is any status ≥ 400. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'error';

/** Filters of the inference-log query API; every field narrows the result. */
export interface InferenceLogQuery {
  endpoint_name?: string;
  /**
   * Restricts rows to these endpoints (what the caller may see). Each entry matches rows of that name whose
   * `endpoint_id` is that id or unknown; an empty list matches nothing.
   */
  endpoints?: ReadonlyArray<{ name: string; id: string | null }>;
  served_entity_name?: string;
  status_code?: number;
  status_class?: StatusClass;
  requester?: string;
  /** Inclusive lower bound on `request_time` (ms). */
  start_time_ms?: number;
  /** Inclusive upper bound on `request_time` (ms). */
  end_time_ms?: number;
  /** Page size; default 100, at most 1000. */
  max_results?: number;
  /** Opaque cursor from the previous page's `next_page_token`. */
  page_token?: string;
}

/** A stored row as the API returns it: JSON fields parsed, `stream` as a boolean. */
export interface InferenceLogEntry extends Omit<InferenceLogTable, DecodedColumns>, DecodedFields {}

export interface InferenceLogPage {
  rows: InferenceLogEntry[];
  /** Present when more rows may follow. */
  next_page_token?: string;
}

/** Reading the inference table back (API, CLI `cairn logs`). */
export interface InferenceLogReader {
  /** Newest first, keyset-paginated on (request_time, request_id). Throws INVALID_PARAMETER_VALUE on a bad token. */
  query(filters: InferenceLogQuery): Promise<InferenceLogPage>;
  get(requestId: string): Promise<InferenceLogEntry | undefined>;
}

/** One finished call, as the pipeline hands it to observers: every call, also those capture samples out. */
export interface CallObservation {
  /** Unmasked: observers must not store or export payloads from it. A trace exporter may fill a missing
   * `trace_id` (observers run before the row is queued), so the row names the trace it was exported in. */
  record: CaptureRecord;
  /** Whether the row goes to the inference table (sampling and the per-endpoint switch decided). */
  captured: boolean;
  /** OpenTelemetry `gen_ai.operation.name`: chat | text_completion | embeddings. */
  operation: 'chat' | 'text_completion' | 'embeddings';
  /** The served entity's provider (`gen_ai.provider.name`), or null when no entity was picked. */
  provider: string | null;
  /** False for calls not authorised on the endpoint they named: they belong to no endpoint's statistics. */
  authorised: boolean;
  /** The caller's W3C `traceparent` header, so exported spans join the caller's trace. */
  traceparent: string | null;
}

/** Told of every call synchronously on the request path: must be O(1), in memory, and never throw or await. */
export interface CallObserver {
  observe(observation: CallObservation): void;
}

/** A row as stored in `inference_log` (payloads masked and serialised), handed over after its batch committed. */
export type StoredInferenceRow = Insertable<InferenceLogTable>;

/**
 * Told of rows once their batch is committed, off the request path (descriptors, review intake). Must return
 * quickly (queue the work); errors are logged and swallowed.
 */
export type RowsWrittenListener = (rows: readonly StoredInferenceRow[]) => void;
