import type { FastifyRequest } from 'fastify';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { EndpointPolicy, StreamGuard } from '../../gateway/index.js';
import { runWithResilience } from '../../gateway/resilience/index.js';
import type { MetricsRecorder } from '../../monitoring/index.js';
import type { StreamPart, Usage } from '../../providers/index.js';
import type { EndpointRuntime, ServedEntityRuntime } from '../endpoint-runtime.js';
import { embeddingsResponseBody, generateResponseBody, responseId, StreamTranscoder, type TextOperation } from './openai-format.js';
import type { CallState, Invocation } from './invocation.js';
import { applyOutcome, checkOutput, DEFAULT_OUTPUT_RESERVE, type GatewayTools, guardrailContext, isPromise } from './policy-gate.js';
import { textLeaves } from './record-texts.js';
import { openAiStreamEncoder, type StreamEncoder } from './response-format.js';
import { SseWriter } from './sse-writer.js';

/** Everything one model call needs besides the invocation itself. */
export interface ModelCallContext {
  call: Invocation;
  state: CallState;
  runtime: EndpointRuntime;
  policy: EndpointPolicy;
  tools: GatewayTools;
  metrics: MetricsRecorder;
  signal: AbortSignal;
  /** Ends the call (upstream included) with this error; used to cut a stream that overruns its budget. */
  abort(reason: CairnError): void;
}

/**
 * Calls the routed entity, with retries, fallbacks and circuit breakers when the policy asks for them. Every try is
 * booked in `state.attempts`; `state.served` ends as the entity that answered (or failed last).
 */
export async function withResilience<T>(context: ModelCallContext, run: (served: ServedEntityRuntime) => Promise<T>): Promise<T> {
  const { policy, state, runtime, call } = context;
  const routed = state.served!;
  const resilient = policy.fallback || policy.retry.maxAttempts > 1 || policy.breaker !== undefined;
  if (!resilient) return run(routed);
  const entities = [routed.entity.name];
  if (policy.fallback) {
    for (const entity of runtime.config.served_entities) if (entity.name !== routed.entity.name) entities.push(entity.name);
  }
  const { value, entity } = await runWithResilience({
    entities,
    retry: policy.retry,
    breakers: context.tools.breakers,
    breaker: policy.breaker,
    breakerKey: (name: string) => `${runtime.endpointId}/${name}`,
    fallback: policy.fallback,
    signal: context.signal,
    // Tries are booked in `attempt` below; an entity skipped because its circuit is open never gets there.
    onAttempt: (record) => {
      if (record.error_code === 'CIRCUIT_OPEN') state.attempts.push(record);
    },
    attempt: async (name: string) => {
      const served = runtime.entities.get(name);
      if (!served) throw new CairnError('INTERNAL_ERROR', `Served entity ${name} is not running.`);
      state.served = served;
      const started = performance.now();
      const attempt = state.attempts.filter((record) => record.entity === name).length + 1;
      try {
        const result = await run(served);
        state.attempts.push({ entity: name, attempt, duration_ms: round(performance.now() - started) });
        context.metrics.upstreamAttempt(call.endpointName, name, 'success');
        return result;
      } catch (error) {
        const failure = isCairnError(error) ? error : undefined;
        state.attempts.push({ entity: name, attempt, error_code: failure?.code ?? 'INTERNAL_ERROR', status: failure?.status ?? 500, duration_ms: round(performance.now() - started) });
        context.metrics.upstreamAttempt(call.endpointName, name, 'failure');
        throw error;
      }
    },
  });
  state.served = runtime.entities.get(entity) ?? state.served;
  if (entity !== routed.entity.name) context.metrics.upstreamAttempt(call.endpointName, routed.entity.name, 'fell_back');
  return value;
}

export function setServedHeader(context: ModelCallContext): void {
  if (context.state.served && !context.call.reply.raw.headersSent) context.call.reply.header('served-model-name', context.state.served.entity.name);
}

/**
 * Starts a model call and books the time until it settles as upstream time. It takes a function, not a promise, so
 * in-process models (whose work runs synchronously when called) are not counted as overhead.
 */
