export { ServingService, type ServingDependencies, type CreateEndpointInput, type QueryLease } from './serving-service.js';
export { endpointConfigInputSchema, type EndpointConfigInput, type StoredEndpointConfig } from './endpoint-config.js';
export type { EndpointTag } from './endpoint-repository.js';
export { pickRoute, stableFraction } from './traffic.js';
export { noopPoolMetrics, type EntityServingState, type PoolMetrics } from './pool/index.js';
export { InvocationPipeline, type Invocation, type Operation, type RejectedCall } from './invocation/invocation-pipeline.js';
export { anthropicResponseFormat } from './invocation/anthropic-format.js';
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
export { generationParams, chatInput, completionInput, predictionPrompts, predictionRecords } from './invocation/request-mapping.js';
