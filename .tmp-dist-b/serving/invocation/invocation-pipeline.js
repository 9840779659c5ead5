import { CairnError, isCairnError } from '../../errors/index.js';
import { pickRoute } from '../traffic.js';
import { inputSegments } from './call-segments.js';
import { newCallState } from './invocation.js';
import { countedUsage, embed, generate, predict, stream, toError } from './model-calls.js';
import { admit, checkInput, prepareOutput } from './policy-gate.js';
import { applyRequestLimits } from './request-limits.js';
/** Endpoint id and metrics label of calls not authorised on the endpoint they name; never an endpoint's id or name. */
const UNATTRIBUTED = '(none)';
const otelOperation = { chat: 'chat', completion: 'text_completion', embeddings: 'embeddings', predict: 'text_completion' };
/**
 * The invocation pipeline: resolve endpoint → request caps → admission (rate limits, budgets) → input guardrails →
 * the model call (with retries, fallbacks, circuit breakers) → output guardrails → JSON or SSE → usage, cost,
 * settlement, capture and metrics. Every call, success or failure, produces exactly one metrics observation and
 * (unless sampled out) one capture row; neither can delay or fail the response.
 */
export class InvocationPipeline {
    dependencies;
    random;
    constructor(dependencies) {
        this.dependencies = dependencies;
        this.random = dependencies.random ?? Math.random;
    }
    async run(call) {
        const { reply } = call;
        const { metrics, gateway } = this.dependencies;
        const state = newCallState();
        const controller = new AbortController();
        const timeoutMs = this.dependencies.config.server.request_timeout_ms;
        const timer = setTimeout(() => controller.abort(new CairnError('REQUEST_TIMEOUT', `The call did not finish within ${timeoutMs} ms.`)), timeoutMs);
        const onClose = () => {
            if (!reply.raw.writableFinished)
                controller.abort(new CairnError('CLIENT_CLOSED_REQUEST', 'The client closed the connection.'));
        };
        reply.raw.once('close', onClose);
        let release;
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
            if (!served)
                throw new CairnError('INTERNAL_ERROR', `Route names unknown served entity ${entityName}.`);
            state.served = served;
            reply.header('served-model-name', entityName);
            this.checkCapability(call, served);
            applyRequestLimits(call, policy.requestLimits, state.warnings);
            if (state.warnings.length > 0)
                reply.header('x-cairn-warnings', state.warnings.join('; ').slice(0, 1000));
            prepareOutput(call, policy, controller.signal);
            // Segments are only built when a policy reads them: an endpoint without policies pays nothing here.
            if (policy.admits || !policy.guardrails.input.isEmpty) {
                const input = inputSegments(call);
                await admit(call, state, policy, gateway, metrics, input, served.modelName);
                await checkInput(call, state, policy, metrics, input, controller.signal);
                // The client may have gone (or the call timed out) while admission or a guardrail awaited I/O.
                controller.signal.throwIfAborted();
            }
            const context = {
                call, state, runtime, policy, tools: gateway, metrics, signal: controller.signal,
                abort: (reason) => controller.abort(reason),
            };
            if (call.operation === 'embeddings')
                await embed(context);
            else if (call.operation === 'predict')
                await predict(context);
            else if (call.stream)
                await stream(context);
            else
                await generate(context);
        }
        catch (error) {
            this.fail(call, state, controller.signal.aborted && isCairnError(controller.signal.reason) ? controller.signal.reason : error);
        }
        finally {
            clearTimeout(timer);
            reply.raw.off('close', onClose);
            if (release) {
                release();
                metrics.inFlight(call.endpointName, -1);
            }
            this.record(call, state);
        }
    }
    checkCapability(call, served) {
        const capabilities = served.model.capabilities;
        const needed = call.operation === 'embeddings' ? 'embeddings' : call.operation === 'chat' ? 'chat' : 'completions';
        if (!capabilities[needed]) {
            throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not support ${needed}.`);
        }
        if (call.stream && !capabilities.streaming) {
            throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Served entity ${served.entity.name} does not support streaming.`);
        }
    }
    fail(call, state, error) {
        const cairnError = toError(error);
        state.statusCode = cairnError.status;
        state.errorCode = cairnError.code;
        if (cairnError.code === 'INTERNAL_ERROR')
            call.request.log.error({ err: error, request_id: call.request.id }, 'invocation failed');
        const body = call.errorBody(cairnError);
        state.response = body;
        const { reply } = call;
        if (reply.sent || reply.raw.headersSent || reply.raw.destroyed)
            return;
        for (const [name, value] of Object.entries(cairnError.headers))
            reply.header(name, value);
        reply.status(cairnError.status).type('application/json').send(body);
    }
    /**
     * Books a call that failed before the pipeline ran (unparseable, oversize or invalid body), so every
     * query attempt still becomes a capture row and a metrics observation.
     */
    recordRejected(call, error, body) {
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
    attribution(call, state) {
        if (state.endpointId)
            return state.endpointId;
        return this.dependencies.serving.queryableEndpointId(call.principal, call.endpointName) ?? UNATTRIBUTED;
    }
    /**
     * Usage when the model answered without reporting any (counted, flagged estimated), the call's cost, and the
     * settlement of its admission (refunding what it reserved and did not use).
     */
    account(call, state) {
        const { gateway } = this.dependencies;
        const invocation = call;
        if (!state.usage && state.served && state.statusCode < 400 && invocation.params) {
            state.usage = countedUsage(invocation, state.response, gateway);
        }
        const usage = state.usage;
        if (usage && state.served) {
            state.costUsd = gateway.prices.cost(state.served.modelName, usage, state.policy?.pricing).usd;
            if (usage.estimated)
                this.dependencies.metrics.usageEstimated(call.endpointName, state.served.entity.name);
            if (state.policy?.usageTracking !== false)
                this.dependencies.metrics.cost(call.endpointName, state.served.entity.name, state.served.modelName, state.costUsd);
        }
        if (state.admission) {
            const tokens = usage ? usage.inputTokens + usage.outputTokens : 0;
            void state.admission.settle({ tokens, usd: state.costUsd ?? 0 }).catch((error) => {
                call.request.log.warn({ err: error, request_id: call.request.id }, 'could not settle a rate-limit or budget reservation');
            });
        }
    }
    /** Sampling and the per-endpoint switch apply to successful calls only: every failed call is captured. */
    captured(state) {
        const capture = state.policy?.capture;
        if (!capture || state.statusCode >= 400)
            return true;
        if (!capture.enabled)
            return false;
        return capture.samplingFraction >= 1 || this.random() < capture.samplingFraction;
    }
    record(call, state) {
        const { request } = call;
        const endpointId = this.attribution(call, state);
        const durationMs = performance.now() - request.startedAt;
        const overheadMs = Math.max(0, durationMs - request.upstreamMs);
        this.account(call, state);
        const served = state.served;
        if (state.warnings.length > 0)
            state.loggingErrorCodes.push('UNSUPPORTED_PARAMETERS');
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
        if (!captured && observers.length === 0)
            return;
        const record = {
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
            const observation = {
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
                }
                catch {
                    // Observers are in-memory aggregators; one failing must never fail a response or starve the others.
                }
            }
        }
        if (captured)
            this.dependencies.capture.enqueue(record);
    }
}
function round(value) {
    return Math.round(value * 100) / 100;
}
/** W3C traceparent's trace id when the caller sent one. */
function traceIdOf(request) {
    const header = request.headers.traceparent;
    if (typeof header !== 'string')
        return null;
    const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(header.trim());
    return match ? match[1] : null;
}
//# sourceMappingURL=invocation-pipeline.js.map