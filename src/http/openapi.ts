import { z } from 'zod';
import type { AnyRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
}

export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The OpenAPI document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: AnyRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const parameters: unknown[] = [];
    for (const match of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters,
      security: route.auth === 'none' ? [] : [{ bearerAuth: [] }],
      responses: {
        '200': {
          description: 'OK',
          content: Object.fromEntries(
            (route.produces ?? ['application/json']).map((type) => [
              type,
              { schema: route.response && type === 'application/json' ? schemaOf(route.response, 'output') : {} },
            ]),
          ),
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (route.body) {
      if (route.method === 'GET' || route.method === 'DELETE') {
        operation.description = 'Fields may be sent in the query string (repeat a key for a list) or in a JSON body.';
      }
      operation.requestBody = { required: false, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } };
    }
    if (route.rawBody?.binary) {
      operation.requestBody = { required: true, content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Cairn',
      version,
      description: 'Deploy and monitor generative-AI models: MLflow-compatible registry, Databricks-compatible serving endpoints, OpenAI-compatible data plane.',
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          description: '`{error_code, message}` on /api/*; OpenAI `{error: {message, type, code}}` on /v1/*.',
          properties: { error_code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
    paths,
  };
}
