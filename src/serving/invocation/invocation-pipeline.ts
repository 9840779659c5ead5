import type { FastifyRequest } from 'fastify';
import type { CallObservation, CallObserver, CaptureRecord, CaptureSink } from '../../capture/index.js';
import type { CairnConfig } from '../../config/index.js';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { MetricsRecorder } from '../../monitoring/index.js';
import { pickRoute } from '../traffic.js';
import type { ServingService } from '../serving-service.js';
import { inputSegments } from './call-segments.js';
import { type CallState, type Invocation, newCallState, type RejectedCall } from './invocation.js';
import { countedUsage, embed, generate, type ModelCallContext, stream, toError } from './model-calls.js';
import { predict, preparePredict, takesRecords } from './predict-call.js';
import { admit, checkInput, type GatewayTools, prepareOutput } from './policy-gate.js';
import { applyRequestLimits } from './request-limits.js';

export type { Invocation, Operation, RejectedCall } from './invocation.js';

export interface InvocationPipelineDependencies {
  serving: ServingService;
  capture: CaptureSink;
  metrics: MetricsRecorder;
  config: Readonly<CairnConfig>;
  gateway: GatewayTools;
  /** Told of every call (also those capture samples out), synchronously: rollups, trace export. */
  observers?: readonly CallObserver[];
  random?: () => number;
}

/** Endpoint id and metrics label of calls not authorised on the endpoint they name; never an endpoint's id or name. */
const UNATTRIBUTED = '(none)';

const otelOperation = { chat: 'chat', completion: 'text_completion', embeddings: 'embeddings', predict: 'text_completion' } as const;

/**
 * The invocation pipeline: resolve endpoint → request caps → admission (rate limits, budgets) → input guardrails →
 * the model call (with retries, fallbacks, circuit breakers) → output guardrails → JSON or SSE → usage, cost,
 * settlement, capture and metrics. Every call, success or failure, produces exactly one metrics observation and
 * (unless sampled out) one capture row; neither can delay or fail the response.
 */
export class InvocationPipeline {
  private readonly random: () => number;

  constructor(private readonly dependencies: InvocationPipelineDependencies) {
    this.random = dependencies.random ?? Math.random;
  }