export async function timed<T>(request: FastifyRequest, start: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await start();
  } finally {
    request.upstreamMs += performance.now() - started;
  }
}

export async function generate(context: ModelCallContext): Promise<void> {
  const { call, state, signal } = context;
  const operation = call.operation as TextOperation;
  const result = await withResilience(context, (served) =>
    timed(call.request, () => abortable(served.model.doGenerate({ input: call.input!, params: call.params, signal, requestId: call.request.id }), signal)));
  setServedHeader(context);
  state.usage = result.usage;
  state.ttftMs = performance.now() - call.request.startedAt;
  addWarnings(call, state, result.warnings);
  await checkOutput(call, state, context.policy, context.metrics, result, signal);
  const created = Math.floor(Date.now() / 1000);
  const body = generateResponseBody(operation, result, responseId(operation, call.request.id), call.endpointName, created);
  state.response = body;
  const format = call.responseFormat;
  if (!format) {
    call.reply.send(body);
    return;
  }
  // Another surface's body carries usage too: counted now (flagged estimated) when the model reported none.
  state.usage ??= countedUsage(call, body, context.tools);
  call.reply.send(format.body(result, state.usage, { requestId: call.request.id, model: call.endpointName, created }));
}

export async function embed(context: ModelCallContext): Promise<void> {
  const { call, state, signal } = context;
  const result = await withResilience(context, (served) =>
    timed(call.request, () => abortable(served.model.doEmbed({ input: call.embedInput ?? [], dimensions: call.dimensions, signal, requestId: call.request.id }), signal)));
  setServedHeader(context);
  state.usage = result.usage;
  state.ttftMs = performance.now() - call.request.startedAt;
  const body = embeddingsResponseBody(result, call.endpointName, call.embeddingEncoding);
  // Vectors are large and not useful in the inference table; keep the shape and the usage.
  state.response = { ...body, data: result.embeddings.map((vector, index) => ({ object: 'embedding', index, dimensions: vector.length })) };
  call.reply.send(body);
}

/** Output the call may still produce before a budget runs out: reservation plus the headroom admission reported. */
interface OutputAllowance {
  tokens: number | null;
  usd: number | null;
}

function outputAllowance(context: ModelCallContext): OutputAllowance | undefined {
  const headroom = context.state.admission?.headroom;
  if (!headroom || (headroom.tokens === null && headroom.usd === null)) return undefined;
  const reservedOutput = context.call.params.max_tokens ?? DEFAULT_OUTPUT_RESERVE;
  return {
    tokens: headroom.tokens === null ? null : reservedOutput + headroom.tokens,
    usd: headroom.usd,
  };
}

