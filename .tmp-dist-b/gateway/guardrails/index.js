export { compileGuardrails, createStageRunner, stageGuardrails, BUILT_IN_GUARDRAILS, } from './guardrail-engine.js';
export { runGuardrails, strongerAction } from './run-guardrails.js';
export { createStreamGuard, streamWindowFor, DEFAULT_STREAM_WINDOW } from './stream-guard.js';
export { createDemoEmbedder, DEMO_TOPIC_DIMENSIONS } from './demo-embedder.js';
export { createValidTopicsGuardrail, DEMO_TOPIC_THRESHOLD, ENDPOINT_TOPIC_THRESHOLD } from './valid-topics.js';
export { createInvalidKeywordsGuardrail } from './invalid-keywords.js';
export { createMaxInputTokensGuardrail } from './max-input-tokens.js';
export { createJsonSchemaOutputGuardrail, compileResponseSchema } from './json-schema-output.js';
export { createMarkdownLinksGuardrail } from './markdown-links.js';
export { createRegexGuardrail, compileGuardrailPattern } from './regex-guardrail.js';
export { createWebhookGuardrail } from './webhook-guardrail.js';
//# sourceMappingURL=index.js.map