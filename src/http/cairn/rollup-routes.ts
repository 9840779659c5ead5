import { z } from 'zod';
import { errors } from '../../errors/index.js';
import { MAX_POINTS } from '../../monitoring/rollups/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';

const OBJECT = 'serving-endpoints';

const timeText = z.union([z.string().min(1).max(64), z.number().int().transform(String)]);

const metricsQuerySchema = z
  .object({
    /** ms since the epoch, ISO 8601, `now`, or a duration back from now (`-1h`, `15m`). Default: `to` − 1 h. */
    from: timeText.optional(),
    /** Same forms; default now. */
    to: timeText.optional(),
    /** Seconds (`300`) or a duration (`5m`); a multiple of 60 s; default 60. */
    step: timeText.optional(),
    group_by: z.enum(['served_entity', 'model_version']).optional(),
  })
  .strict();

const quantilesSchema = z.object({ p50: z.number().nullable(), p90: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });
const countsSchema = z.record(z.string(), z.number());

const pointSchema = z.object({
  time: z.number(),
  request_count: z.number(),
  error_count: z.number(),
  error_rate: z.number().nullable(),
  errors_by_code: countsSchema,
  latency_ms: quantilesSchema,
  ttft_ms: quantilesSchema,
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  guardrail_triggers: z.number(),
  guardrails_by_name: countsSchema,
  feedback: z.object({ positive: z.number(), negative: z.number(), rating_avg: z.number().nullable() }),
});

const metricsResponseSchema = z.object({
  endpoint_name: z.string(),
  from: z.number(),
  to: z.number(),
  step_seconds: z.number(),
  series: z.array(z.object({ served_entity_name: z.string().optional(), model_version: z.string().optional(), points: z.array(pointSchema) })),
});

/** `GET /api/2.0/cairn/endpoints/:name/metrics`: per-minute rollups merged into steps. */
export function rollupRoutes(services: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/endpoints/:name/metrics',
      summary:
        `Request counts, errors by code, latency and TTFT percentiles, tokens, cost, guardrail triggers and feedback per step ` +
        `(a multiple of 60 s; at most ${MAX_POINTS} points), optionally per served entity or model version. Aggregates only: needs CAN_VIEW on the endpoint.`,
      tag: 'monitoring',
      params: z.object({ name: z.string().min(1).max(256) }),
      body: metricsQuerySchema,
      response: metricsResponseSchema,
      handler: async ({ principal, params, body }) => {
        const notFound = `Serving endpoint ${params.name} does not exist.`;
        const id = services.serving.resolveEndpointId(params.name);
        if (!id) throw errors.notFound(notFound);
        // Aggregates carry no payloads: viewing the endpoint is enough (404 for those who may not even see it).
        services.auth.require(principal, OBJECT, id, 'CAN_VIEW', notFound);
        return services.rollups.query({
          endpoint_name: params.name,
          ...(body.from !== undefined ? { from: body.from } : {}),
          ...(body.to !== undefined ? { to: body.to } : {}),
          ...(body.step !== undefined ? { step: body.step } : {}),
          group_by: body.group_by ?? null,
        });
      },
    }),
  ];
}
