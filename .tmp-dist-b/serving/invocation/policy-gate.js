import { CairnError, isCairnError } from '../../errors/index.js';
import { outputSegments } from './call-segments.js';
/**
 * Output tokens reserved against token limits and budgets when the caller sets no `max_tokens` (and the endpoint
 * no cap). Settlement debits what the call really used, so this only decides how early a nearly spent limit refuses.
 */
export const DEFAULT_OUTPUT_RESERVE = 256;
export function guardrailContext(call, stage, signal) {
    const context = { stage, endpointName: call.endpointName, requestId: call.request.id, signal };
    if (stage === 'output') {
        const schema = responseSchemaOf(call.params.extra.response_format);
        if (schema !== undefined)
            context.responseSchema = schema;
    }
    return context;
}
/** The JSON schema of `response_format: {type: 'json_schema', json_schema: {schema}}`, when the call has one. */
function responseSchemaOf(format) {
    if (!format || typeof format !== 'object')
        return undefined;
    const value = format;
    if (value.type !== 'json_schema' || !value.json_schema || typeof value.json_schema.schema !== 'object' || value.json_schema.schema === null)
        return undefined;
    return value.json_schema.schema;
}
export function isPromise(value) {
    return typeof value?.then === 'function';
}
/** Books verdicts for capture and metrics, sets the flag header, throws GUARDRAIL_BLOCKED on a block. */
export function applyOutcome(call, state, metrics, stage, outcome) {
    recordVerdicts(call, state, metrics, outcome.verdicts);
    if (outcome.action === 'block') {
        const guardrail = outcome.blockedBy ?? outcome.verdicts.find((verdict) => verdict.action === 'block')?.guardrail ?? 'guardrail';
        metrics.policyRejection(call.endpointName, 'guardrail');
        throw new CairnError('GUARDRAIL_BLOCKED', `The ${stage} was blocked by the ${guardrail} guardrail.`, { details: { guardrail, stage } });
    }
}
export function recordVerdicts(call, state, metrics, verdicts) {
    const flagged = [];
    for (const verdict of verdicts) {
        state.verdicts.push(verdict);
        metrics.guardrailVerdict(call.endpointName, verdict.guardrail, verdict.stage, verdict.action);
        if (verdict.action === 'flag')
            flagged.push(`${verdict.guardrail}=flagged`);
        if (verdict.error)
            state.loggingErrorCodes.push('GUARDRAIL_ERROR');
    }
    if (flagged.length > 0 && !call.reply.raw.headersSent) {
        const previous = call.reply.getHeader('x-cairn-guardrail');
        call.reply.header('x-cairn-guardrail', previous ? `${String(previous)}, ${flagged.join(', ')}` : flagged.join(', '));
    }
}
/** Input guardrails: block before the model is called (it receives nothing), mask what it will see, flag. */
export async function checkInput(call, state, policy, metrics, input, signal) {
    const runner = policy.guardrails.input;
    if (runner.isEmpty || input.segments.length === 0)
        return;
    const result = runner.run(input.segments, guardrailContext(call, 'input', signal));
    const outcome = isPromise(result) ? await result : result;
    applyOutcome(call, state, metrics, 'input', outcome);
    if (outcome.action === 'mask') {
        outcome.segments.forEach((segment, index) => {
            if (segment.text !== input.segments[index]?.text)
                input.write(index, segment.text);
        });
    }
}
/**
 * Lets output guardrails refuse, before admission and before the model is called, what the request asks of them and
 * they cannot honour (a `response_format` JSON schema that does not compile, or can backtrack): a 400 that costs
 * neither a rate-limit slot nor a model call.
 */
