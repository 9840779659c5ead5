import { z } from 'zod';
import { ruleInputSchema, rulePatchSchema } from '../../alerting/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';

const BASE = '/api/2.0/cairn/alerts';
const intString = z.coerce.number().int();
const idParams = z.object({ id: z.string().min(1).max(256) });

const historyQuerySchema = z
  .object({
    rule_id: z.string().min(1).max(256).optional(),
    endpoint_name: z.string().min(1).max(256).optional(),
    /** ms since the epoch, inclusive. */
    from: intString.min(0).optional(),
    /** ms since the epoch, exclusive. */
    to: intString.min(0).optional(),
    max_results: intString.min(1).max(1000).optional(),
  })
  .strict();

const ruleSchema = z.object({ id: z.string(), name: z.string(), endpoint_name: z.string().nullable(), series: z.string() }).passthrough();
const eventSchema = z
  .object({ id: z.number(), rule_id: z.string(), series_key: z.string(), kind: z.string(), from_state: z.string(), to_state: z.string(), value: z.number().nullable(), time: z.number() })
  .passthrough();
const stateSchema = z.object({ rule_id: z.string(), series_key: z.string(), state: z.string(), since: z.number() }).passthrough();
const actionSchema = z.object({ id: z.number(), rule_id: z.string(), action: z.string(), status: z.string(), dry_run: z.boolean(), time: z.number() }).passthrough();

function history(query: z.output<typeof historyQuerySchema>) {
  return {
    ...(query.rule_id !== undefined ? { rule_id: query.rule_id } : {}),
    ...(query.endpoint_name !== undefined ? { endpoint_name: query.endpoint_name } : {}),
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(query.max_results !== undefined ? { max_results: query.max_results } : {}),
  };
}

/**
 * Alert rules and their history: `/api/2.0/cairn/alerts/*`. CAN_MANAGE on the rule's endpoint to create, change,
 * delete or test; CAN_VIEW to read; global rules (no endpoint) are admins' only; what a caller may not view is 404
 * or left out.
 */
export function alertRoutes(services: Services): AnyRoute[] {
  const { alerting } = services;
  return [
    defineRoute({
      method: 'POST',
      path: `${BASE}/rules`,
      summary: 'Create an alert rule (series, window, aggregation, comparator, threshold, for-duration, no-data policy, channels, actions). Needs CAN_MANAGE on its endpoint; rules without endpoint are admin-only.',
      tag: 'alerts',
      // The service validates again (series name, channels, cross-field checks); this also documents the body.
      body: ruleInputSchema,
      response: ruleSchema,
      handler: ({ principal, body }) => alerting.createRule(principal, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/rules`,
      summary: 'Alert rules the caller may view (optionally of one endpoint).',
      tag: 'alerts',
      body: z.object({ endpoint_name: z.string().min(1).max(256).optional() }).strict(),
      response: z.object({ rules: z.array(ruleSchema) }),
      handler: async ({ principal, body }) => ({
        rules: await alerting.listRules(principal, body.endpoint_name !== undefined ? { endpoint_name: body.endpoint_name } : {}),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/rules/:id`,
      summary: 'One alert rule, by id or name (channel secrets are never returned).',
      tag: 'alerts',
      params: idParams,
      response: ruleSchema,
      handler: ({ principal, params }) => alerting.getRule(principal, params.id),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/rules/:id`,
      summary: 'Change some fields of an alert rule; the result is validated as a whole. Channels or actions given replace the old ones.',
      tag: 'alerts',
      params: idParams,
      body: rulePatchSchema.describe(`Any subset of the fields of ${Object.keys(ruleInputSchema.shape).join(', ')}`).optional(),
      response: ruleSchema,
      handler: ({ principal, params, body }) => alerting.updateRule(principal, params.id, body ?? {}),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/rules/:id`,
      summary: 'Delete an alert rule, its states and its channel secrets (its events and actions stay in the history).',
      tag: 'alerts',
      params: idParams,
      response: z.object({}),
      handler: async ({ principal, params }) => {
        await alerting.deleteRule(principal, params.id);
        return {};
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/rules/:id/test`,
      summary: 'Evaluate a rule now without changing its state, and send a test notification to each channel.',
      tag: 'alerts',
      params: idParams,
      body: z.object({}).strict().optional(),
      response: z.object({ rule_id: z.string(), evaluated_at: z.number(), groups: z.array(z.record(z.string(), z.unknown())), notifications: z.array(z.unknown()) }).passthrough(),
      handler: ({ principal, params }) => alerting.testRule(principal, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/events`,
      summary: 'Alert history (pending, firing, renotify, resolved, no_data), newest first.',
      tag: 'alerts',
      body: historyQuerySchema,
      response: z.object({ events: z.array(eventSchema) }),
      handler: async ({ principal, body }) => ({ events: await alerting.listEvents(principal, history(body)) }),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/states`,
      summary: 'Current state of every rule group the caller may view.',
      tag: 'alerts',
      body: historyQuerySchema.pick({ rule_id: true, endpoint_name: true }).strict(),
      response: z.object({ states: z.array(stateSchema) }),
      handler: async ({ principal, body }) => ({ states: await alerting.listStates(principal, history(body)) }),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/actions`,
      summary: 'Remediation history (rollback, shift_traffic, disable, webhook): applied, dry_run, failed or skipped, with what fired them.',
      tag: 'alerts',
      body: historyQuerySchema,
      response: z.object({ actions: z.array(actionSchema) }),
      handler: async ({ principal, body }) => ({ actions: await alerting.listActions(principal, history(body)) }),
    }),
  ];
}

/** Disabling and re-enabling an endpoint by hand (the `disable` remediation does the same). Needs CAN_MANAGE. */
export function endpointDisableRoutes(services: Services): AnyRoute[] {
  const { serving } = services;
  const nameParams = z.object({ name: z.string().min(1).max(256) });
  const endpointSchema = z.object({ name: z.string(), state: z.object({ disabled: z.boolean().optional() }).passthrough() }).passthrough();
  return [
    defineRoute({
      method: 'POST',
      path: '/api/2.0/cairn/serving-endpoints/:name/disable',
      summary: 'Disable an endpoint: its queries answer 503 ENDPOINT_DISABLED on every instance until it is enabled again. Needs CAN_MANAGE.',
      tag: 'serving-endpoints',
      params: nameParams,
      body: z.object({ reason: z.string().trim().min(1).max(1000) }).strict(),
      response: endpointSchema,
      handler: ({ principal, params, body }) => serving.setDisabled(principal, params.name, body.reason),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/2.0/cairn/serving-endpoints/:name/enable',
      summary: 'Re-enable a disabled endpoint. Needs CAN_MANAGE.',
      tag: 'serving-endpoints',
      params: nameParams,
      body: z.object({}).strict().optional(),
      response: endpointSchema,
      handler: ({ principal, params }) => serving.setDisabled(principal, params.name, null),
    }),
  ];
}
