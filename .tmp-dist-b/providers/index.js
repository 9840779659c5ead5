export { abortErrorFrom } from './abort-error.js';
export { createDemoModel } from './demo/demo-model.js';
export { DEMO_EMBEDDING_DIMENSIONS } from './demo/hashed-embedding.js';
export { countTokens as countDemoTokens } from './demo/tokenizer.js';
export { createOpenAiCompatibleModel, } from './openai-compatible/openai-compatible-model.js';
export { BLOCKED_ADDRESS_CODE, guardedLookup, validateProviderBaseUrl, } from './openai-compatible/validate-provider-base-url.js';
export { SseParser, SseParseError } from './openai-compatible/sse-parser.js';
//# sourceMappingURL=index.js.map