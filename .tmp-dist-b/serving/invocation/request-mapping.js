/** Fields of an OpenAI body that are consumed by Cairn itself and never forwarded as `extra`. */
const consumed = new Set([
    'model', 'messages', 'prompt', 'input', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop', 'seed', 'n',
    'presence_penalty', 'frequency_penalty', 'stream', 'stream_options', 'client_request_id', 'usage_context',
    'dataframe_records', 'dataframe_split', 'inputs', 'instances',
]);
export function generationParams(body) {
    const extra = {};
    for (const [key, value] of Object.entries(body)) {
        if (!consumed.has(key) && value !== undefined && value !== null)
            extra[key] = value;
    }
    const params = { extra };
    if (body.temperature != null)
        params.temperature = body.temperature;
    if (body.top_p != null)
        params.top_p = body.top_p;
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    if (maxTokens != null)
        params.max_tokens = maxTokens;
    if (body.stop != null)
        params.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
    if (body.seed != null)
        params.seed = body.seed;
    if (body.n != null)
        params.n = body.n;
    if (body.presence_penalty != null)
        params.presence_penalty = body.presence_penalty;
    if (body.frequency_penalty != null)
        params.frequency_penalty = body.frequency_penalty;
    return params;
}
export function chatInput(messages) {
    return {
        kind: 'chat',
        messages: messages.map((message) => ({ ...message, content: message.content ?? null })),
    };
}
export function completionInput(prompt) {
    return { kind: 'completion', prompt: Array.isArray(prompt) ? (prompt[0] ?? '') : prompt };
}
/** Turns Databricks `dataframe_records` / `dataframe_split` / `inputs` / `instances` into prompts. */
export function predictionPrompts(body) {
    const fromRecord = (record) => {
        if (typeof record === 'string')
            return record;
        if (record && typeof record === 'object') {
            const value = record;
            for (const key of ['prompt', 'text', 'input', 'question']) {
                if (typeof value[key] === 'string')
                    return value[key];
            }
            const firstString = Object.values(value).find((field) => typeof field === 'string');
            if (typeof firstString === 'string')
                return firstString;
        }
        return JSON.stringify(record ?? '');
    };
    if (Array.isArray(body.dataframe_records))
        return body.dataframe_records.map(fromRecord);
    if (Array.isArray(body.instances))
        return body.instances.map(fromRecord);
    const split = body.dataframe_split;
    if (split && Array.isArray(split.data)) {
        return split.data.map((row) => {
            const columns = split.columns ?? [];
            return fromRecord(Object.fromEntries(row.map((cell, index) => [columns[index] ?? String(index), cell])));
        });
    }
    if (body.inputs !== undefined) {
        const inputs = body.inputs;
        if (Array.isArray(inputs))
            return inputs.map(fromRecord);
        if (inputs && typeof inputs === 'object') {
            const columns = Object.values(inputs).find(Array.isArray);
            if (columns)
                return columns.map(fromRecord);
        }
        return [fromRecord(inputs)];
    }
    return undefined;
}
//# sourceMappingURL=request-mapping.js.map