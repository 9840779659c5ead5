import { z } from 'zod';
import type { Principal } from '../../auth/index.js';
import type { InferenceLogEntry, InferenceLogQuery, StatusClass } from '../../capture/index.js';
import { MAX_PAGE_SIZE } from '../../capture/index.js';
import { errors } from '../../errors/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';

const OBJECT = 'serving-endpoints';

const intString = z.coerce.number().int();

const statusSchema = z
  .string()
  .regex(/^(?:[1-5]\d\d|[1-5]xx|error)$/, 'a status (e.g. 429), a class (2xx, 4xx, 5xx) or "error"');

const listQuerySchema = z
  .object({
    endpoint_name: z.string().min(1).max(256).optional(),
    served_entity_name: z.string().min(1).max(256).optional(),
    /** An exact status (`429`) or a class: `2xx`, `4xx`, `5xx`, or `error` (any status ≥ 400). */
    status_code: statusSchema.optional(),
    /** Same as `status_code` (the CLI's `--status`). */
    status: statusSchema.optional(),
    requester: z.string().min(1).max(256).optional(),
    start_time_ms: intString.min(0).optional(),
    end_time_ms: intString.min(0).optional(),
    max_results: intString.min(1).optional(),
    page_token: z.string().min(1).max(1024).optional(),
  })
  .strict();

const entrySchema = z
  .object({
    request_id: z.string(),
    request_time: z.number(),
    endpoint_name: z.string(),
    status_code: z.number(),
    stream: z.boolean(),
    request: z.unknown(),
    response: z.unknown(),
    logging_error_codes: z.array(z.string()),
  })
  .passthrough();

/**
 * The endpoint's current id by name. Rows hold payloads, so reading them needs CAN_MANAGE on the endpoint (by id:
 * permissions are granted on ids, and a name can be reused after a delete).
 */
function endpointId(services: Services, name: string): string | undefined {
  return services.serving.resolveEndpointId(name);
}

/** Endpoints the principal manages, with their ids: what a non-admin may read rows of (also feedback and review items). */
export function managedEndpoints(services: Services, principal: Principal): Array<{ name: string; id: string }> {
  return services.serving
    .queryableEndpoints(principal)
    .filter((endpoint) => services.auth.levelOn(principal, OBJECT, endpoint.id) === 'CAN_MANAGE')
    .map((endpoint) => ({ name: endpoint.name, id: endpoint.id }));
}

/** A row the principal may read: admins read all; others rows of endpoints they manage, by the endpoint's current id. */
export function mayRead(services: Services, principal: Principal, entry: Pick<InferenceLogEntry, 'endpoint_name' | 'endpoint_id'>): boolean {
  if (principal.isAdmin) return true;
  const id = endpointId(services, entry.endpoint_name);
  if (!id || (entry.endpoint_id !== null && entry.endpoint_id !== id)) return false;
  return services.auth.levelOn(principal, OBJECT, id) === 'CAN_MANAGE';
}

/** `status_code` and `status` each take an exact status or a class; given both, both apply. */
function statusFilter(values: Array<string | undefined>): Pick<InferenceLogQuery, 'status_code' | 'status_class'> {
  const filter: Pick<InferenceLogQuery, 'status_code' | 'status_class'> = {};
  for (const value of values) {
    if (value === undefined) continue;
    if (/^\d+$/.test(value)) filter.status_code = Number(value);
    else filter.status_class = value as StatusClass;
  }
  return filter;
}

/** Cairn's inference-table API: `GET /api/2.0/cairn/inference-log[/:request_id]`. */
export function inferenceLogRoutes(services: Services): AnyRoute[] {
  const { capture } = services;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/inference-log',
      summary: `Inference-table rows, newest first, paginated (max_results ≤ ${MAX_PAGE_SIZE}). Needs CAN_MANAGE on the endpoint; admins see every endpoint.`,
      tag: 'inference-log',
      body: listQuerySchema,
      response: z.object({ rows: z.array(entrySchema), next_page_token: z.string().optional() }),
      handler: async ({ principal, body }) => {
        const filters: InferenceLogQuery = {
          ...(body.endpoint_name !== undefined ? { endpoint_name: body.endpoint_name } : {}),
          ...(body.served_entity_name !== undefined ? { served_entity_name: body.served_entity_name } : {}),
          ...(body.requester !== undefined ? { requester: body.requester } : {}),
          ...(body.start_time_ms !== undefined ? { start_time_ms: body.start_time_ms } : {}),
          ...(body.end_time_ms !== undefined ? { end_time_ms: body.end_time_ms } : {}),
          ...(body.max_results !== undefined ? { max_results: body.max_results } : {}),
          ...(body.page_token !== undefined ? { page_token: body.page_token } : {}),
          ...statusFilter([body.status_code, body.status]),
        };
        if (!principal.isAdmin) {
          if (body.endpoint_name !== undefined) {
            const notFound = `Serving endpoint ${body.endpoint_name} does not exist.`;
            const id = endpointId(services, body.endpoint_name);
            if (!id) throw errors.notFound(notFound);
            // 404 when the principal may not even view the endpoint, 403 when it may view but not manage it.
            services.auth.require(principal, OBJECT, id, 'CAN_MANAGE', notFound);
            filters.endpoints = [{ name: body.endpoint_name, id }];
          } else {
            filters.endpoints = managedEndpoints(services, principal);
          }
        }
        return capture.query(filters);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/inference-log/:request_id',
      summary: 'One inference-table row by request id (the x-request-id of the call). Needs CAN_MANAGE on its endpoint.',
      tag: 'inference-log',
      params: z.object({ request_id: z.string().min(1).max(256) }),
      response: entrySchema,
      handler: async ({ principal, params }) => {
        const entry = await capture.get(params.request_id);
        // Same answer for "absent" and "not yours", so ids of other endpoints' rows reveal nothing (SEC API1).
        if (!entry || !mayRead(services, principal, entry)) throw errors.notFound(`Inference log row ${params.request_id} does not exist.`);
        return entry;
      },
    }),
  ];
}
