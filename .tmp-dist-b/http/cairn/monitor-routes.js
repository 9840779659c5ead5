import { z } from 'zod';
import { errors } from '../../errors/index.js';
import { MAX_REFERENCE_BYTES, parseMonitorConfig } from '../../monitoring/monitors/index.js';
import { defineRoute } from '../route.js';
const OBJECT = 'serving-endpoints';
const BASE = '/api/2.0/cairn/monitors';
const DAY_MS = 86_400_000;
const intString = z.coerce.number().int();
const idParams = z.object({ id: z.string().min(1).max(64) });
const monitorSchema = z
    .object({
    id: z.string(),
    endpoint_name: z.string(),
    name: z.string(),
    kind: z.enum(['drift', 'quality']),
    config: z.record(z.string(), z.unknown()),
    created_by: z.string().nullable(),
    created_at: z.number(),
    updated_at: z.number(),
    last_run_at: z.number().nullable(),
    reference_rows: z.number().optional(),
})
    .passthrough();
const resultSchema = z
    .object({
    id: z.number(),
    monitor_id: z.string(),
    endpoint_name: z.string(),
    time: z.number(),
    window_start: z.number(),
    window_end: z.number(),
    share_drifted: z.number().nullable(),
    drifted: z.number().nullable(),
    result: z.record(z.string(), z.unknown()),
})
    .passthrough();
/** The create body is validated by the monitor schema after the permission check (see docs/monitoring-monitors.md). */
const createBody = z.object({ endpoint_name: z.string().min(1).max(256), name: z.unknown(), kind: z.unknown() }).passthrough();
const rangeQuery = {
    from: intString.min(0).optional(),
    to: intString.min(0).optional(),
    max_results: intString.min(1).max(1000).optional(),
};
function notFound(id) {
    return errors.notFound(`Monitor ${id} does not exist.`);
}
/**
 * Who may do what: reading a monitor and its results needs CAN_VIEW on its endpoint, changing it CAN_MANAGE; a
 * monitor on an endpoint the caller cannot view, or on a since-deleted endpoint of the same name, reads as absent.
 */
