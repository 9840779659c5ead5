function usageBody(usage) {
    if (!usage)
        return undefined;
    return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}
export function responseId(operation, requestId) {
    return `${operation === 'chat' ? 'chatcmpl' : 'cmpl'}-${requestId.replaceAll('-', '')}`;
}
export function generateResponseBody(operation, result, id, model, created) {
    const usage = usageBody(result.usage);
    if (operation === 'chat') {
        return {
            id,
            object: 'chat.completion',
            created,
            model,
            choices: result.choices.map((choice) => ({
                index: choice.index,
                message: {
                    role: 'assistant',
                    content: choice.toolCalls?.length && choice.text === '' ? null : choice.text,
                    ...(choice.toolCalls?.length ? { tool_calls: choice.toolCalls } : {}),
                },
                logprobs: null,
                finish_reason: choice.finishReason,
            })),
            ...(usage ? { usage } : {}),
        };
    }
    return {
        id,
        object: 'text_completion',
        created,
        model,
        choices: result.choices.map((choice) => ({ index: choice.index, text: choice.text, logprobs: null, finish_reason: choice.finishReason })),
        ...(usage ? { usage } : {}),
    };
}
/** OpenAI's base64 encoding: the vector as little-endian float32 bytes (the openai SDK asks for it by default). */
export function embeddingToBase64(vector) {
    const buffer = Buffer.allocUnsafe(vector.length * 4);
    for (let index = 0; index < vector.length; index++)
        buffer.writeFloatLE(vector[index], index * 4);
    return buffer.toString('base64');
}
export function embeddingsResponseBody(result, model, encoding = 'float') {
    const usage = result.usage ?? { inputTokens: 0, outputTokens: 0 };
    return {
        object: 'list',
        data: result.embeddings.map((embedding, index) => ({
            object: 'embedding',
            index,
            embedding: encoding === 'base64' ? embeddingToBase64(embedding) : embedding,
        })),
        model,
        usage: { prompt_tokens: usage.inputTokens, total_tokens: usage.inputTokens },
    };
}
/**
 * Turns canonical stream parts into OpenAI chunks and, at the same time, assembles the whole response
 * for capture (a streamed response is stored as if it had been returned in one piece).
 */
export class StreamTranscoder {
    operation;
    id;
    model;
    created;
    choices = new Map();
    usage;
    warnings = [];
    constructor(operation, id, model, created) {
        this.operation = operation;
        this.id = id;
        this.model = model;
        this.created = created;
    }
    choice(index) {
        let state = this.choices.get(index);
        if (!state) {
            state = { text: '', toolCalls: [], finishReason: null, started: false };
            this.choices.set(index, state);
        }
        return state;
    }
    chunk(choices) {
        return {
            id: this.id,
            object: this.operation === 'chat' ? 'chat.completion.chunk' : 'text_completion',
            created: this.created,
            model: this.model,
            choices,
        };
    }
    /** The chunk to send for a part, or undefined when the part only updates state (usage, metadata). */
    transcode(part) {
        switch (part.type) {
            case 'metadata':
                return undefined;
            case 'warning':
                this.warnings.push(part.message);
                return undefined;
            case 'usage':
                this.usage = part.usage;
                return undefined;
            case 'text-delta': {
                const state = this.choice(part.index);
                state.text += part.text;
                if (this.operation === 'completion') {
                    return this.chunk([{ index: part.index, text: part.text, logprobs: null, finish_reason: null }]);
                }
                const delta = { content: part.text };
                if (!state.started)
                    delta.role = 'assistant';
                state.started = true;
                return this.chunk([{ index: part.index, delta, logprobs: null, finish_reason: null }]);
            }
            case 'tool-call-delta': {
                const state = this.choice(part.index);
                const call = (state.toolCalls[part.toolCallIndex] ??= { id: part.id ?? '', type: 'function', function: { name: part.name ?? '', arguments: '' } });
                if (part.id)
                    call.id = part.id;
                if (part.name)
                    call.function.name = part.name;
                call.function.arguments += part.argumentsDelta;
                const toolDelta = { index: part.toolCallIndex, function: { arguments: part.argumentsDelta, ...(part.name ? { name: part.name } : {}) } };
                if (part.id) {
                    toolDelta.id = part.id;
                    toolDelta.type = 'function';
                }
                const delta = { tool_calls: [toolDelta] };
                if (!state.started)
                    delta.role = 'assistant';
                state.started = true;
                return this.chunk([{ index: part.index, delta, logprobs: null, finish_reason: null }]);
            }
            case 'finish': {
                this.choice(part.index).finishReason = part.finishReason;
                if (this.operation === 'completion') {
                    return this.chunk([{ index: part.index, text: '', logprobs: null, finish_reason: part.finishReason }]);
                }
                return this.chunk([{ index: part.index, delta: {}, logprobs: null, finish_reason: part.finishReason }]);
            }
        }
    }
    /** The final usage chunk (`stream_options.include_usage`). */
    usageChunk() {
        return { ...this.chunk([]), usage: usageBody(this.usage) ?? null };
    }
    get finished() {
        return this.choices.size > 0 && [...this.choices.values()].every((choice) => choice.finishReason !== null);
    }
    /** The whole response as a non-streaming body, for capture. */
    assembled() {
        const result = {
            choices: [...this.choices.entries()]
                .sort(([a], [b]) => a - b)
                .map(([index, state]) => ({
                index,
                text: state.text,
                toolCalls: state.toolCalls.length > 0 ? state.toolCalls : undefined,
                finishReason: state.finishReason ?? 'error',
            })),
            usage: this.usage,
        };
        return generateResponseBody(this.operation, result, this.id, this.model, this.created);
    }
}
//# sourceMappingURL=openai-format.js.map