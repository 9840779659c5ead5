import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/index.js';
import type { CaptureSink } from '../../capture/index.js';
import type { CairnConfig } from '../../config/index.js';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { MetricsRecorder } from '../../monitoring/index.js';
import type { GenerateInput, GenerationParams, StreamPart, Usage } from '../../providers/index.js';
import { pickRoute } from '../traffic.js';
import type { ServingService } from '../serving-service.js';
import type { ServedEntityRuntime } from '../endpoint-runtime.js';
import { embeddingsResponseBody, generateResponseBody, responseId, StreamTranscoder, type TextOperation } from './openai-format.js';
import { SseWriter } from './sse-writer.js';

export type Operation = 'chat' | 'completion' | 'embeddings' | 'predict';

/** One call as the HTTP surfaces hand it over: already authenticated and validated. */
export interface Invocation {
  endpointName: string;
  operation: Operation;
  /** Body as received (for capture; masked and capped by the capture writer). */
  rawBody: unknown;
  input?: GenerateInput;
  /** For `predict`: one prompt per record. */
  prompts?: string[];
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
  /** Builds the error body for this surface (OpenAI or Databricks shape). */
  errorBody: (error: CairnError) => Record<string, unknown>;
}

/** The part of an invocation that capture needs; all a rejected request can offer. */
export type RejectedCall = Pick<Invocation, 'endpointName' | 'operation' | 'stream' | 'request' | 'clientRequestId' | 'principal' | 'rawBody'>;

export interface InvocationPipelineDependencies {
  serving: ServingService;
  capture: CaptureSink;
  metrics: MetricsRecorder;
  config: Readonly<CairnConfig>;
  random?: () => number;
}

interface CallState {
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
}

/** Endpoint id and metrics label of calls not authorised on the endpoint they name; never an endpoint's id or name. */
const UNATTRIBUTED = '(none)';

const otelOperation = { chat: 'chat', completion: 'text_completion', embeddings: 'embeddings', predict: 'text_completion' } as const;

/**
 * The invocation pipeline: resolve endpoint → pick a served entity → call the model → write JSON or SSE →
 * capture and metrics. Every call, success or failure, produces exactly one capture row and one metrics
 * observation; neither can delay or fail the response.
 */
export class InvocationPipeline {
  private readonly random: () => number;

  constructor(private readonly dependencies: InvocationPipelineDependencies) {
    this.random = dependencies.random ?? Math.random;
  }

  async run(call: Invocation): Promise<void> {
    const { reply } = call;
    const state: CallState = {
      endpointId: null,
      statusCode: 200, errorCode: null, response: undefined, usage: undefined, ttftMs: null,
      loggingErrorCodes: [], served: undefined, configVersion: null, warnings: [],
    };
    const controller = new AbortController();
    const timeoutMs = this.dependencies.config.server.request_timeout_ms;
    const timer = setTimeout(() => controller.abort(new CairnError('REQUEST_TIMEOUT', `The call did not finish within ${timeoutMs} ms.`)), timeoutMs);
    const onClose = () => {
      if (!reply.raw.writableFinished) controller.abort(new CairnError('CLIENT_CLOSED_REQUEST', 'The client closed the connection.'));
    };
    reply.raw.once('close', onClose);
    let release: (() => void) | undefined;
    try {
      const lease = this.dependencies.serving.acquireForQuery(call.principal, call.endpointName);
      release = lease.release;
      // Counted only once authorised, so names a caller makes up never become metric series.
      this.dependencies.metrics.inFlight(call.endpointName, 1);
      state.configVersion = lease.runtime.configVersion;
      state.endpointId = lease.runtime.endpointId;
      const entityName = pickRoute(lease.runtime.routes, this.random());
      const served = lease.runtime.entities.get(entityName);
      if (!served) throw new CairnError('INTERNAL_ERROR', `Route names unknown served entity ${entityName}.`);
      state.served = served;
      reply.header('served-model-name', entityName);
      this.checkCapability(call, served);
      if (call.operation === 'embeddings') await this.embed(call, served, controller.signal, state);
      else if (call.operation === 'predict') await this.predict(call, served, controller.signal, state);
      else if (call.stream) await this.stream(call, served, controller.signal, state);
      else await this.generate(call, served, controller.signal, state);
    } catch (error) {
      this.fail(call, state, controller.signal.aborted && isCairnError(controller.signal.reason) ? controller.signal.reason : error);
    } finally {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
      if (release) {
        release();
        this.dependencies.metrics.inFlight(call.endpointName, -1);
      }
      this.record(call, state);
    }
  }

