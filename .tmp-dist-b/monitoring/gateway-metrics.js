import { Counter } from 'prom-client';
/**
 * Counters of the gateway policies. Label values are bounded: endpoint and served-entity names are configured,
 * guardrail names, stages, actions and reasons come from fixed sets (custom guardrails are named in config).
 */
export function createGatewayMetrics(registry) {
    const registers = [registry];
    const verdicts = new Counter({
        name: 'cairn_guardrail_verdicts_total',
        help: 'Guardrail verdicts by endpoint, guardrail, stage (input/output) and action (allow/flag/mask/block).',
        labelNames: ['endpoint', 'guardrail', 'stage', 'action'],
        registers,
    });
    const rejections = new Counter({
        name: 'cairn_gateway_rejections_total',
        help: 'Calls refused by a gateway policy, by endpoint and reason (rate_limit, budget, guardrail, circuit_open, policy_store).',
        labelNames: ['endpoint', 'reason'],
        registers,
    });
    const cost = new Counter({
        name: 'cairn_cost_usd_total',
        help: 'Cost of model calls in US dollars from the price table, by endpoint, served entity and model.',
        labelNames: ['endpoint', 'served_entity', 'model'],
        registers,
    });
    const attempts = new Counter({
        name: 'cairn_upstream_attempts_total',
        help: 'Attempts to call a served entity, by result (success, failure, retried, fell_back, skipped_open_circuit).',
        labelNames: ['endpoint', 'served_entity', 'result'],
        registers,
    });
    const budgetEvents = new Counter({
        name: 'cairn_budget_events_total',
        help: 'Budget events (budget_soft_threshold, budget_exhausted) by endpoint and budget.',
        labelNames: ['endpoint', 'budget', 'kind'],
        registers,
    });
    const estimated = new Counter({
        name: 'cairn_usage_estimated_total',
        help: 'Calls whose token usage Cairn counted itself because the provider reported none.',
        labelNames: ['endpoint', 'served_entity'],
        registers,
    });
    // Binding children once per label combination keeps each update a plain increment on the request path.
    const bound = new Map();
    function child(name, counter, labels) {
        const key = `${name}\u0000${Object.values(labels).join('\u0000')}`;
        let series = bound.get(key);
        if (!series) {
            series = counter.labels(labels);
            bound.set(key, series);
        }
        return series;
    }
    return {
        guardrailVerdict(endpoint, guardrail, stage, action) {
            child('verdicts', verdicts, { endpoint, guardrail, stage, action }).inc();
        },
        policyRejection(endpoint, reason) {
            child('rejections', rejections, { endpoint, reason }).inc();
        },
        cost(endpoint, servedEntity, model, usd) {
            if (usd > 0)
                child('cost', cost, { endpoint, served_entity: servedEntity, model }).inc(usd);
        },
        upstreamAttempt(endpoint, servedEntity, result) {
            child('attempts', attempts, { endpoint, served_entity: servedEntity, result }).inc();
        },
        budgetEvent(endpoint, budget, kind) {
            child('budgetEvents', budgetEvents, { endpoint, budget, kind }).inc();
        },
        usageEstimated(endpoint, servedEntity) {
            child('estimated', estimated, { endpoint, served_entity: servedEntity }).inc();
        },
    };
}
//# sourceMappingURL=gateway-metrics.js.map