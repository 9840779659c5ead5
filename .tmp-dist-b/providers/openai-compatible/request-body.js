/**
 * The upstream JSON body for a chat or text completion: `params.extra` verbatim (tools, tool_choice,
 * response_format, logprobs, user…), then the named parameters, then the fields Cairn owns (model, input,
 * stream), which win over anything in `extra`. Messages travel as given, without copying.
 */
export function completionRequestBody(model, input, params, stream, maxTokensField) {
    const body = { ...params.extra, model };
    if (input.kind === 'chat')
        body.messages = input.messages;
    else
        body.prompt = input.prompt;
    if (params.temperature !== undefined)
        body.temperature = params.temperature;
    if (params.top_p !== undefined)
        body.top_p = params.top_p;
    if (params.max_tokens !== undefined)
        body[maxTokensField] = params.max_tokens;
    if (params.stop !== undefined && params.stop.length > 0)
        body.stop = params.stop;
    if (params.seed !== undefined)
        body.seed = params.seed;
    if (params.n !== undefined)
        body.n = params.n;
    if (params.presence_penalty !== undefined)
        body.presence_penalty = params.presence_penalty;
    if (params.frequency_penalty !== undefined)
        body.frequency_penalty = params.frequency_penalty;
    if (stream) {
        const given = body.stream_options;
        const options = typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {};
        body.stream = true;
        // Usage arrives in a last chunk only when asked for; Cairn always needs it for accounting.
        body.stream_options = { ...options, include_usage: true };
    }
    else {
        delete body.stream;
        delete body.stream_options;
    }
    return JSON.stringify(body);
}
export function embeddingsRequestBody(model, input, dimensions) {
    return JSON.stringify(dimensions === undefined ? { model, input } : { model, input, dimensions });
}
//# sourceMappingURL=request-body.js.map