export { createOtlpTracing, type OtlpTracing, type OtlpTracingOptions } from './otlp-tracing.js';
export { genAiSpanAttributes, genAiSpanName } from './gen-ai-attributes.js';
