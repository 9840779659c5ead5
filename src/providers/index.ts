/** The providers area: the model spec every adapter implements, and the adapters themselves. */
export type {
  ChatMessage,
  ChatRole,
  EmbedRequest,
  EmbedResult,
  FinishReason,
  GeneratedChoice,
  GenerateInput,
  GenerateRequest,
  GenerateResult,
  GenerationParams,
  LanguageModel,
  ModelCapabilities,
  PredictRequest,
  PredictResult,
  StreamPart,
  ToolCall,
  Usage,
} from './spec.js';
export { abortErrorFrom } from './abort-error.js';
export { createDemoModel, type DemoModelOptions } from './demo/demo-model.js';
export { DEMO_EMBEDDING_DIMENSIONS } from './demo/hashed-embedding.js';
export { countTokens as countDemoTokens } from './demo/tokenizer.js';
export {
  createOpenAiCompatibleModel,
  type OpenAiCompatibleModelOptions,
} from './openai-compatible/openai-compatible-model.js';
export {
  BLOCKED_ADDRESS_CODE,
  guardedLookup,
  validateProviderBaseUrl,
  type ProviderUrlOptions,
} from './openai-compatible/validate-provider-base-url.js';
export { SseParser, SseParseError, type SseEvent, type SseParserOptions } from './openai-compatible/sse-parser.js';
export type { Replica, ReplicaExit, ReplicaFactory, ReplicaStartOptions } from './replica.js';
export { hostOf, oneLine, postOnce, type FetchFunction, type OutboundPostOptions, type OutboundPostResult } from './outbound-post.js';
