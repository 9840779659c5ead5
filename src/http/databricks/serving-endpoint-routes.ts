import { z } from 'zod';
import { endpointConfigInputSchema } from '../../serving/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';

const tagSchema = z.object({ key: z.string().min(1).max(255), value: z.string().max(1000).optional() }).strict();
const nameParams = z.object({ name: z.string().min(1) });

const createBodySchema = z
  .object({
    name: z.string().min(1),
    config: endpointConfigInputSchema,
    tags: z.array(tagSchema).max(50).optional(),
    ai_gateway: z.record(z.string(), z.unknown()).optional(),
    route_optimized: z.boolean().optional(),
    rate_limits: z.array(z.unknown()).optional(),
    budget_policy_id: z.string().optional(),
    description: z.string().optional(),
    email_notifications: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const patchTagsSchema = z
  .object({
    add_tags: z.array(tagSchema).max(50).optional(),
    delete_tags: z.array(z.string()).max(50).optional(),
  })
  .strict();

const endpointSchema = z.object({ name: z.string(), id: z.string(), state: z.object({ ready: z.string(), config_update: z.string() }) }).passthrough();

/** Databricks' `/api/2.0/serving-endpoints` control plane, plus Cairn's config history and rollback. */
export function servingEndpointRoutes(services: Services): AnyRoute[] {
  const { serving } = services;
  return [
    defineRoute({
      method: 'POST',
      path: '/api/2.0/serving-endpoints',
      summary: 'Create a serving endpoint.',
      tag: 'serving-endpoints',
      body: createBodySchema,
      response: endpointSchema,
      handler: ({ principal, body }) => serving.create(principal, { name: body.name, config: body.config, tags: body.tags, ai_gateway: body.ai_gateway }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/serving-endpoints',
      summary: 'List the serving endpoints the caller may view.',
      tag: 'serving-endpoints',
      response: z.object({ endpoints: z.array(endpointSchema) }),
      handler: async ({ principal }) => ({ endpoints: await serving.list(principal) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/serving-endpoints/:name',
      summary: 'Get a serving endpoint with its current and pending config and state.',
      tag: 'serving-endpoints',
      params: nameParams,
      response: endpointSchema,
      handler: ({ principal, params }) => serving.get(principal, params.name),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/2.0/serving-endpoints/:name',
      summary: 'Delete a serving endpoint.',
      tag: 'serving-endpoints',
      params: nameParams,
      handler: async ({ principal, params }) => {
        await serving.delete(principal, params.name);
        return {};
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/2.0/serving-endpoints/:name/config',
      summary: 'Update the config: stored as a new config version and applied without dropping in-flight requests.',
      tag: 'serving-endpoints',
      params: nameParams,
      body: endpointConfigInputSchema,
      response: endpointSchema,
      handler: ({ principal, params, body }) => serving.updateConfig(principal, params.name, body),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/2.0/serving-endpoints/:name/tags',
      summary: 'Add and delete endpoint tags.',
      tag: 'serving-endpoints',
      params: nameParams,
      body: patchTagsSchema,
      response: z.object({ tags: z.array(tagSchema) }),
      handler: async ({ principal, params, body }) => ({
        tags: await serving.patchTags(principal, params.name, body.add_tags ?? [], body.delete_tags ?? []),
      }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/2.0/serving-endpoints/:name/ai-gateway',
      summary:
        "Replace the endpoint's AI Gateway config: rate limits, guardrails, usage tracking, inference table, fallbacks, " +
        "plus Cairn's budgets, pricing, retries, circuit breaker and request limits. Validated and compiled before it is stored.",
      tag: 'serving-endpoints',
      params: nameParams,
      // The whole document is checked by the gateway's strict schema, which names unknown fields.
      body: z.record(z.string(), z.unknown()),
      handler: ({ principal, params, body }) => serving.putAiGateway(principal, params.name, body),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/serving-endpoints/:name/ai-gateway',
      summary: "The endpoint's AI Gateway config as stored (Cairn extension; Databricks returns it inside GET serving-endpoints/{name}).",
      tag: 'serving-endpoints',
      params: nameParams,
      handler: ({ principal, params }) => serving.getAiGateway(principal, params.name),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/serving-endpoints/:name/budgets',
      summary:
        "The caller's standing against each budget of the endpoint in the current period: the endpoint-wide ones, and " +
        "the caller's own share of per-user, per-service-principal and group budgets (Cairn extension).",
      tag: 'serving-endpoints',
      params: nameParams,
      handler: async ({ principal, params }) => {
        const { endpointId, budgets } = serving.budgetsFor(principal, params.name);
        const caller = { id: principal.id, name: principal.name, kind: principal.kind, groupNames: services.auth.groupNamesOf(principal) };
        return { budgets: await services.gateway.limits.budgetUsage(endpointId, params.name, budgets, caller) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/serving-endpoints/:name/metrics',
      summary: "Prometheus metrics of this endpoint's calls.",
      tag: 'serving-endpoints',
      params: nameParams,
      produces: ['text/plain'],
      handler: async ({ principal, params, reply }) => {
        await serving.get(principal, params.name);
        const text = await services.metrics.renderEndpoint(params.name);
        return reply.type(services.metrics.contentType).send(text);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/serving-endpoints/:name/served-models/:served_model_name/logs',
      summary:
        "The served entity's recent runtime log lines, oldest first: replica starts, exits and scaling, and the model's " +
        'console output (needs CAN_MANAGE: a model may print what it was sent).',
      tag: 'serving-endpoints',
      params: z.object({ name: z.string().min(1), served_model_name: z.string().min(1) }),
      response: z.object({ logs: z.string() }),
      handler: async ({ principal, params }) => ({ logs: (await serving.entityLogs(principal, params.name, params.served_model_name)).join('\n') }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/serving-endpoints/:name/config-versions',
      summary: 'Every config version of the endpoint, newest first (Cairn extension).',
      tag: 'serving-endpoints',
      params: nameParams,
      handler: async ({ principal, params }) => ({ config_versions: await serving.listConfigVersions(principal, params.name) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/2.0/cairn/serving-endpoints/:name/rollback',
      summary: 'Re-apply an earlier config version (default: the one before the current) as a new version (Cairn extension).',
      tag: 'serving-endpoints',
      params: nameParams,
      body: z.object({ config_version: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).optional() }).strict(),
      response: endpointSchema,
      handler: ({ principal, params, body }) => serving.rollback(principal, params.name, body.config_version),
    }),
  ];
}
