import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import {
  chatCompletionRequestSchema,
  chatCompletionResponseSchema,
  chatInput,
  completionInput,
  completionRequestSchema,
  completionResponseSchema,
  embeddingsRequestSchema,
  embeddingsResponseSchema,
  generationParams,
  type Invocation,
  type Operation,
} from '../../serving/index.js';
import type { Services } from '../../services.js';
import { errorBody } from '../error-response.js';
import { type AnyRoute, defineRoute, type RouteContext } from '../route.js';

const modelSchema = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() });

export function baseInvocation(context: RouteContext<unknown, unknown, unknown>): Pick<Invocation, 'principal' | 'request' | 'reply' | 'rawBody' | 'clientRequestId' | 'errorBody'> {
  const header = context.request.headers['x-client-request-id'];
  return {
    principal: context.principal,
    request: context.request,
    reply: context.reply,
    rawBody: context.request.body,
    clientRequestId: typeof header === 'string' ? header.slice(0, 256) : null,
    errorBody: (error: CairnError) => errorBody(error, context.request.url),
  };
}

/** Captures a query the edge rejected (bad JSON, oversize, invalid fields) under the endpoint it named. */
export function rejectedRecorder(services: Services, operation: Operation) {
  return (request: FastifyRequest, error: CairnError) => {
    const body = request.body as Record<string, unknown> | undefined;
    const model = body && typeof body === 'object' && typeof body.model === 'string' ? body.model.slice(0, 200) : 'unknown';
    const header = request.headers['x-client-request-id'];
    services.pipeline.recordRejected(
      {
        endpointName: model,
        operation,
        stream: body?.stream === true,
        request,
        clientRequestId: typeof header === 'string' ? header.slice(0, 256) : null,
        principal: request.principal!,
        rawBody: body ?? null,
      },
      error,
      errorBody(error, request.url),
    );
  };
}

/**
 * OpenAI-compatible data plane at `/v1/*`, and at `/serving-endpoints/*` where Databricks' docs point the
 * OpenAI client (`base_url=<host>/serving-endpoints`). `model` names the endpoint.
 */
export function openAiRoutes(services: Services): AnyRoute[] {
  const routes = openAiRoutesAt(services, '/v1');
  const aliases = routes.map((route) => ({ ...route, path: route.path.replace(/^\/v1/, '/serving-endpoints'), tag: 'openai (Databricks path)' }));
  return [...routes, ...aliases];
}

function openAiRoutesAt(services: Services, prefix: string): AnyRoute[] {
  const pipeline = services.pipeline;
  return [
    defineRoute({
      method: 'POST',
      path: `${prefix}/chat/completions`,
      summary: 'OpenAI-compatible chat completion (JSON or SSE with stream: true). `model` is the endpoint name.',
      tag: 'openai',
      body: chatCompletionRequestSchema,
      response: chatCompletionResponseSchema,
      produces: ['application/json', 'text/event-stream'],
      onRejected: rejectedRecorder(services, 'chat'),
      handler: async (context) => {
        const { body } = context;
        await pipeline.run({
          ...baseInvocation(context),
          endpointName: body.model,
          operation: 'chat',
          input: chatInput(body.messages),
          params: generationParams(body),
          stream: body.stream === true,
          includeUsage: body.stream_options?.include_usage === true,
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${prefix}/completions`,
      summary: 'OpenAI-compatible text completion (JSON or SSE). `model` is the endpoint name.',
      tag: 'openai',
      body: completionRequestSchema,
      response: completionResponseSchema,
      produces: ['application/json', 'text/event-stream'],
      onRejected: rejectedRecorder(services, 'completion'),
      handler: async (context) => {
        const { body } = context;
        await pipeline.run({
          ...baseInvocation(context),
          endpointName: body.model,
          operation: 'completion',
          input: completionInput(body.prompt),
          params: generationParams(body),
          stream: body.stream === true,
          includeUsage: body.stream_options?.include_usage === true,
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${prefix}/embeddings`,
      summary: 'OpenAI-compatible embeddings. `model` is the endpoint name.',
      tag: 'openai',
      body: embeddingsRequestSchema,
      response: embeddingsResponseSchema,
      onRejected: rejectedRecorder(services, 'embeddings'),
      handler: async (context) => {
        const { body } = context;
        await pipeline.run({
          ...baseInvocation(context),
          endpointName: body.model,
          operation: 'embeddings',
          embedInput: typeof body.input === 'string' ? [body.input] : body.input,
          dimensions: body.dimensions,
          embeddingEncoding: body.encoding_format ?? 'float',
          params: { extra: {} },
          stream: false,
          includeUsage: false,
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${prefix}/models`,
      summary: 'Endpoints the caller may query, as OpenAI models.',
      tag: 'openai',
      response: z.object({ object: z.literal('list'), data: z.array(modelSchema) }),
      handler: ({ principal }) => ({
        object: 'list',
        data: services.serving.queryableEndpoints(principal).map((endpoint) => ({ id: endpoint.name, object: 'model', created: 0, owned_by: 'cairn' })),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: `${prefix}/models/:model`,
      summary: 'One endpoint the caller may query, as an OpenAI model.',
      tag: 'openai',
      params: z.object({ model: z.string() }),
      response: modelSchema,
      handler: ({ principal, params }) => {
        if (!services.serving.queryableEndpointId(principal, params.model)) {
          throw new CairnError('RESOURCE_DOES_NOT_EXIST', `The model ${params.model} does not exist or you do not have access to it.`);
        }
        return { id: params.model, object: 'model', created: 0, owned_by: 'cairn' };
      },
    }),
  ];
}
