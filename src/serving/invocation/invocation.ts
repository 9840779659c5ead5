import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/index.js';
import type { CairnError } from '../../errors/index.js';
import type { Admission, EndpointPolicy, GuardrailVerdict } from '../../gateway/index.js';
import type { GenerateInput, GenerationParams, Usage } from '../../providers/index.js';
import type { ServedEntityRuntime } from '../endpoint-runtime.js';
import type { ResponseFormat } from './response-format.js';

export type Operation = 'chat' | 'completion' | 'embeddings' | 'predict';

/** One call as the HTTP surfaces hand it over: already authenticated and validated. */
export interface Invocation {
  endpointName: string;
  operation: Operation;
  /** Body as received (for capture; masked and capped by the capture writer). */
  rawBody: unknown;
  input?: GenerateInput;
  /** For `predict` on a model without `capabilities.predict`: one prompt per record. */
  prompts?: string[];
  /**
   * For `predict` on a model with `capabilities.predict`: the rows as records and the body's `params`. The route
   * sets both these and `prompts`; the pipeline keeps the pair the routed entity takes (see predict-call.ts).
   */
  records?: unknown[];
  predictParams?: Record<string, unknown>;
  embedInput?: string[];
  dimensions?: number;
  embeddingEncoding?: 'float' | 'base64';
  params: GenerationParams;
  stream: boolean;
  includeUsage: boolean;
  clientRequestId: string | null;
  principal: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Builds the error body for this surface (OpenAI, Anthropic or Databricks shape). */
  errorBody: (error: CairnError) => Record<string, unknown>;
  /** How chat and completion answers are written when not in OpenAI's shape (the Anthropic front door). */
  responseFormat?: ResponseFormat;
  /** Request fields the surface accepted but could not map; reported and captured like adapter warnings. */
  warnings?: string[];
}

/** The part of an invocation that capture needs; all a rejected request can offer. */
export type RejectedCall = Pick<Invocation, 'endpointName' | 'operation' | 'stream' | 'request' | 'clientRequestId' | 'principal' | 'rawBody'>;

/** One try of one served entity (retries and fallbacks make several), as captured. */
export interface AttemptRecord {
  entity: string;
  attempt: number;
  error_code?: string;
  status?: number;
  duration_ms: number;
}

/** What a call accumulates on its way through the pipeline, for the response, capture and metrics. */
export interface CallState {
  /** Set once the endpoint is resolved; names can be reused after a delete, ids cannot. */
  endpointId: string | null;
  statusCode: number;
  errorCode: string | null;
  response: unknown;
  usage: Usage | undefined;
  ttftMs: number | null;
  loggingErrorCodes: string[];
  served: ServedEntityRuntime | undefined;
  configVersion: number | null;
  warnings: string[];
  policy: EndpointPolicy | undefined;
  verdicts: GuardrailVerdict[];
  admission: Admission | undefined;
  costUsd: number | null;
  attempts: AttemptRecord[];
}

export function newCallState(): CallState {
  return {
    endpointId: null,
    statusCode: 200, errorCode: null, response: undefined, usage: undefined, ttftMs: null,
    loggingErrorCodes: [], served: undefined, configVersion: null, warnings: [],
    policy: undefined, verdicts: [], admission: undefined, costUsd: null, attempts: [],
  };
}
