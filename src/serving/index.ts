export { ServingService, type ServingDependencies, type CreateEndpointInput, type QueryLease } from './serving-service.js';
export { endpointConfigInputSchema, type EndpointConfigInput, type StoredEndpointConfig } from './endpoint-config.js';
export type { EndpointTag } from './endpoint-repository.js';
export { pickRoute, stableFraction } from './traffic.js';
export { InvocationPipeline, type Invocation, type Operation, type RejectedCall } from './invocation/invocation-pipeline.js';
export {
  chatCompletionRequestSchema,
  completionRequestSchema,
  embeddingsRequestSchema,
  invocationRequestSchema,
  chatCompletionResponseSchema,
  completionResponseSchema,
  embeddingsResponseSchema,
  type ChatCompletionRequest,
  type CompletionRequest,
  type EmbeddingsRequest,
  type InvocationRequest,
} from './invocation/openai-schemas.js';
export { generationParams, chatInput, completionInput, predictionPrompts } from './invocation/request-mapping.js';
