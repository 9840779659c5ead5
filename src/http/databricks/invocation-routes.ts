import { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import {
  chatInput,
  completionInput,
  generationParams,
  type Invocation,
  invocationRequestSchema,
  predictionPrompts,
  predictionRecords,
} from '../../serving/index.js';
import type { Services } from '../../services.js';
import { errorBody } from '../error-response.js';
import { type AnyRoute, defineRoute } from '../route.js';

/**
 * Databricks' data plane: `/serving-endpoints/{name}/invocations` with chat (`messages`), completions
 * (`prompt`), embeddings (`input`) or tabular (`dataframe_records`, `dataframe_split`, `inputs`,
 * `instances`) bodies. Errors are Databricks-shaped.
 */
export function invocationRoutes(services: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/serving-endpoints/:name/invocations',
      summary: 'Query a serving endpoint (chat, completions, embeddings or tabular records).',
      tag: 'serving-endpoints',
      params: z.object({ name: z.string().min(1) }),
      body: invocationRequestSchema,
      produces: ['application/json', 'text/event-stream'],
      onRejected: (request, error) => {
        const body = request.body as Record<string, unknown> | undefined;
        const name = (request.params as { name?: string } | undefined)?.name ?? 'unknown';
        services.pipeline.recordRejected(
          {
            endpointName: name,
            operation: body && typeof body === 'object' && 'input' in body ? 'embeddings' : 'chat',
            stream: body?.stream === true,
            request,
            clientRequestId: typeof body?.client_request_id === 'string' ? body.client_request_id.slice(0, 256) : null,
            principal: request.principal!,
            rawBody: body ?? null,
          },
          error,
          errorBody(error, request.url),
        );
      },
      handler: async ({ principal, params, body, request, reply }) => {
        const header = request.headers['x-client-request-id'];
        const base: Omit<Invocation, 'operation' | 'params' | 'stream' | 'includeUsage'> = {
          endpointName: params.name,
          principal,
          request,
          reply,
          rawBody: request.body,
          clientRequestId: body.client_request_id ?? (typeof header === 'string' ? header.slice(0, 256) : null),
          errorBody: (error: CairnError) => errorBody(error, request.url),
        };
        const stream = body.stream === true;
        const includeUsage = body.stream_options?.include_usage === true;
        const generation = generationParams(body);
        if (body.messages) {
          return services.pipeline.run({ ...base, operation: 'chat', input: chatInput(body.messages), params: generation, stream, includeUsage });
        }
        if (body.prompt !== undefined) {
          return services.pipeline.run({ ...base, operation: 'completion', input: completionInput(body.prompt), params: generation, stream, includeUsage });
        }
        if (body.input !== undefined) {
          if (stream) throw new CairnError('INVALID_PARAMETER_VALUE', 'Embeddings cannot be streamed.');
          const input = typeof body.input === 'string' ? [body.input] : body.input;
          return services.pipeline.run({ ...base, operation: 'embeddings', embedInput: input, params: { extra: {} }, stream: false, includeUsage: false });
        }
        const prompts = predictionPrompts(body);
        if (prompts) {
          if (stream) throw new CairnError('INVALID_PARAMETER_VALUE', 'Tabular inputs cannot be streamed.');
          // Both forms travel: which one the model gets depends on the entity the traffic routes pick (records for
          // models with `capabilities.predict`, one prompt per record otherwise).
          const records = predictionRecords(body) ?? [];
          const predictParams = body.params ?? {};
          return services.pipeline.run({ ...base, operation: 'predict', prompts, records, predictParams, params: generation, stream: false, includeUsage: false });
        }
        throw new CairnError(
          'INVALID_PARAMETER_VALUE',
          'The body needs one of messages, prompt, input, dataframe_records, dataframe_split, inputs or instances.',
        );
      },
    }),
  ];
}