  async run(call: Invocation): Promise<void> {
    const { reply } = call;
    const { metrics, gateway } = this.dependencies;
    const state = newCallState();
    if (call.warnings) state.warnings.push(...call.warnings);
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
      metrics.inFlight(call.endpointName, 1);
      const { runtime, policy } = lease;
      state.configVersion = runtime.configVersion;
      state.endpointId = runtime.endpointId;
      state.policy = policy;
      const entityName = pickRoute(runtime.routes, this.random());
      const served = runtime.entities.get(entityName);
      if (!served) throw new CairnError('INTERNAL_ERROR', `Route names unknown served entity ${entityName}.`);
      state.served = served;
      reply.header('served-model-name', entityName);
      this.checkCapability(call, served);
      if (call.operation === 'predict') preparePredict(call, served);
      applyRequestLimits(call, policy.requestLimits, state.warnings);
      if (state.warnings.length > 0) reply.header('x-cairn-warnings', state.warnings.join('; ').slice(0, 1000));
      prepareOutput(call, policy, controller.signal);
      // Segments are only built when a policy reads them: an endpoint without policies pays nothing here.
      if (policy.admits || !policy.guardrails.input.isEmpty) {
        const input = inputSegments(call);
        await admit(call, state, policy, gateway, metrics, input, served.modelName);
        await checkInput(call, state, policy, metrics, input, controller.signal);
        // The client may have gone (or the call timed out) while admission or a guardrail awaited I/O.
        controller.signal.throwIfAborted();
      }
      const context: ModelCallContext = {
        call, state, runtime, policy, tools: gateway, metrics, signal: controller.signal,
        abort: (reason) => controller.abort(reason),
      };
      if (call.operation === 'embeddings') await embed(context);
      else if (call.operation === 'predict') await predict(context);
      else if (call.stream) await stream(context);
      else await generate(context);
    } catch (error) {
      this.fail(call, state, controller.signal.aborted && isCairnError(controller.signal.reason) ? controller.signal.reason : error);
    } finally {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
      if (release) {
        release();
        metrics.inFlight(call.endpointName, -1);
      }
      this.record(call, state);
    }
  }

  private checkCapability(call: Invocation, served: NonNullable<CallState['served']>): void {
    const capabilities = served.model.capabilities;
    const needed = call.operation === 'embeddings' ? 'embeddings'
      : call.operation === 'chat' ? 'chat'
      : call.operation === 'predict' && takesRecords(served.model) ? 'predict'
      : 'completions';
    if (!capabilities[needed]) {
      throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not support ${needed}.`);
    }
    if (call.stream && !capabilities.streaming) {
      throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not support streaming.`);
    }
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
    const state = newCallState();
    state.statusCode = error.status;
    state.errorCode = error.code;
    state.response = body;
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

  /**
   * Usage when the model answered without reporting any (counted, flagged estimated), the call's cost, and the
   * settlement of its admission (refunding what it reserved and did not use).
   */
  private account(call: RejectedCall, state: CallState): void {
    const { gateway } = this.dependencies;
    const invocation = call as Invocation;
    if (!state.usage && state.served && state.statusCode < 400 && invocation.params) {
      state.usage = countedUsage(invocation, state.response, gateway);
    }
    const usage = state.usage;
    if (usage && state.served) {
      state.costUsd = gateway.prices.cost(state.served.modelName, usage, state.policy?.pricing).usd;
      if (usage.estimated) this.dependencies.metrics.usageEstimated(call.endpointName, state.served.entity.name);
      if (state.policy?.usageTracking !== false) this.dependencies.metrics.cost(call.endpointName, state.served.entity.name, state.served.modelName, state.costUsd);
    }
    if (state.admission) {
      const tokens = usage ? usage.inputTokens + usage.outputTokens : 0;
      void state.admission.settle({ tokens, usd: state.costUsd ?? 0 }).catch((error: unknown) => {
        call.request.log.warn({ err: error, request_id: call.request.id }, 'could not settle a rate-limit or budget reservation');
      });
    }
  }

  /** Sampling and the per-endpoint switch apply to successful calls only: every failed call is captured. */
  private captured(state: CallState): boolean {
    const capture = state.policy?.capture;
    if (!capture || state.statusCode >= 400) return true;
    if (!capture.enabled) return false;
    return capture.samplingFraction >= 1 || this.random() < capture.samplingFraction;
  }

  private record(call: RejectedCall, state: CallState): void {
    const { request } = call;
    const endpointId = this.attribution(call, state);
    const durationMs = performance.now() - request.startedAt;
    const overheadMs = Math.max(0, durationMs - request.upstreamMs);
    this.account(call, state);
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
    const captured = this.captured(state);
    const observers = this.dependencies.observers ?? [];
    if (!captured && observers.length === 0) return;
    const record: CaptureRecord = {
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
      cost_usd: state.costUsd,
      usage_estimated: state.usage ? state.usage.estimated === true : null,
      guardrail_results: state.verdicts.length > 0 ? state.verdicts : null,
      attempts: state.attempts.length > 1 ? state.attempts : null,
      policy: state.policy?.capture.policy,
    };
    if (observers.length > 0) {
      const observation: CallObservation = {
        record,
        captured,
        operation: otelOperation[call.operation],
        provider: served?.model.provider ?? null,
        authorised: endpointId !== UNATTRIBUTED,
        traceparent: typeof request.headers.traceparent === 'string' ? request.headers.traceparent : null,
      };
      for (const observer of observers) {
        try {
          observer.observe(observation);
        } catch {
          // Observers are in-memory aggregators; one failing must never fail a response or starve the others.
        }
      }
    }
    if (captured) this.dependencies.capture.enqueue(record);
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** W3C traceparent's trace id when the caller sent one. */
function traceIdOf(request: FastifyRequest): string | null {
  const header = request.headers.traceparent;
  if (typeof header !== 'string') return null;
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(header.trim());
  return match ? match[1]! : null;
}
