/** What the serving pipeline hands to capture for every call, success or failure. */
export interface CaptureRecord {
  request_id: string;
  client_request_id: string | null;
  trace_id: string | null;
  /** ms since epoch when the request arrived */
  request_time: number;
  endpoint_name: string;
  config_version: number | null;
  served_entity_id: string | null;
  served_entity_name: string | null;
  model_name: string | null;
  model_version: string | null;
  requester: string | null;
  status_code: number;
  error_code: string | null;
  execution_duration_ms: number;
  ttft_ms: number | null;
  overhead_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  stream: boolean;
  /** Parsed request body (any JSON value); the writer masks PII, caps size and serialises it off the request path. */
  request: unknown;
  /** Response body, or the assembled stream as an OpenAI non-streaming response, or the error body. */
  response: unknown;
  /** Codes the pipeline already knows (e.g. usage estimated); the writer adds its own (payload truncated). */
  logging_error_codes: string[];
}

export interface CaptureStats {
  queued: number;
  written: number;
  dropped: number;
  failedBatches: number;
}

/** The inference-table writer: `enqueue` never blocks, never throws; rows are written in batches. */
export interface CaptureSink {
  enqueue(record: CaptureRecord): void;
  stats(): CaptureStats;
  /** Writes everything queued so far; used on SIGTERM and by tests. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
