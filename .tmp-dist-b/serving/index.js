export { ServingService } from './serving-service.js';
export { endpointConfigInputSchema } from './endpoint-config.js';
export { pickRoute, stableFraction } from './traffic.js';
export { InvocationPipeline } from './invocation/invocation-pipeline.js';
export { chatCompletionRequestSchema, completionRequestSchema, embeddingsRequestSchema, invocationRequestSchema, chatCompletionResponseSchema, completionResponseSchema, embeddingsResponseSchema, } from './invocation/openai-schemas.js';
export { generationParams, chatInput, completionInput, predictionPrompts } from './invocation/request-mapping.js';
//# sourceMappingURL=index.js.map