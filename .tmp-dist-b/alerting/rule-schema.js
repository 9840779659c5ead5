import { z } from 'zod';
import { CairnError } from '../errors/index.js';
/**
 * Alert rules as users write them (API body, `cairn alerts rules create -f rule.json`). Strict: an unknown field
 * is a 400, so a typo such as `threshhold` never silently yields a rule that cannot fire.
 */
export const MAX_WINDOW_SECONDS = 7 * 24 * 3600;
export const comparators = ['>', '>=', '<', '<=', '==', '!='];
export const severities = ['critical', 'error', 'warning', 'info'];
export const noDataPolicies = ['ok', 'keep', 'alerting', 'no_data'];
export const aggregations = ['avg', 'sum', 'min', 'max', 'last', 'count'];
const seconds = (field, minimum) => z
    .number({ error: `${field} must be a number of seconds` })
    .int(`${field} must be a whole number of seconds`)
    .refine((value) => (minimum === 'positive' ? value > 0 : value >= 0), `${field} must be ${minimum === 'positive' ? 'greater than 0' : '0 or more'}`)
    .refine((value) => value <= MAX_WINDOW_SECONDS, `${field} must be at most ${MAX_WINDOW_SECONDS} (7 days)`);
const webhookActionSchema = z
    .object({
    kind: z.literal('webhook'),
    url: z.string().min(1).max(2048),
    /** HMAC-SHA256 signing secret; moved into the secret store, never returned. */
    secret: z.string().min(1).max(4096).optional(),
})
    .strict();
export const actionInputSchema = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rollback') }).strict(),
    z.object({ kind: z.literal('shift_traffic'), served_entity_name: z.string().min(1).max(63).optional() }).strict(),
    z.object({ kind: z.literal('disable'), reason: z.string().min(1).max(1000).optional() }).strict(),
    webhookActionSchema,
], { error: 'kind must be one of rollback, shift_traffic, disable, webhook' });
export const ruleInputSchema = z
    .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,127}$/, 'letters, digits, space, _ . : - (1-128, starting with a letter or digit)'),
    /** null (or absent): a global rule over every endpoint, admins only. */
    endpoint_name: z.string().min(1).max(63).nullable().default(null),
    series: z.string().min(1).max(256),
    filter: z.record(z.string().min(1).max(64), z.string().max(256)).default({}),
    group_by: z.enum(['served_entity', 'model_version']).nullable().default(null),
    window_seconds: seconds('window_seconds', 'positive'),
    aggregation: z.enum(aggregations).default('avg'),
    comparator: z.enum(comparators, { error: `comparator must be one of ${comparators.join(' ')}` }),
    threshold: z.number().finite(),
    for_seconds: seconds('for_seconds', 'non-negative').default(0),
    severity: z.enum(severities).default('warning'),
    no_data: z.enum(noDataPolicies).default('ok'),
    /** Below this many samples the window counts as no data (e.g. an error rate over 3 requests). */
    min_samples: z.number().int().min(1).optional(),
    /** Re-send the notification this often while the alert stays firing (or in no_data). */
    renotify_seconds: seconds('renotify_seconds', 'positive').optional(),
    /** Notification channels; validated (and their secrets stored) by the notifier. */
    channels: z.array(z.unknown()).max(10).default([]),
    actions: z.array(actionInputSchema).max(10).default([]),
    /** Actions are recorded as `dry_run` with what they would change, and change nothing. */
    dry_run: z.boolean().default(false),
    enabled: z.boolean().default(true),
})
    .strict();
/**
 * PATCH: any subset of the fields. Not `ruleInputSchema.partial()`: zod fills defaults into absent optional fields,
 * which would reset them; the patch is merged into the stored rule and the result validated as a whole.
 */
export const rulePatchSchema = z.record(z.string(), z.unknown());
function zodMessage(error) {
    const first = error.issues[0];
    const param = first && first.path.length > 0 ? first.path.join('.') : null;
    const parts = error.issues.slice(0, 5).map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join('.') : 'rule';
        if (issue.code === 'unrecognized_keys')
            return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
        return `${where}: ${issue.message}`;
    });
    return { message: `Invalid alert rule: ${parts.join('; ')}`, param };
}
/** Parses with `schema`, turning zod's issues into one 400 that names the fields. */
export function parseOrThrow(schema, input) {
    const result = schema.safeParse(input);
    if (result.success)
        return result.data;
    const { message, param } = zodMessage(result.error);
    throw new CairnError('INVALID_PARAMETER_VALUE', message, { details: param ? { param } : {} });
}
/**
 * Cross-field checks the schema cannot express: endpoint actions need an endpoint, and shift_traffic needs to know
 * which served entity to move traffic away from.
 */
export function checkRuleConsistency(rule) {
    rule.actions.forEach((action, index) => {
        if (action.kind !== 'webhook' && rule.endpoint_name === null) {
            throw new CairnError('INVALID_PARAMETER_VALUE', `actions.${index}: ${action.kind} acts on an endpoint; a global rule (no endpoint_name) can only call a webhook.`, {
                details: { param: `actions.${index}.kind` },
            });
        }
        if (action.kind === 'shift_traffic' && !action.served_entity_name && rule.group_by !== 'served_entity' && !rule.filter.served_entity_name) {
            throw new CairnError('INVALID_PARAMETER_VALUE', `actions.${index}: shift_traffic needs served_entity_name, a filter on served_entity_name, or group_by served_entity (to shift the firing entity).`, { details: { param: `actions.${index}.served_entity_name` } });
        }
    });
}
//# sourceMappingURL=rule-schema.js.map