export async function stream(context: ModelCallContext): Promise<void> {
  const { call, state, signal, tools, policy } = context;
  const operation = call.operation as TextOperation;
  const { request, reply } = call;
  const created = Math.floor(Date.now() / 1000);
  const transcoder = new StreamTranscoder(operation, responseId(operation, request.id), call.endpointName, created);
  const encoder = call.responseFormat?.streamEncoder({ requestId: request.id, model: call.endpointName, created }) ?? openAiStreamEncoder;
  // One abort promise for the whole stream: racing it costs less per part than a listener per part.
  const aborted = abortion(signal);
  let iterator: AsyncIterator<StreamPart> | undefined;
  const next = (source: AsyncIterator<StreamPart>) => timed(request, () => Promise.race([source.next(), aborted.promise]));
  const guard: StreamGuard | undefined = policy.guardrails.output.isEmpty ? undefined : policy.guardrails.output.streamGuard(guardrailContext(call, 'output', signal));
  const allowance = outputAllowance(context);
  let outputEstimate = 0;
  let writer: SseWriter | undefined;
  try {
    // Wait for the first part before committing to a 200: an upstream that fails at once gets a proper JSON error
    // status (or a retry, or the next entity) instead of an SSE stream that starts and dies.
    let step = await withResilience(context, async (served) => {
      const started = performance.now();
      const source = served.model.doStream({ input: call.input!, params: call.params, signal, requestId: request.id })[Symbol.asyncIterator]();
      request.upstreamMs += performance.now() - started;
      iterator = source;
      try {
        return await next(source);
      } catch (error) {
        void source.return?.().catch(() => undefined);
        throw error;
      }
    });
    setServedHeader(context);
    const source = iterator!;
    writer = new SseWriter(reply, signal);
    writer.open({ 'x-cairn-overhead-ms': (performance.now() - request.startedAt - request.upstreamMs).toFixed(2), ...warningHeader(transcoder.warnings) });
    await encoder.start(writer);
    while (!step.done) {
      let part = step.value;
      if (part.type === 'text-delta') {
        outputEstimate += tools.tokens.estimate(part.text);
        if (allowance) checkAllowance(context, allowance, outputEstimate);
        if (guard) {
          const pushed = guard.push(part.text, part.index);
          const guarded = isPromise(pushed) ? await pushed : pushed;
          if (guarded.blocked) applyOutcome(call, state, context.metrics, 'output', guarded.blocked);
          part = { ...part, text: guarded.release };
        }
      } else if (part.type === 'finish' && guard) {
        const finished = guard.finish(part.index);
        const tail = isPromise(finished) ? await finished : finished;
        if (tail.blocked) applyOutcome(call, state, context.metrics, 'output', tail.blocked);
        if (tail.release) await writeChunk(transcoder, encoder, writer, { type: 'text-delta', index: part.index, text: tail.release }, state, request);
      }
      if (part.type !== 'text-delta' || part.text.length > 0) await writeChunk(transcoder, encoder, writer, part, state, request);
      step = await next(source);
    }
    if (!transcoder.finished) throw new CairnError('UPSTREAM_CONNECTION_ERROR', 'The model stream ended before it finished.');
    if (guard) recordGuardVerdicts(context, guard);
    state.response = transcoder.assembled();
    // A provider that sends no usage still gets Cairn's own count (flagged estimated), never zeros.
    state.usage = transcoder.usage ?? countedUsage(call, state.response, tools);
    if (call.includeUsage) transcoder.usage = state.usage;
    await encoder.end(writer, state.usage, call.includeUsage ? transcoder.usageChunk() : undefined);
    state.warnings.push(...transcoder.warnings);
  } catch (error) {
    // Verdicts of earlier windows too, not only the one that blocked (recordGuardVerdicts skips those booked already).
    if (guard) recordGuardVerdicts(context, guard);
    // A stream cut mid-way (budget, guardrail, client gone, upstream dropped) still produced output that costs:
    // without the provider's usage chunk, count what was relayed (flagged estimated) so it is captured and settled
    // against limits and budgets, never booked as zero (SEC-DOS-3).
    const partial = writer ? transcoder.assembled() : undefined;
    state.usage = transcoder.usage ?? (partial ? countedUsage(call, partial, tools) : undefined);
    if (!writer?.isOpen) throw error;
    const cairnError = toError(signal.aborted && isCairnError(signal.reason) ? signal.reason : error);
    state.statusCode = cairnError.status;
    state.errorCode = cairnError.code;
    const errorBody = call.errorBody(cairnError);
    state.response = { ...partial, error: errorBody.error ?? errorBody };
    // The stream always ends with an explicit error event, never a silent truncation.
    if (cairnError.code !== 'CLIENT_CLOSED_REQUEST') await encoder.error(writer, errorBody);
    writer.end();
  } finally {
    aborted.dispose();
    if (signal.aborted) void iterator?.return?.().catch(() => undefined);
  }
}

