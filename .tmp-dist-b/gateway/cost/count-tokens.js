import { createRequire } from 'node:module';
/**
 * The o200k tables cost about 1 s of CPU and 60 MB to load, so they are loaded on first use (or at start-up
 * with `preloadTokenizer`), not when this module is imported: processes that never count pay nothing. Loaded
 * with require because counting is synchronous and a dynamic import is not.
 */
let tokenizer;
function o200k() {
    tokenizer ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base');
    return tokenizer;
}
/** Loads the tokenizer now (call at server start, before traffic, when usage may need counting). */
export function preloadTokenizer() {
    o200k();
}
/**
 * Special-token strings in user text (`<|endoftext|>`) are ordinary text here: the tokenizer's default is to
 * throw on them, which would let any prompt break usage accounting.
 */
const AS_ORDINARY_TEXT = { disallowedSpecial: new Set() };
/** Exact o200k count (GPT-4o, 4.1, o-series, GPT-5). About 30–100 µs per 2 KB of English; linear in the text. */
export function countTextTokens(text) {
    return text.length === 0 ? 0 : o200k().countTokens(text, AS_ORDINARY_TEXT);
}
/** OpenAI's chat framing (openai-cookbook "How to count tokens with tiktoken"): per message, per name, reply priming. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING_TOKENS = 3;
/** Per tool call in an assistant message: the call's framing around its name and arguments. */
const TOKENS_PER_TOOL_CALL = 3;
/** Image parts: OpenAI bills 85 tokens at `detail: low`; 765 is a 1024×1024 image at high detail (85 + 4 × 170 tiles). */
const LOW_DETAIL_IMAGE_TOKENS = 85;
const DEFAULT_IMAGE_TOKENS = 765;
/** Tokens of a chat prompt, with `textTokens` counting each piece of text (the estimate or the tokenizer). */
export function chatInputTokens(messages, tools, textTokens) {
    let total = REPLY_PRIMING_TOKENS + toolDefinitionTokens(tools, textTokens);
    for (const message of messages) {
        total += TOKENS_PER_MESSAGE + textTokens(message.role);
        if (typeof message.content === 'string')
            total += textTokens(message.content);
        else if (Array.isArray(message.content)) {
            for (const part of message.content)
                total += contentPartTokens(part, textTokens);
        }
        if (message.name !== undefined)
            total += TOKENS_PER_NAME + textTokens(message.name);
        if (message.tool_calls !== undefined) {
            for (const call of message.tool_calls) {
                total += TOKENS_PER_TOOL_CALL + textTokens(call.function.name) + textTokens(call.function.arguments);
            }
        }
    }
    return total;
}
function contentPartTokens(part, textTokens) {
    if (typeof part.text === 'string')
        return textTokens(part.text);
    if (part.type === 'image_url') {
        const imageUrl = part.image_url;
        const detail = typeof imageUrl === 'object' && imageUrl !== null ? imageUrl.detail : undefined;
        return detail === 'low' ? LOW_DETAIL_IMAGE_TOKENS : DEFAULT_IMAGE_TOKENS;
    }
    // Audio, files and parts Cairn does not know: their JSON size at ~4 bytes a token (base64 payloads dominate).
    return Math.ceil(jsonLength(part) / 4);
}
function toolDefinitionTokens(tools, textTokens) {
    if (tools === undefined || tools === null)
        return 0;
    const json = safeJson(tools);
    return json === undefined ? 0 : textTokens(json);
}
function jsonLength(value) {
    return safeJson(value)?.length ?? 0;
}
function safeJson(value) {
    try {
        return JSON.stringify(value);
    }
    catch {
        // Cycles or BigInts cannot come from a parsed JSON body; count nothing rather than fail the call.
        return undefined;
    }
}
/** Tokens of a whole prompt with the tokenizer. */
export function countInputTokens(input, tools) {
    return input.kind === 'chat' ? chatInputTokens(input.messages, tools, countTextTokens) : countTextTokens(input.prompt);
}
//# sourceMappingURL=count-tokens.js.map