function authorize(services, principal, record, level) {
    if (principal.isAdmin)
        return;
    const id = services.serving.resolveEndpointId(record.endpoint_name);
    if (!id || (record.endpoint_id !== null && record.endpoint_id !== id))
        throw notFound(record.id);
    services.auth.require(principal, OBJECT, id, level, `Monitor ${record.id} does not exist.`);
}
async function loadAuthorized(services, principal, id, level) {
    const record = await services.monitors.get(id);
    if (!record)
        throw notFound(id);
    authorize(services, principal, record, level);
    return record;
}
function endpointIdFor(services, principal, name, level) {
    const message = `Serving endpoint ${name} does not exist.`;
    const id = services.serving.resolveEndpointId(name);
    if (!id)
        throw errors.notFound(message);
    services.auth.require(principal, OBJECT, id, level, message);
    return id;
}
/** The judge runs as the monitor's creator, so whoever sets it must be allowed to query the judge endpoint. */
function checkJudge(services, principal, config) {
    const judge = config.judge;
    if (judge && typeof judge.endpoint === 'string')
        endpointIdFor(services, principal, judge.endpoint, 'CAN_QUERY');
}
function range(query) {
    const to = query.to ?? Date.now() + 1;
    const from = query.from ?? to - DAY_MS;
    if (to <= from)
        throw errors.invalid('"to" must be later than "from".');
    return { from, to };
}
/** Drift and quality monitors: `/api/2.0/cairn/monitors[/:id[/reference|/run|/results]]` and endpoint evaluations. */
export function monitorRoutes(services) {
    const { monitors } = services;
    return [
        defineRoute({
            method: 'POST',
            path: BASE,
            summary: 'Creates a drift or quality monitor on an endpoint (CAN_MANAGE on it; a judge endpoint needs CAN_QUERY). Body: the monitor definition (docs/monitoring-monitors.md).',
            tag: 'monitors',
            body: createBody,
            response: monitorSchema,
            handler: async ({ principal, body, reply }) => {
                const endpointId = endpointIdFor(services, principal, body.endpoint_name, 'CAN_MANAGE');
                const config = parseMonitorConfig(body);
                checkJudge(services, principal, config);
                const created = await monitors.create(config, { createdBy: principal.id, endpointId });
                reply.status(201);
                return created;
            },
        }),
        defineRoute({
            method: 'GET',
            path: BASE,
            summary: 'Monitors the caller may view (CAN_VIEW on their endpoint), optionally of one endpoint.',
            tag: 'monitors',
            body: z.object({ endpoint_name: z.string().min(1).max(256).optional() }).strict(),
            response: z.object({ monitors: z.array(monitorSchema) }),
            handler: async ({ principal, body }) => {
                if (body.endpoint_name !== undefined)
                    endpointIdFor(services, principal, body.endpoint_name, 'CAN_VIEW');
                const visible = (await monitors.list(body.endpoint_name)).filter((record) => {
                    try {
                        authorize(services, principal, record, 'CAN_VIEW');
                        return true;
                    }
                    catch {
                        return false;
                    }
                });
                return { monitors: await Promise.all(visible.map((record) => monitors.view(record))) };
            },
        }),
        defineRoute({
            method: 'GET',
            path: `${BASE}/:id`,
            summary: 'One monitor (CAN_VIEW on its endpoint).',
            tag: 'monitors',
            params: idParams,
            response: monitorSchema,
            handler: async ({ principal, params }) => monitors.view(await loadAuthorized(services, principal, params.id, 'CAN_VIEW')),
        }),
        defineRoute({
            method: 'PATCH',
            path: `${BASE}/:id`,
            summary: 'Changes monitor fields (merged over the current definition and validated again). CAN_MANAGE on its endpoint.',
            tag: 'monitors',
            params: idParams,
            body: z.record(z.string(), z.unknown()),
            response: monitorSchema,
            handler: async ({ principal, params, body }) => {
                const record = await loadAuthorized(services, principal, params.id, 'CAN_MANAGE');
                checkJudge(services, principal, body);
                return monitors.update(record, body);
            },
        }),
        defineRoute({
            method: 'DELETE',
            path: `${BASE}/:id`,
            summary: 'Deletes a monitor with its results and reference rows (CAN_MANAGE on its endpoint).',
            tag: 'monitors',
            params: idParams,
            response: z.object({}),
            handler: async ({ principal, params }) => {
                await monitors.delete(await loadAuthorized(services, principal, params.id, 'CAN_MANAGE'));
                return {};
            },
        }),
        defineRoute({
            method: 'POST',
            path: `${BASE}/:id/reference`,
            summary: `Uploads the reference dataset of a drift monitor with reference type "dataset": JSON Lines (text/plain or application/x-ndjson), one row per line, descriptor columns or raw {prompt, response}; at most 50 000 rows and ${MAX_REFERENCE_BYTES / 1024 / 1024} MB. Replaces earlier uploads. CAN_MANAGE.`,
            tag: 'monitors',
            params: idParams,
            rawBody: { limitBytes: MAX_REFERENCE_BYTES },
            response: z.object({ rows: z.number(), columns: z.array(z.string()) }),
            handler: async ({ principal, params, request }) => {
                const record = await loadAuthorized(services, principal, params.id, 'CAN_MANAGE');
                const body = typeof request.body === 'string' ? request.body : '';
                return monitors.uploadReference(record, body);
            },
        }),
        defineRoute({
            method: 'POST',
            path: `${BASE}/:id/run`,
            summary: 'Runs the monitor now and returns the stored result (CAN_MANAGE on its endpoint).',
            tag: 'monitors',
            params: idParams,
            response: resultSchema,
            handler: async ({ principal, params }) => {
                const record = await loadAuthorized(services, principal, params.id, 'CAN_MANAGE');
                return monitors.runNow(record.id);
            },
        }),
        defineRoute({
            method: 'GET',
            path: `${BASE}/:id/results`,
            summary: 'Results of a monitor in [from, to) (ms; default the last 24 h), newest first (max_results ≤ 1000, default 100). CAN_VIEW.',
            tag: 'monitors',
            params: idParams,
            body: z.object(rangeQuery).strict(),
            response: z.object({ results: z.array(resultSchema) }),
            handler: async ({ principal, params, body }) => {
                const record = await loadAuthorized(services, principal, params.id, 'CAN_VIEW');
                const { from, to } = range(body);
                return { results: await monitors.results(record, from, to, body.max_results ?? 100) };
            },
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/cairn/endpoints/:name/evaluations',
            summary: 'Evaluator scores of an endpoint\'s calls (OpenTelemetry gen_ai.evaluation.result), newest first, in [from, to) (default the last 24 h). CAN_VIEW; explanations (which may quote payloads) only with CAN_MANAGE.',
            tag: 'monitors',
            params: z.object({ name: z.string().min(1).max(256) }),
            body: z.object({ ...rangeQuery, evaluator: z.string().min(1).max(200).optional() }).strict(),
            response: z.object({ evaluations: z.array(z.record(z.string(), z.unknown())) }),
            handler: async ({ principal, params, body }) => {
                const id = endpointIdFor(services, principal, params.name, 'CAN_VIEW');
                const mayReadPayloads = principal.isAdmin || services.auth.levelOn(principal, OBJECT, id) === 'CAN_MANAGE';
                const { from, to } = range(body);
                const scores = await monitors.evaluations(params.name, { from, to, maxResults: body.max_results ?? 100, ...(body.evaluator !== undefined ? { evaluator: body.evaluator } : {}) });
                return {
                    evaluations: scores.map((score) => ({
                        ...score,
                        explanation: mayReadPayloads ? score.explanation : null,
                        'gen_ai.evaluation.name': score.evaluator,
                        'gen_ai.evaluation.score.value': score.score_value,
                        'gen_ai.evaluation.score.label': score.score_label,
                        ...(mayReadPayloads && score.explanation !== null ? { 'gen_ai.evaluation.explanation': score.explanation } : {}),
                    })),
                };
            },
        }),
    ];
}
//# sourceMappingURL=monitor-routes.js.map