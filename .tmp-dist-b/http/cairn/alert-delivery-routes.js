import { z } from 'zod';
import { CairnError, errors } from '../../errors/index.js';
import { defineRoute } from '../route.js';
const OBJECT = 'serving-endpoints';
const MAX_RESULTS = 1000;
const listQuerySchema = z
    .object({
    rule_id: z.string().min(1).max(256).optional(),
    status: z.enum(['pending', 'delivered', 'dead']).optional(),
    /** Default 100; values above 1000 are clamped. */
    max_results: z.coerce.number().int().min(1).optional(),
})
    .strict();
const deliverySchema = z.object({
    id: z.string(),
    event_id: z.number(),
    rule_id: z.string(),
    endpoint_name: z.string().nullable(),
    kind: z.enum(['webhook', 'slack', 'pagerduty', 'email']),
    channel: z.string(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number(),
    next_attempt_at: z.number(),
    last_error: z.string().nullable(),
    created_at: z.number(),
    delivered_at: z.number().nullable(),
});
/**
 * Deliveries belong to a rule; a rule on an endpoint is managed by whoever may manage the endpoint, a rule without
 * one by admins. Absent and not visible answer alike (404); visible but not manageable is 403.
 */
function requireRuleAccess(services, principal, endpointName, notFound) {
    // Admins also reach deliveries whose rule was deleted since (the dead-letter list outlives the rule).
    if (principal.isAdmin)
        return;
    if (endpointName === undefined)
        throw errors.notFound(notFound);
    const id = endpointName === null ? undefined : services.serving.resolveEndpointId(endpointName);
    if (!id)
        throw errors.notFound(notFound);
    services.auth.require(principal, OBJECT, id, 'CAN_MANAGE', notFound);
}
/** Endpoint names the principal manages: a non-admin lists deliveries of rules on these. */
function managedEndpointNames(services, principal) {
    return services.serving
        .queryableEndpoints(principal)
        .filter((endpoint) => services.auth.levelOn(principal, OBJECT, endpoint.id) === 'CAN_MANAGE')
        .map((endpoint) => endpoint.name);
}
/** The alert delivery log and dead-letter list: `GET /api/2.0/cairn/alerts/deliveries`, `POST …/:id/retry`. */
export function alertDeliveryRoutes(services) {
    const { notifier } = services;
    return [
        defineRoute({
            method: 'GET',
            path: '/api/2.0/cairn/alerts/deliveries',
            summary: 'Alert notification deliveries, newest first (status=dead is the dead-letter list). Admins see all; others the deliveries of rules on endpoints they manage.',
            tag: 'alerts',
            body: listQuerySchema,
            response: z.object({ deliveries: z.array(deliverySchema) }),
            handler: async ({ principal, body }) => {
                const limit = Math.min(body.max_results ?? 100, MAX_RESULTS);
                const filter = { limit };
                if (body.status !== undefined)
                    filter.status = body.status;
                if (body.rule_id !== undefined) {
                    requireRuleAccess(services, principal, await notifier.ruleEndpoint(body.rule_id), `Alert rule ${body.rule_id} does not exist.`);
                    filter.ruleId = body.rule_id;
                }
                else if (!principal.isAdmin) {
                    filter.ruleIds = await notifier.rulesOn(managedEndpointNames(services, principal));
                }
                return { deliveries: await notifier.list(filter) };
            },
        }),
        defineRoute({
            method: 'POST',
            path: '/api/2.0/cairn/alerts/deliveries/:id/retry',
            summary: 'Puts a dead-lettered delivery back in the queue (its retry schedule starts again). Needs CAN_MANAGE on the rule\'s endpoint.',
            tag: 'alerts',
            params: z.object({ id: z.string().min(1).max(256) }),
            response: deliverySchema,
            handler: async ({ principal, params }) => {
                const notFound = `Alert delivery ${params.id} does not exist.`;
                const delivery = await notifier.get(params.id);
                if (!delivery)
                    throw errors.notFound(notFound);
                requireRuleAccess(services, principal, await notifier.ruleEndpoint(delivery.rule_id), notFound);
                if (delivery.status !== 'dead') {
                    throw new CairnError('INVALID_STATE', `Alert delivery ${params.id} is ${delivery.status}; only dead deliveries can be retried.`);
                }
                const retried = await notifier.retry(params.id);
                if (!retried)
                    throw errors.notFound(notFound);
                return retried;
            },
        }),
    ];
}
//# sourceMappingURL=alert-delivery-routes.js.map