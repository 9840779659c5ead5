export { createOtlpTracing } from './otlp-tracing.js';
export { genAiSpanAttributes, genAiSpanName } from './gen-ai-attributes.js';
//# sourceMappingURL=index.js.map