import { z } from 'zod';
import { errors } from '../../errors/index.js';
import { MAX_DESCRIPTOR_PAGE } from '../../monitoring/descriptors/index.js';
import { defineRoute } from '../route.js';
const OBJECT = 'serving-endpoints';
const intString = z.coerce.number().int();
const querySchema = z
    .object({
    /** Inclusive lower bound on request_time (ms). */
    from: intString.min(0).optional(),
    /** Inclusive upper bound on request_time (ms). */
    to: intString.min(0).optional(),
    max_results: intString.min(1).max(MAX_DESCRIPTOR_PAGE).optional(),
    /** Also return the stored prompt and response embeddings (large). */
    include_embeddings: z.enum(['true', 'false']).optional(),
})
    .strict();
const entrySchema = z
    .object({
    request_id: z.string(),
    endpoint_name: z.string(),
    endpoint_id: z.string().nullable(),
    served_entity_name: z.string().nullable(),
    model_version: z.string().nullable(),
    request_time: z.number(),
    status_code: z.number(),
    descriptors: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    prompt_embedding: z.array(z.number()).nullable().optional(),
    response_embedding: z.array(z.number()).nullable().optional(),
})
    .passthrough();
/** `GET /api/2.0/cairn/endpoints/:name/descriptors`: per-call text descriptors and quality scores, newest first. */
export function descriptorRoutes(services) {
    return [
        defineRoute({
            method: 'GET',
            path: '/api/2.0/cairn/endpoints/:name/descriptors',
            summary: `Text descriptors and quality scores of captured calls, newest first (max_results ≤ ${MAX_DESCRIPTOR_PAGE}). Needs CAN_MANAGE on the endpoint, like the inference log.`,
            tag: 'monitoring',
            params: z.object({ name: z.string().min(1).max(256) }),
            body: querySchema,
            response: z.object({ rows: z.array(entrySchema) }),
            handler: async ({ principal, params, body }) => {
                const notFound = `Serving endpoint ${params.name} does not exist.`;
                const id = services.serving.resolveEndpointId(params.name);
                // Descriptors are derived from payloads (PII counts, languages, embeddings): the inference log's rule.
                if (!principal.isAdmin) {
                    if (!id)
                        throw errors.notFound(notFound);
                    services.auth.require(principal, OBJECT, id, 'CAN_MANAGE', notFound);
                }
                if (body.from !== undefined && body.to !== undefined && body.from > body.to)
                    throw errors.invalid('from must not be after to.');
                const rows = await services.descriptors.query({
                    endpoint_name: params.name,
                    endpoint_id: id ?? null,
                    ...(body.from !== undefined ? { from: body.from } : {}),
                    ...(body.to !== undefined ? { to: body.to } : {}),
                    ...(body.max_results !== undefined ? { max_results: body.max_results } : {}),
                    include_embeddings: body.include_embeddings === 'true',
                });
                return { rows };
            },
        }),
    ];
}
//# sourceMappingURL=descriptor-routes.js.map