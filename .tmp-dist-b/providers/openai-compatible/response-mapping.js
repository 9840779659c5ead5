import { CairnError } from '../../errors/index.js';
/** OpenAI's finish reasons pass through; other hosts' spellings map to their meaning. */
export function mapFinishReason(reason) {
    switch (reason) {
        case 'stop':
        case 'length':
        case 'tool_calls':
        case 'content_filter':
        case 'error':
            return reason;
        case 'function_call':
            return 'tool_calls';
        case 'max_tokens':
        case 'model_length':
            return 'length';
        case 'abort':
            return 'error';
        default:
            // `eos`, `eos_token`, `stop_sequence` and unknown values all mean the model ended normally.
            return 'stop';
    }
}
export function mapUsage(usage) {
    if (usage === null || usage === undefined)
        return undefined;
    return {
        inputTokens: usage.prompt_tokens ?? 0,
        outputTokens: usage.completion_tokens ?? Math.max(0, (usage.total_tokens ?? 0) - (usage.prompt_tokens ?? 0)),
    };
}
function byIndex(choices) {
    return choices.sort((left, right) => left.index - right.index);
}
export function mapChatCompletion(wire) {
    const choices = wire.choices.map((choice, position) => {
        const mapped = {
            index: choice.index ?? position,
            text: choice.message.content ?? '',
            finishReason: mapFinishReason(choice.finish_reason),
        };
        const toolCalls = choice.message.tool_calls;
        if (toolCalls !== null && toolCalls !== undefined && toolCalls.length > 0) {
            mapped.toolCalls = toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.function.name, arguments: call.function.arguments ?? '' },
            }));
        }
        return mapped;
    });
    return withMetadata(wire, byIndex(choices));
}
export function mapTextCompletion(wire) {
    const choices = wire.choices.map((choice, position) => ({
        index: choice.index ?? position,
        text: choice.text ?? '',
        finishReason: mapFinishReason(choice.finish_reason),
    }));
    return withMetadata(wire, byIndex(choices));
}
function withMetadata(wire, choices) {
    const result = { choices };
    if (typeof wire.id === 'string')
        result.id = wire.id;
    if (typeof wire.model === 'string')
        result.model = wire.model;
    const usage = mapUsage(wire.usage);
    if (usage !== undefined)
        result.usage = usage;
    return result;
}
function decodeBase64Floats(encoded) {
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length % 4 !== 0)
        throw new CairnError('UPSTREAM_INVALID_RESPONSE', 'The upstream sent a malformed base64 embedding.');
    const vector = new Array(bytes.length / 4);
    for (let index = 0; index < vector.length; index++)
        vector[index] = bytes.readFloatLE(index * 4);
    return vector;
}
export function mapEmbeddings(wire, expectedCount) {
    if (wire.data.length !== expectedCount) {
        throw new CairnError('UPSTREAM_INVALID_RESPONSE', `The upstream returned ${wire.data.length} embeddings for ${expectedCount} inputs.`);
    }
    const ordered = wire.data
        .map((item, position) => ({ index: item.index ?? position, embedding: item.embedding }))
        .sort((left, right) => left.index - right.index);
    const result = {
        embeddings: ordered.map((item) => (typeof item.embedding === 'string' ? decodeBase64Floats(item.embedding) : item.embedding)),
    };
    if (typeof wire.model === 'string')
        result.model = wire.model;
    if (wire.usage !== null && wire.usage !== undefined) {
        result.usage = { inputTokens: wire.usage.prompt_tokens ?? wire.usage.total_tokens ?? 0, outputTokens: 0 };
    }
    return result;
}
//# sourceMappingURL=response-mapping.js.map