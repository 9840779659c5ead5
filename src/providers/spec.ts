/**
 * The provider spec: the one contract between serving and every model adapter (demo, OpenAI-compatible,
 * later Anthropic and custom JS models). Adapters turn their wire format into these canonical shapes; the
 * serving pipeline turns them back into OpenAI JSON / SSE for clients and into capture rows.
 * A spec never imports an adapter.
 */

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: ChatRole;
  /** Text, or OpenAI content parts passed through as given. */
  content: string | Array<Record<string, unknown>> | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** Sampling and output controls, OpenAI names. Unknown OpenAI fields travel in `extra`. */
export interface GenerationParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  n?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  /** Fields the adapter may forward verbatim (tools, response_format, logprobs…). */
  extra: Record<string, unknown>;
}

export type GenerateInput =
  | { kind: 'chat'; messages: ChatMessage[] }
  | { kind: 'completion'; prompt: string };

export interface GenerateRequest {
  input: GenerateInput;
  params: GenerationParams;
  /** Aborted when the client goes away or the call times out; adapters must stop upstream work. */
  signal: AbortSignal;
  /** Cairn's request id, for upstream correlation headers. */
  requestId: string;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when counted by Cairn because the provider did not report it. */
  estimated?: boolean;
}

export interface GeneratedChoice {
  index: number;
  text: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
}

export interface GenerateResult {
  /** Upstream response id when there is one. */
  id?: string;
  /** Model name the provider reports. */
  model?: string;
  choices: GeneratedChoice[];
  usage?: Usage;
  /** Parameters the adapter could not honour; surfaced as a header and captured. */
  warnings?: string[];
}

/** The canonical stream: adapters emit these in order; `finish` or `error` comes last. */
export type StreamPart =
  | { type: 'metadata'; id?: string; model?: string }
  | { type: 'text-delta'; index: number; text: string }
  | {
      type: 'tool-call-delta';
      index: number;
      toolCallIndex: number;
      id?: string;
      name?: string;
      argumentsDelta: string;
    }
  | { type: 'finish'; index: number; finishReason: FinishReason }
  | { type: 'usage'; usage: Usage }
  | { type: 'warning'; message: string };

export interface EmbedRequest {
  input: string[];
  /** OpenAI `dimensions`, when the model supports it. */
  dimensions?: number;
  signal: AbortSignal;
  requestId: string;
}

export interface EmbedResult {
  embeddings: number[][];
  model?: string;
  usage?: Usage;
}

export interface ModelCapabilities {
  chat: boolean;
  completions: boolean;
  embeddings: boolean;
  streaming: boolean;
  /** Takes structured records (Databricks `dataframe_records` / `inputs` / `instances`) through `doPredict`. */
  predict?: boolean;
}

/**
 * A tabular / structured call (MLflow pyfunc `predict`): the records as the client sent them, normalised to an
 * array (one element per row), and the body's `params`.
 */
export interface PredictRequest {
  records: unknown[];
  params: Record<string, unknown>;
  signal: AbortSignal;
  requestId: string;
}

export interface PredictResult {
  /** One prediction per record, in order (a model may also return a single value; it is wrapped). */
  predictions: unknown[];
  usage?: Usage;
}

/**
 * One served model instance. Errors are thrown as CairnError (UPSTREAM_ERROR, UPSTREAM_TIMEOUT,
 * UPSTREAM_INVALID_RESPONSE, UPSTREAM_CONNECTION_ERROR, CAPABILITY_NOT_SUPPORTED…); a stream that
 * fails midway throws from the iterator.
 */
export interface LanguageModel {
  readonly provider: string;
  readonly modelName: string;
  readonly capabilities: ModelCapabilities;
  doGenerate(request: GenerateRequest): Promise<GenerateResult>;
  doStream(request: GenerateRequest): AsyncIterable<StreamPart>;
  doEmbed(request: EmbedRequest): Promise<EmbedResult>;
  /** Present when `capabilities.predict`: structured records in, one prediction per record out. */
  doPredict?(request: PredictRequest): Promise<PredictResult>;
  /** Releases sockets or workers; called when a config version stops serving. */
  close?(): Promise<void>;
}
