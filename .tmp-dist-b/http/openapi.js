import { z } from 'zod';
function schemaOf(schema, io) {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}
export function openApiPath(fastifyPath) {
    return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
/** The OpenAPI document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes, version) {
    const paths = {};
    for (const route of routes) {
        const path = openApiPath(route.path);
        const parameters = [];
        for (const match of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
            parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
        }
        const operation = {
            summary: route.summary,
            tags: [route.tag],
            parameters,
            security: route.auth === 'none' ? [] : [{ bearerAuth: [] }],
            responses: {
                '200': {
                    description: 'OK',
                    content: Object.fromEntries((route.produces ?? ['application/json']).map((type) => [
                        type,
                        { schema: route.response && type === 'application/json' ? schemaOf(route.response, 'output') : {} },
                    ])),
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
//# sourceMappingURL=openapi.js.map