  private checkCapability(call: Invocation, served: ServedEntityRuntime): void {
    const capabilities = served.model.capabilities;
    const needed = call.operation === 'embeddings' ? 'embeddings' : call.operation === 'chat' ? 'chat' : 'completions';
    if (!capabilities[needed]) {
      throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not support ${needed}.`);
    }
    if (call.stream && !capabilities.streaming) {
      throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not support streaming.`);
    }
  }

  /**
   * Starts a model call and books the time until it settles as upstream time. It takes a function, not a
   * promise, so in-process models (whose work runs synchronously when called) are not counted as overhead.
   */
  private async timed<T>(request: FastifyRequest, start: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await start();
    } finally {
      request.upstreamMs += performance.now() - started;
    }
  }

  private async generate(call: Invocation, served: ServedEntityRuntime, signal: AbortSignal, state: CallState): Promise<void> {
    const operation = call.operation as TextOperation;
    const result = await this.timed(call.request, () => abortable(served.model.doGenerate({ input: call.input!, params: call.params, signal, requestId: call.request.id }), signal));
    state.usage = result.usage;
    state.ttftMs = performance.now() - call.request.startedAt;
    this.addWarnings(call, state, result.warnings);
    const body = generateResponseBody(operation, result, responseId(operation, call.request.id), call.endpointName, Math.floor(Date.now() / 1000));
    state.response = body;
    call.reply.send(body);
  }

  private async predict(call: Invocation, served: ServedEntityRuntime, signal: AbortSignal, state: CallState): Promise<void> {
    const predictions: string[] = [];
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    for (const prompt of call.prompts ?? []) {
      const result = await this.timed(call.request, () => abortable(served.model.doGenerate({ input: { kind: 'completion', prompt }, params: call.params, signal, requestId: call.request.id }), signal));
      predictions.push(result.choices[0]?.text ?? '');
      usage.inputTokens += result.usage?.inputTokens ?? 0;
      usage.outputTokens += result.usage?.outputTokens ?? 0;
    }
    state.usage = usage;
    state.ttftMs = performance.now() - call.request.startedAt;
    state.response = { predictions };
    call.reply.send(state.response);
  }

  private async embed(call: Invocation, served: ServedEntityRuntime, signal: AbortSignal, state: CallState): Promise<void> {
    const result = await this.timed(call.request, () => abortable(served.model.doEmbed({ input: call.embedInput ?? [], dimensions: call.dimensions, signal, requestId: call.request.id }), signal));
    state.usage = result.usage;
    state.ttftMs = performance.now() - call.request.startedAt;
    const body = embeddingsResponseBody(result, call.endpointName, call.embeddingEncoding);
    // Vectors are large and not useful in the inference table; keep the shape and the usage.
    state.response = { ...body, data: result.embeddings.map((vector, index) => ({ object: 'embedding', index, dimensions: vector.length })) };
    call.reply.send(body);
  }

  private async stream(call: Invocation, served: ServedEntityRuntime, signal: AbortSignal, state: CallState): Promise<void> {
    const operation = call.operation as TextOperation;
    const { request, reply } = call;
    const transcoder = new StreamTranscoder(operation, responseId(operation, request.id), call.endpointName, Math.floor(Date.now() / 1000));
    const started = performance.now();
    const iterator = served.model.doStream({ input: call.input!, params: call.params, signal, requestId: request.id })[Symbol.asyncIterator]();
    request.upstreamMs += performance.now() - started;
    // One abort promise for the whole stream: racing it costs less per part than a listener per part.
    const aborted = abortion(signal);
    const next = () => this.timed(request, () => Promise.race([iterator.next(), aborted.promise]));
    let writer: SseWriter | undefined;
    try {
      // Wait for the first part before committing to a 200: an upstream that fails at once gets a proper
      // JSON error status instead of an SSE stream that starts and dies.
      let step = await next();
      writer = new SseWriter(reply, signal);
      writer.open({ 'x-cairn-overhead-ms': (performance.now() - request.startedAt - request.upstreamMs).toFixed(2), ...this.warningHeader(transcoder.warnings) });
      while (!step.done) {
        const chunk = transcoder.transcode(step.value as StreamPart);
        if (chunk) {
          if (state.ttftMs === null && isContent(step.value as StreamPart)) state.ttftMs = performance.now() - request.startedAt;
          await writer.event(chunk);
        }
        step = await next();
      }
      if (!transcoder.finished) throw new CairnError('UPSTREAM_CONNECTION_ERROR', 'The model stream ended before it finished.');
      if (call.includeUsage) await writer.event(transcoder.usageChunk());
      await writer.done();
      state.usage = transcoder.usage;
      state.response = transcoder.assembled();
      state.warnings.push(...transcoder.warnings);
    } catch (error) {
      state.usage = transcoder.usage;
      if (!writer?.isOpen) throw error;
      const cairnError = toError(signal.aborted && isCairnError(signal.reason) ? signal.reason : error);
      state.statusCode = cairnError.status;
      state.errorCode = cairnError.code;
      const partial = transcoder.assembled();
      const errorBody = call.errorBody(cairnError);
      state.response = { ...partial, error: errorBody.error ?? errorBody };
      // The stream always ends with an explicit error event, never a silent truncation.
      if (cairnError.code !== 'CLIENT_CLOSED_REQUEST') await writer.error(errorBody);
      writer.end();
    } finally {
      aborted.dispose();
      if (signal.aborted) void iterator.return?.().catch(() => undefined);
    }
  }

  private warningHeader(warnings: string[]): Record<string, string> {
    return warnings.length > 0 ? { 'x-cairn-warnings': warnings.join('; ').slice(0, 1000) } : {};
  }

  private addWarnings(call: Invocation, state: CallState, warnings: string[] | undefined): void {
    if (!warnings || warnings.length === 0) return;
    state.warnings.push(...warnings);
    call.reply.header('x-cairn-warnings', warnings.join('; ').slice(0, 1000));
  }

  private fail(call: Invocation, state: CallState, error: unknown): void {
    const cairnError = toError(error);
    state.statusCode = cairnError.status;
    state.errorCode = cairnError.code;
    if (cairnError.code === 'INTERNAL_ERROR') call.request.log.error({ err: error, request_id: call.request.id }, 'invocation failed');
    const body = call.errorBody(cairnError);
    state.response = body;
    const { reply } = call;
    if (reply.sent || reply.raw.headersSent || reply.raw.destroyed) return;
    for (const [name, value] of Object.entries(cairnError.headers)) reply.header(name, value);
    reply.status(cairnError.status).type('application/json').send(body);
  }

  /**
   * Books a call that failed before the pipeline ran (unparseable, oversize or invalid body), so every
   * query attempt still becomes a capture row and a metrics observation.
   */
  recordRejected(call: RejectedCall, error: CairnError, body: Record<string, unknown>): void {
    const state: CallState = {
      endpointId: null,
      statusCode: error.status, errorCode: error.code, response: body, usage: undefined, ttftMs: null,
      loggingErrorCodes: [], served: undefined, configVersion: null, warnings: [],
    };
    this.record(call, state);
  }

  /**
   * The endpoint a call is booked under: the one it ran on, or else the endpoint of that name when the caller
   * may query it. A caller that may not (or a name that does not exist) must not plant rows that the
   * endpoint's managers read, nor series in its metrics (SEC API1), nor make up metric label values; such
   * attempts stay visible to admins only, under UNATTRIBUTED.
   */
  private attribution(call: RejectedCall, state: CallState): string {
    if (state.endpointId) return state.endpointId;
    return this.dependencies.serving.queryableEndpointId(call.principal, call.endpointName) ?? UNATTRIBUTED;
  }

  private record(call: RejectedCall, state: CallState): void {
    const { request } = call;
    const endpointId = this.attribution(call, state);
    const durationMs = performance.now() - request.startedAt;
    const overheadMs = Math.max(0, durationMs - request.upstreamMs);
    const served = state.served;
    if (state.warnings.length > 0) state.loggingErrorCodes.push('UNSUPPORTED_PARAMETERS');
    this.dependencies.metrics.observeCall({
      endpoint: endpointId === UNATTRIBUTED ? UNATTRIBUTED : call.endpointName,
      servedEntity: served?.entity.name ?? 'none',
      operation: otelOperation[call.operation],
      provider: served?.model.provider ?? 'none',
      model: served?.modelName ?? 'none',
      statusCode: state.statusCode,
      errorCode: state.errorCode,
      durationMs,
      ttftMs: state.ttftMs,
      overheadMs,
      inputTokens: state.usage?.inputTokens ?? null,
      outputTokens: state.usage?.outputTokens ?? null,
      stream: call.stream,
    });
    this.dependencies.capture.enqueue({
      request_id: request.id,
      client_request_id: call.clientRequestId,
      trace_id: traceIdOf(request),
      request_time: Date.now() - Math.round(durationMs),
      endpoint_name: call.endpointName,
      endpoint_id: endpointId,
      config_version: state.configVersion,
      served_entity_id: served ? `${served.entity.name}` : null,
      served_entity_name: served?.entity.name ?? null,
      model_name: served?.modelName ?? null,
      model_version: served?.modelVersion ?? null,
      requester: call.principal.name,
      status_code: state.statusCode,
      error_code: state.errorCode,
      execution_duration_ms: round(durationMs),
      ttft_ms: state.ttftMs === null ? null : round(state.ttftMs),
      overhead_ms: round(overheadMs),
      input_tokens: state.usage?.inputTokens ?? null,
      output_tokens: state.usage?.outputTokens ?? null,
      stream: call.stream,
      request: call.rawBody,
      response: state.response ?? null,
      logging_error_codes: state.loggingErrorCodes,
    });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function isContent(part: StreamPart): boolean {
  return part.type === 'text-delta' || part.type === 'tool-call-delta';
}

function toError(error: unknown): CairnError {
  if (isCairnError(error)) return error;
  return new CairnError('INTERNAL_ERROR', 'Internal error.', { cause: error });
}

/** W3C traceparent's trace id when the caller sent one. */
function traceIdOf(request: FastifyRequest): string | null {
  const header = request.headers.traceparent;
  if (typeof header !== 'string') return null;
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(header.trim());
  return match ? match[1]! : null;
}

/** A promise that rejects when the signal aborts (never resolves), and a way to stop listening. */
function abortion(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // Raced on every part; a rejection nobody is racing any more is expected, not unhandled.
  promise.catch(() => undefined);
  return { promise, dispose: () => onAbort && signal.removeEventListener('abort', onAbort) };
}

/** Rejects as soon as the signal aborts, even if the adapter ignores it. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
