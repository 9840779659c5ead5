/** Request parameters that map to `gen_ai.request.*` attributes (numbers only; never message content). */
const requestParameters = [
    ['max_tokens', 'gen_ai.request.max_tokens'],
    ['max_completion_tokens', 'gen_ai.request.max_tokens'],
    ['temperature', 'gen_ai.request.temperature'],
    ['top_p', 'gen_ai.request.top_p'],
    ['frequency_penalty', 'gen_ai.request.frequency_penalty'],
    ['presence_penalty', 'gen_ai.request.presence_penalty'],
    ['seed', 'gen_ai.request.seed'],
];
function objectOrNull(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}
/** `{gen_ai.operation.name} {gen_ai.request.model}`, the span name the GenAI conventions ask for. */
export function genAiSpanName(observation) {
    const model = observation.record.model_name;
    return model ? `${observation.operation} ${model}` : observation.operation;
}
/** The OpenTelemetry GenAI (and a few Cairn) attributes of one finished call. */
export function genAiSpanAttributes(observation) {
    const { record } = observation;
    const attributes = {
        'gen_ai.operation.name': observation.operation,
        'http.response.status_code': record.status_code,
        'cairn.endpoint.name': record.endpoint_name,
        'cairn.request_id': record.request_id,
        'cairn.stream': record.stream,
    };
    if (observation.provider)
        attributes['gen_ai.provider.name'] = observation.provider;
    if (record.model_name) {
        attributes['gen_ai.request.model'] = record.model_name;
        attributes['gen_ai.response.model'] = record.model_name;
    }
    if (record.served_entity_name)
        attributes['cairn.served_entity.name'] = record.served_entity_name;
    if (record.model_version)
        attributes['cairn.model.version'] = record.model_version;
    if (record.input_tokens !== null)
        attributes['gen_ai.usage.input_tokens'] = record.input_tokens;
    if (record.output_tokens !== null)
        attributes['gen_ai.usage.output_tokens'] = record.output_tokens;
    if (record.ttft_ms !== null)
        attributes['gen_ai.server.time_to_first_token'] = record.ttft_ms / 1000;
    if (typeof record.cost_usd === 'number')
        attributes['cairn.cost_usd'] = record.cost_usd;
    if (record.error_code)
        attributes['error.type'] = record.error_code;
    else if (record.status_code >= 400)
        attributes['error.type'] = String(record.status_code);
    const request = objectOrNull(record.request);
    if (request) {
        for (const [field, name] of requestParameters) {
            const value = request[field];
            if (typeof value === 'number' && Number.isFinite(value))
                attributes[name] = value;
        }
        if (typeof request.n === 'number' && request.n !== 1)
            attributes['gen_ai.request.choice.count'] = request.n;
    }
    const response = objectOrNull(record.response);
    if (response) {
        if (typeof response.id === 'string')
            attributes['gen_ai.response.id'] = response.id;
        const choices = Array.isArray(response.choices) ? response.choices : [];
        const reasons = choices.map((choice) => objectOrNull(choice)?.finish_reason).filter((reason) => typeof reason === 'string');
        if (reasons.length > 0)
            attributes['gen_ai.response.finish_reasons'] = reasons;
    }
    const guardrails = Array.isArray(record.guardrail_results) ? record.guardrail_results : [];
    const triggered = guardrails
        .map((verdict) => objectOrNull(verdict))
        .filter((verdict) => verdict && typeof verdict.action === 'string' && verdict.action !== 'allow')
        .map((verdict) => String(verdict?.guardrail ?? verdict?.name ?? 'guardrail'));
    if (triggered.length > 0)
        attributes['cairn.guardrails.triggered'] = triggered;
    return attributes;
}
//# sourceMappingURL=gen-ai-attributes.js.map