/** Cuts the stream (and the upstream call) once its output would overrun a budget (SEC-DOS-3). */
function checkAllowance(context: ModelCallContext, allowance: OutputAllowance, outputTokens: number): void {
  const overTokens = allowance.tokens !== null && outputTokens > allowance.tokens;
  let overUsd = false;
  if (!overTokens && allowance.usd !== null) {
    const model = context.state.served?.modelName ?? '';
    const reserved = context.call.params.max_tokens ?? DEFAULT_OUTPUT_RESERVE;
    // Only output beyond what was reserved eats into the headroom.
    const extra = Math.max(0, outputTokens - reserved);
    overUsd = extra > 0 && context.tools.prices.cost(model, { inputTokens: 0, outputTokens: extra }, context.policy.pricing).usd > allowance.usd;
  }
  if (!overTokens && !overUsd) return;
  context.metrics.policyRejection(context.call.endpointName, 'budget');
  const error = new CairnError('BUDGET_EXCEEDED', 'The budget ran out during the stream; the rest of the answer was not generated.');
  context.abort(error);
  throw error;
}

function recordGuardVerdicts(context: ModelCallContext, guard: StreamGuard): void {
  const seen = new Set(context.state.verdicts);
  const fresh = guard.verdicts().filter((verdict) => !seen.has(verdict));
  for (const verdict of fresh) {
    context.state.verdicts.push(verdict);
    context.metrics.guardrailVerdict(context.call.endpointName, verdict.guardrail, verdict.stage, verdict.action);
  }
}

/**
 * A call's usage counted by Cairn when the provider reported none: the prompt and the answer (an OpenAI response
 * body, possibly partial), with the tokenizer.
 */
export function countedUsage(call: Invocation, response: unknown, tools: GatewayTools): Usage {
  const body = (response ?? {}) as { choices?: Array<{ message?: { content?: unknown }; text?: unknown }>; predictions?: unknown[] };
  let output = 0;
  for (const choice of Array.isArray(body.choices) ? body.choices : []) {
    const text = typeof choice?.text === 'string' ? choice.text : typeof choice?.message?.content === 'string' ? choice.message.content : '';
    output += tools.tokens.count(text);
  }
  for (const leaf of textLeaves(Array.isArray(body.predictions) ? body.predictions : [])) output += tools.tokens.count(leaf.text);
  return { inputTokens: inputTokenCount(call, tools), outputTokens: output, estimated: true };
}

/**
 * Exact prompt tokens with the tokenizer, for calls whose provider reported no usage: the cost area's chat counting
 * (message framing, tool definitions, images) for chat and completions, plain text for predictions and embeddings.
 */
function inputTokenCount(call: Invocation, tools: GatewayTools): number {
  let tokens = call.input ? tools.tokens.countInputTokens(call.input, call.params.extra.tools) : 0;
  for (const prompt of call.prompts ?? []) tokens += tools.tokens.count(prompt);
  for (const leaf of textLeaves(call.records ?? [])) tokens += tools.tokens.count(leaf.text);
  for (const text of call.embedInput ?? []) tokens += tools.tokens.count(text);
  return tokens;
}

async function writeChunk(
  transcoder: StreamTranscoder,
  encoder: StreamEncoder,
  writer: SseWriter,
  part: StreamPart,
  state: CallState,
  request: FastifyRequest,
): Promise<void> {
  const chunk = transcoder.transcode(part);
  if (chunk && state.ttftMs === null && isContent(part)) state.ttftMs = performance.now() - request.startedAt;
  await encoder.part(writer, part, chunk);
}

function warningHeader(warnings: string[]): Record<string, string> {
  return warnings.length > 0 ? { 'x-cairn-warnings': warnings.join('; ').slice(0, 1000) } : {};
}

export function addWarnings(call: Invocation, state: CallState, warnings: string[] | undefined): void {
  if (!warnings || warnings.length === 0) return;
  state.warnings.push(...warnings);
  call.reply.header('x-cairn-warnings', state.warnings.join('; ').slice(0, 1000));
}

function isContent(part: StreamPart): boolean {
  return part.type === 'text-delta' || part.type === 'tool-call-delta';
}

export function toError(error: unknown): CairnError {
  if (isCairnError(error)) return error;
  return new CairnError('INTERNAL_ERROR', 'Internal error.', { cause: error });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
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
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The work was started anyway (the signal fired while admission or input guardrails awaited I/O) and rejects
    // with the same abort; nobody awaits it, and an unhandled rejection would take the process down.
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
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
