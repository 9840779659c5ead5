import { errorFromBody } from './api-client.js';
import { parseInteger, parseNumber, usageError } from './argument-parsers.js';
import { asArray, asRecord, asText, formatJson } from './output.js';
/** The invocation body; `readFile` supplies `--file`'s parsed document. */
export function buildInvocationBody(options, readFile) {
    const given = ['message', 'prompt', 'input', 'file'].filter((key) => options[key] !== undefined);
    if (given.length !== 1) {
        throw usageError(given.length === 0
            ? 'give one of --message, --prompt, --input or --file'
            : `give only one of --message, --prompt, --input or --file (got ${given.map((key) => `--${key}`).join(', ')})`);
    }
    if (options.system !== undefined && options.message === undefined)
        throw usageError('--system goes with --message');
    let body;
    if (options.message !== undefined) {
        const messages = [{ role: 'user', content: options.message }];
        if (options.system !== undefined)
            messages.unshift({ role: 'system', content: options.system });
        body = { messages };
    }
    else if (options.prompt !== undefined) {
        body = { prompt: options.prompt };
    }
    else if (options.input !== undefined) {
        if (options.stream)
            throw usageError('embeddings (--input) cannot be streamed');
        body = { input: options.input };
    }
    else {
        body = { ...readFile(options.file) };
    }
    if (options.maxTokens !== undefined)
        body.max_tokens = parseInteger(options.maxTokens, '--max-tokens', 1);
    if (options.temperature !== undefined)
        body.temperature = parseNumber(options.temperature, '--temperature');
    if (options.stream)
        body.stream = true;
    return body;
}
function embeddingSummary(item, index) {
    const vector = Array.isArray(item.embedding) ? item.embedding : [];
    const head = vector.slice(0, 4).map((value) => (typeof value === 'number' ? value.toFixed(4) : String(value)));
    return `embedding ${asText(item.index) ?? index}: ${vector.length} dimensions [${head.join(', ')}${vector.length > 4 ? ', …' : ''}]`;
}
/** The answer as a person wants to read it: the generated text, an embedding summary, or JSON. */
export function renderInvocationResult(result) {
    const choices = asArray(result.choices);
    if (choices.length > 0) {
        const texts = choices.map((choice) => {
            const message = asRecord(choice.message);
            const toolCalls = asArray(message.tool_calls);
            const text = asText(message.content) ?? asText(choice.text) ?? '';
            if (toolCalls.length === 0)
                return text;
            const calls = toolCalls.map((call) => `tool call ${asText(asRecord(call.function).name)}(${asText(asRecord(call.function).arguments) ?? ''})`);
            return [text, ...calls].filter((line) => line !== '').join('\n');
        });
        return texts.length === 1 ? texts[0] : texts.map((text, index) => `[${index}] ${text}`).join('\n');
    }
    const data = asArray(result.data);
    if (data.length > 0 && data.every((item) => 'embedding' in item))
        return data.map(embeddingSummary).join('\n');
    return formatJson(result.predictions ?? result).trimEnd();
}
/**
 * One SSE `data` payload of an invocation stream: OpenAI chunks carry text in `choices[].delta.content`
 * (chat) or `choices[].text` (completions); an `error` member is the server ending the stream on a failure.
 */
export function readStreamEvent(data) {
    if (data.trim() === '[DONE]')
        return { kind: 'done' };
    let chunk;
    try {
        chunk = asRecord(JSON.parse(data));
    }
    catch {
        return { kind: 'error', error: errorFromBody(502, {}, `the stream sent an event that is not JSON: ${data.slice(0, 200)}`) };
    }
    if (chunk.error !== undefined || typeof chunk.error_code === 'string') {
        return { kind: 'error', error: errorFromBody(200, chunk, 'the stream ended with an error') };
    }
    const text = asArray(chunk.choices)
        .map((choice) => asText(asRecord(choice.delta).content) ?? asText(choice.text) ?? asText(asRecord(choice.message).content) ?? '')
        .join('');
    return text === '' ? { kind: 'other' } : { kind: 'text', text };
}
//# sourceMappingURL=invocation.js.map