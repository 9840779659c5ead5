import { chatInputTokens, countInputTokens, countTextTokens } from './count-tokens.js';
import { estimateTokens } from './estimate-tokens.js';
import { createStreamUsageCounter } from './stream-usage-counter.js';
/** Token counting for the gateway: exact with o200k (gpt-tokenizer), or estimated with no tokenizer. */
export function createTokenCounter() {
    return {
        count: countTextTokens,
        estimate: estimateTokens,
        estimateChatInputTokens: (messages, tools) => chatInputTokens(messages, tools, estimateTokens),
        countInputTokens,
        createStreamUsageCounter: (input, options) => createStreamUsageCounter(input, options?.tools),
    };
}
//# sourceMappingURL=token-counter.js.map