import { isRecord, parseStoredPayload } from './lenient-json.js';
/**
 * A system message shorter than this many words is taken for instructions ("You are a helpful assistant"), not
 * retrieved context: judging an answer's groundedness against a one-line persona would call every answer
 * ungrounded.
 */
export const MIN_SYSTEM_CONTEXT_WORDS = 30;
const PROMPT_FIELDS = ['prompt', 'question', 'query', 'input', 'text', 'inputs'];
const ANSWER_FIELDS = ['content', 'text', 'answer', 'generated_text', 'output', 'response', 'completion', 'prediction', 'predictions', 'outputs'];
const CONTEXT_FIELDS = ['context', 'contexts', 'documents', 'docs', 'retrieved_context', 'sources'];
/** The text of a message `content`: a string, or the `text` of its parts. */
function contentText(content) {
    if (typeof content === 'string')
        return content;
    if (Array.isArray(content)) {
        const parts = content.map((part) => (typeof part === 'string' ? part : isRecord(part) && typeof part.text === 'string' ? part.text : null)).filter((part) => part !== null);
        return parts.length > 0 ? parts.join('\n') : null;
    }
    return null;
}
/** Any text a loosely shaped value holds: strings, arrays of them, or named text fields, depth-bounded. */
function looseText(value, fields, depth = 0) {
    if (depth > 4 || value === null || value === undefined)
        return null;
    if (typeof value === 'string')
        return value;
    if (Array.isArray(value)) {
        const texts = value.slice(0, 64).map((item) => looseText(item, fields, depth + 1)).filter((text) => text !== null);
        return texts.length > 0 ? texts.join('\n') : null;
    }
    if (isRecord(value)) {
        for (const field of fields) {
            if (field in value) {
                const text = looseText(value[field], fields, depth + 1);
                if (text !== null)
                    return text;
            }
        }
    }
    return null;
}
function wordCount(text) {
    return text.split(/\s+/).filter((word) => word.length > 0).length;
}
function readMessages(messages) {
    let prompt = null;
    const context = [];
    let conversationChars = 0;
    for (const message of messages) {
        if (!isRecord(message))
            continue;
        const text = contentText(message.content);
        if (text === null)
            continue;
        conversationChars += text.length;
        const role = message.role;
        if (role === 'user')
            prompt = text;
        else if (role === 'tool' || role === 'function')
            context.push(text);
        else if ((role === 'system' || role === 'developer') && wordCount(text) >= MIN_SYSTEM_CONTEXT_WORDS)
            context.push(text);
    }
    return { operation: 'chat', prompt, context, conversationChars };
}
function readRequest(request) {
    const none = { operation: 'other', prompt: null, context: [], conversationChars: 0 };
    if (typeof request === 'string')
        return { ...none, prompt: request, conversationChars: request.length };
    if (!isRecord(request))
        return none;
    let texts;
    if (Array.isArray(request.messages))
        texts = readMessages(request.messages);
    else if ('prompt' in request) {
        const prompt = Array.isArray(request.prompt) ? looseText(request.prompt.at(-1), []) : looseText(request.prompt, PROMPT_FIELDS);
        texts = { operation: 'text_completion', prompt, context: [], conversationChars: prompt?.length ?? 0 };
    }
    else if ('input' in request && !('inputs' in request)) {
        const input = looseText(request.input, PROMPT_FIELDS);
        texts = { operation: 'embeddings', prompt: input, context: [], conversationChars: input?.length ?? 0 };
    }
    else {
        // Databricks invocations: {inputs: …}, {dataframe_records: [{…}]}, {dataframe_split: {data}}, {instances: […]}.
        const source = request.inputs ?? request.dataframe_records ?? request.instances ?? (isRecord(request.dataframe_split) ? request.dataframe_split.data : undefined);
        const nested = isRecord(source) && Array.isArray(source.messages) ? readMessages(source.messages) : undefined;
        const prompt = nested?.prompt ?? looseText(source, PROMPT_FIELDS);
        texts = nested ?? { operation: 'other', prompt, context: [], conversationChars: prompt?.length ?? 0 };
    }
    for (const field of CONTEXT_FIELDS) {
        if (field in request) {
            const context = looseText(request[field], ['text', 'content', 'page_content', 'document', 'snippet']);
            if (context !== null && context.trim() !== '')
                texts.context.push(context);
        }
    }
    return texts;
}
/** An assistant message's text; a reply made only of tool calls reads as those calls. */
function messageText(message) {
    const text = contentText(message.content);
    if (text !== null && text !== '')
        return text;
    if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
        return message.tool_calls
            .map((call) => (isRecord(call) && isRecord(call.function) ? `${String(call.function.name)}(${typeof call.function.arguments === 'string' ? call.function.arguments : ''})` : ''))
            .join('\n');
    }
    return text;
}
function readResponse(response) {
    if (typeof response === 'string')
        return response;
    if (!isRecord(response))
        return Array.isArray(response) ? looseText(response, ANSWER_FIELDS) : null;
    if (Array.isArray(response.choices)) {
        const choice = response.choices[0];
        if (!isRecord(choice))
            return null;
        if (isRecord(choice.message))
            return messageText(choice.message);
        if (isRecord(choice.delta))
            return messageText(choice.delta);
        if (typeof choice.text === 'string')
            return choice.text;
        return null;
    }
    // An embeddings answer holds vectors (stored as {object, index, dimensions}), no text.
    if (response.object === 'list' && Array.isArray(response.data))
        return null;
    if ('error' in response || 'error_code' in response)
        return null;
    return looseText(response, ANSWER_FIELDS);
}
export function extractCallTexts(row) {
    const request = parseStoredPayload(row.request);
    const response = parseStoredPayload(row.response);
    const read = readRequest(request.value);
    const isEmbeddings = read.operation === 'embeddings' || (isRecord(response.value) && response.value.object === 'list');
    return {
        operation: isEmbeddings ? 'embeddings' : read.operation,
        prompt: read.prompt,
        response: isEmbeddings ? null : readResponse(response.value),
        context: read.context.length > 0 ? read.context.join('\n\n') : null,
        conversation_chars: read.conversationChars,
        truncated: request.truncated || response.truncated,
    };
}
//# sourceMappingURL=extract-call.js.map