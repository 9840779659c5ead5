import { randomUUID } from 'node:crypto';
import { errors } from '../errors/index.js';
import { AlertEvaluator, notificationRule } from './alert-evaluator.js';
import { AlertRules, ruleView } from './alert-rules.js';
import { AlertStore } from './alert-store.js';
import { SeriesRouter } from './series-router.js';
export const DEFAULT_HISTORY_RESULTS = 100;
export const MAX_HISTORY_RESULTS = 1000;
export function createAlerting(options) {
    const { db, config, logger, notifier, serving } = options;
    const now = options.now ?? Date.now;
    const store = new AlertStore(db);
    const router = new SeriesRouter(options.sources);
    const allowPrivate = config.providers.allow_private_networks;
    const rules = new AlertRules({ store, router, notifier, secrets: options.secrets, serving, auth: options.auth, allowPrivate, now });
    const access = rules.access;
    const evaluator = new AlertEvaluator({
        db,
        store,
        router,
        notifier,
        logger,
        now,
        intervalMs: config.monitoring.alerts.evaluation_interval_ms,
        holder: options.instanceId ?? `alerting-${randomUUID()}`,
        actions: {
            serving,
            admin: options.adminPrincipal,
            readSecret: (ruleId, ref) => rules.readActionSecret(ruleId, ref),
            webhook: { timeoutMs: Math.min(config.monitoring.alerts.delivery_timeout_ms, 10_000), allowPrivate, fetch: options.fetch },
        },
    });
    /** The history filter for a caller: a named rule or endpoint it may view, else every endpoint it may view. */
    async function historyFilter(principal, query) {
        const limit = Math.min(Math.max(1, query.max_results ?? DEFAULT_HISTORY_RESULTS), MAX_HISTORY_RESULTS);
        const filter = { limit, ...(query.from !== undefined ? { from: query.from } : {}), ...(query.to !== undefined ? { to: query.to } : {}) };
        if (query.rule_id !== undefined) {
            const rule = await rules.find(principal, query.rule_id).catch(() => undefined);
            // A deleted rule's history stays readable to admins by id.
            if (rule)
                filter.ruleId = rule.id;
            else if (principal.isAdmin)
                filter.ruleId = query.rule_id;
            else
                throw errors.notFound(`Alert rule ${query.rule_id} does not exist.`);
        }
        if (query.endpoint_name !== undefined) {
            access.requireView(principal, query.endpoint_name);
            filter.endpoints = [query.endpoint_name];
        }
        else if (!principal.isAdmin) {
            filter.endpoints = (await serving.list(principal)).map((endpoint) => String(endpoint.name));
        }
        return filter;
    }
    return {
        start: () => evaluator.start(),
        close: () => evaluator.close(),
        evaluateOnce: () => evaluator.evaluateOnce(),
        seriesNames: () => router.describe(),
        async createRule(principal, body) {
            return ruleView(await rules.create(principal, body), notifier);
        },
        async listRules(principal, filter = {}) {
            if (filter.endpoint_name !== undefined)
                access.requireView(principal, filter.endpoint_name);
            const all = await store.listRules();
            return all
                .filter((rule) => (filter.endpoint_name === undefined || rule.endpoint_name === filter.endpoint_name) && access.mayView(principal, rule.endpoint_name))
                .map((rule) => ruleView(rule, notifier));
        },
        async getRule(principal, idOrName) {
            return ruleView(await rules.find(principal, idOrName), notifier);
        },
        async updateRule(principal, idOrName, patch) {
            return ruleView((await rules.update(principal, idOrName, patch)).rule, notifier);
        },
        deleteRule: (principal, idOrName) => rules.delete(principal, idOrName),
        async testRule(principal, idOrName) {
            const rule = await rules.find(principal, idOrName);
            access.requireManage(principal, rule.endpoint_name);
            const at = now();
            let groups = [];
            let error;
            try {
                groups = (await evaluator.preview(rule, at)).map((group) => ({
                    series_key: group.series_key,
                    value: group.value,
                    samples: group.samples,
                    state: group.previous?.state ?? 'ok',
                    would_be: group.transition.next.state,
                    events: group.transition.events.map((event) => event.kind),
                    details: group.details,
                }));
            }
            catch (cause) {
                error = cause instanceof Error ? cause.message : String(cause);
            }
            const first = groups[0];
            const notifications = rule.channels.length === 0 ? [] : await notifier.test({
                eventId: 0,
                kind: 'firing',
                rule: notificationRule(rule),
                seriesKey: typeof first?.series_key === 'string' ? first.series_key : '',
                value: typeof first?.value === 'number' ? first.value : null,
                time: at,
                details: { test: true },
            }, rule.channels);
            return { rule_id: rule.id, evaluated_at: at, groups, notifications, ...(error !== undefined ? { error } : {}) };
        },
        async listEvents(principal, query) {
            return store.listEvents(await historyFilter(principal, query));
        },
        async listStates(principal, query) {
            const visible = (await store.listRules()).filter((rule) => access.mayView(principal, rule.endpoint_name) &&
                (query.endpoint_name === undefined || rule.endpoint_name === query.endpoint_name) &&
                (query.rule_id === undefined || rule.id === query.rule_id || rule.name === query.rule_id));
            if (query.endpoint_name !== undefined)
                access.requireView(principal, query.endpoint_name);
            if (query.rule_id !== undefined && visible.length === 0)
                throw errors.notFound(`Alert rule ${query.rule_id} does not exist.`);
            const byId = new Map(visible.map((rule) => [rule.id, rule]));
            const states = await store.listStates([...byId.keys()]);
            return states.map((state) => {
                const rule = byId.get(state.ruleId);
                return {
                    rule_id: state.ruleId,
                    rule_name: rule.name,
                    endpoint_name: rule.endpoint_name,
                    severity: rule.severity,
                    series_key: state.seriesKey,
                    state: state.state,
                    since: state.since,
                    last_value: state.lastValue,
                    last_evaluated_at: state.lastEvaluatedAt,
                    last_notified_at: state.lastNotifiedAt,
                    details: state.details,
                };
            });
        },
        async listActions(principal, query) {
            return store.listRemediations(await historyFilter(principal, query));
        },
    };
}
//# sourceMappingURL=create-alerting.js.map