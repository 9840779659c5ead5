export type * from './types.js';
export {
  compileGuardrails,
  createStageRunner,
  stageGuardrails,
  BUILT_IN_GUARDRAILS,
  type CompiledGuardrails,
  type GuardrailDependencies,
  type GuardrailStageRunner,
} from './guardrail-engine.js';
export { runGuardrails, strongerAction } from './run-guardrails.js';
export { createStreamGuard, streamWindowFor, DEFAULT_STREAM_WINDOW, type StreamGuardOptions } from './stream-guard.js';
export { createDemoEmbedder, DEMO_TOPIC_DIMENSIONS } from './demo-embedder.js';
export { createValidTopicsGuardrail, DEMO_TOPIC_THRESHOLD, ENDPOINT_TOPIC_THRESHOLD, type ValidTopicsOptions } from './valid-topics.js';
export { createInvalidKeywordsGuardrail, type InvalidKeywordsOptions } from './invalid-keywords.js';
export { createMaxInputTokensGuardrail, type MaxInputTokensOptions } from './max-input-tokens.js';
export { createJsonSchemaOutputGuardrail, compileResponseSchema, type JsonSchemaOutputOptions } from './json-schema-output.js';
export { createMarkdownLinksGuardrail, type MarkdownLinksOptions } from './markdown-links.js';
export { createRegexGuardrail, compileGuardrailPattern, type RegexGuardrailOptions } from './regex-guardrail.js';
export { createWebhookGuardrail, type WebhookGuardrailOptions } from './webhook-guardrail.js';
