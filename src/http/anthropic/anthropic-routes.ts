import { anthropicResponseFormat } from '../../serving/index.js';
import type { Services } from '../../services.js';
import { baseInvocation, rejectedRecorder } from '../openai/openai-routes.js';
import { type AnyRoute, defineRoute } from '../route.js';
import { mapMessagesRequest } from './anthropic-request.js';
import { anthropicMessageResponseSchema, anthropicMessagesRequestSchema } from './anthropic-schemas.js';

/**
 * Anthropic's Messages API for every chat endpoint, so the official Anthropic SDKs work unchanged (`model` names the
 * endpoint; the SDK's `x-api-key` carries the Cairn token). Calls run through the same pipeline as
 * `/v1/chat/completions`: policies, capture and metrics apply alike; only the wire shapes differ. Also served at
 * `/serving-endpoints/anthropic/v1/messages`, the base URL Databricks documents for the Anthropic SDK.
 */
export function anthropicRoutes(services: Services): AnyRoute[] {
  return ['/v1/messages', '/serving-endpoints/anthropic/v1/messages'].map((path) =>
    defineRoute({
      method: 'POST',
      path,
      summary: 'Anthropic-compatible Messages API (JSON or SSE with stream: true) for any chat endpoint. `model` is the endpoint name.',
      tag: path.startsWith('/v1') ? 'anthropic' : 'anthropic (Databricks path)',
      body: anthropicMessagesRequestSchema,
      response: anthropicMessageResponseSchema,
      produces: ['application/json', 'text/event-stream'],
      onRejected: rejectedRecorder(services, 'chat'),
      handler: async (context) => {
        const { body } = context;
        const { input, params, warnings } = mapMessagesRequest(body);
        await services.pipeline.run({
          ...baseInvocation(context),
          endpointName: body.model,
          operation: 'chat',
          input,
          params,
          stream: body.stream === true,
          includeUsage: false,
          responseFormat: anthropicResponseFormat,
          warnings,
        });
      },
    }),
  );
}