export function prepareOutput(call, policy, signal) {
    const runner = policy.guardrails.output;
    if (runner.isEmpty || call.operation === 'embeddings')
        return;
    runner.prepare(guardrailContext(call, 'output', signal));
}
/** Output guardrails on a finished (non-streamed) generation; masks are written into the result. */
export async function checkOutput(call, state, policy, metrics, result, signal) {
    const runner = policy.guardrails.output;
    if (runner.isEmpty)
        return;
    const segments = outputSegments(result);
    const ran = runner.run(segments, guardrailContext(call, 'output', signal));
    const outcome = isPromise(ran) ? await ran : ran;
    applyOutcome(call, state, metrics, 'output', outcome);
    if (outcome.action === 'mask') {
        outcome.segments.forEach((segment, index) => {
            const choice = result.choices[index];
            if (choice)
                choice.text = segment.text;
        });
    }
}
/**
 * Cheap input-token estimate for reservations, no tokenizer on the request path: the cost area's chat estimate
 * (message framing, tool definitions, images) for chat, the plain estimate of each text otherwise.
 */
function estimateInputTokens(call, tools, segments) {
    if (call.input?.kind === 'chat')
        return tools.tokens.estimateChatInputTokens(call.input.messages, call.params.extra.tools);
    let tokens = 0;
    for (const segment of segments)
        tokens += tools.tokens.estimate(segment.text);
    return tokens;
}
/**
 * Rate limits and budgets: reserves the estimated input plus the most output the call may produce, or throws
 * 429/503. The admission's headers go on the response either way.
 */
export async function admit(call, state, policy, tools, metrics, input, modelName) {
    if (!policy.admits)
        return;
    const inputTokens = estimateInputTokens(call, tools, input.segments);
    const outputTokens = call.operation === 'embeddings' ? 0 : (call.params.max_tokens ?? DEFAULT_OUTPUT_RESERVE) * Math.max(1, call.params.n ?? 1);
    const reservedUsd = tools.prices.cost(modelName, { inputTokens, outputTokens }, policy.pricing).usd;
    try {
        state.admission = await tools.limits.admit({
            endpointId: state.endpointId ?? '',
            endpointName: call.endpointName,
            caller: { id: call.principal.id, name: call.principal.name, kind: call.principal.kind, groupNames: tools.groupNamesOf(call.principal) },
            rateLimits: policy.rateLimits,
            budgets: policy.budgets,
            reservedTokens: inputTokens + outputTokens,
            reservedUsd,
        });
    }
    catch (error) {
        if (isCairnError(error))
            metrics.policyRejection(call.endpointName, rejectionReason(error));
        throw error;
    }
    for (const [name, value] of Object.entries(state.admission.headers))
        call.reply.header(name, value);
    if (call.operation !== 'embeddings')
        capOutputToBudget(call, state, tools, policy, modelName, outputTokens);
}
/**
 * A budget's last call may not spend past it: when the headroom after this call's reservation is negative, the
 * call's `max_tokens` is lowered to what the budget still allows (with a warning header), so even a non-streamed
 * call, which cannot be cut mid-way, ends within the budget.
 */
function capOutputToBudget(call, state, tools, policy, modelName, reservedOutput) {
    const headroom = state.admission?.headroom;
    if (!headroom)
        return;
    let allowed = Number.POSITIVE_INFINITY;
    if (headroom.tokens !== null && headroom.tokens < 0)
        allowed = reservedOutput + headroom.tokens;
    if (headroom.usd !== null && headroom.usd < 0) {
        const perOutputToken = tools.prices.cost(modelName, { inputTokens: 0, outputTokens: 1_000_000 }, policy.pricing).usd / 1_000_000;
        if (perOutputToken > 0)
            allowed = Math.min(allowed, reservedOutput + Math.floor(headroom.usd / perOutputToken));
    }
    if (!Number.isFinite(allowed))
        return;
    const perChoice = Math.max(1, Math.floor(allowed / Math.max(1, call.params.n ?? 1)));
    if (call.params.max_tokens !== undefined && call.params.max_tokens <= perChoice)
        return;
    call.params.max_tokens = perChoice;
    state.warnings.push(`max_tokens lowered to ${perChoice} (budget nearly spent)`);
    call.reply.header('x-cairn-warnings', state.warnings.join('; ').slice(0, 1000));
}
function rejectionReason(error) {
    if (error.code === 'BUDGET_EXCEEDED')
        return 'budget';
    if (error.code === 'POLICY_STORE_UNAVAILABLE')
        return 'policy_store';
    return 'rate_limit';
}
//# sourceMappingURL=policy-gate.js.map