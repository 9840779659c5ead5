import { RollupState } from './rollup-state.js';
import { groupKeyOf, windowMinutes } from './rollup-query.js';
const errorsOf = (state, filter) => filter.error_code !== undefined ? (state.errors_by_code.get(filter.error_code) ?? 0) : state.error_count;
const ratio = (numerator, denominator) => (denominator > 0 ? numerator / denominator : null);
const quantile = (which, q) => (state) => state[which].quantile(q);
const feedbackCount = (state) => state.feedback_positive + state.feedback_negative;
const DEFINITIONS = {
    request_count: { kind: 'counter', value: (s) => s.request_count },
    error_count: { kind: 'counter', value: errorsOf },
    error_rate: { kind: 'ratio', value: (s, f) => ratio(errorsOf(s, f), s.request_count) },
    latency_p50_ms: { kind: 'ratio', value: quantile('latency', 0.5) },
    latency_p90_ms: { kind: 'ratio', value: quantile('latency', 0.9) },
    latency_p95_ms: { kind: 'ratio', value: quantile('latency', 0.95) },
    latency_p99_ms: { kind: 'ratio', value: quantile('latency', 0.99) },
    ttft_p50_ms: { kind: 'ratio', value: quantile('ttft', 0.5) },
    ttft_p95_ms: { kind: 'ratio', value: quantile('ttft', 0.95) },
    ttft_p99_ms: { kind: 'ratio', value: quantile('ttft', 0.99) },
    input_tokens: { kind: 'counter', value: (s) => s.input_tokens },
    output_tokens: { kind: 'counter', value: (s) => s.output_tokens },
    total_tokens: { kind: 'counter', value: (s) => s.input_tokens + s.output_tokens },
    cost_usd: { kind: 'counter', value: (s) => s.cost_usd },
    guardrail_triggers: { kind: 'counter', value: (s) => s.guardrail_triggers },
    guardrail_trigger_rate: { kind: 'ratio', value: (s) => ratio(s.guardrail_triggers, s.request_count) },
    feedback_positive: { kind: 'counter', value: (s) => s.feedback_positive, samples: feedbackCount },
    feedback_negative: { kind: 'counter', value: (s) => s.feedback_negative, samples: feedbackCount },
    feedback_negative_rate: { kind: 'ratio', value: (s) => ratio(s.feedback_negative, feedbackCount(s)), samples: feedbackCount },
    rating_avg: { kind: 'ratio', value: (s) => ratio(s.rating_sum, s.rating_count), samples: (s) => s.rating_count },
};
export const ROLLUP_SERIES = Object.keys(DEFINITIONS);
const GROUP_FILTERS = ['served_entity_name', 'model_version'];
const ERROR_SERIES = new Set(['error_count', 'error_rate']);
/** Why a rollup series (and its filter) cannot be evaluated; null when fine. */
export function validateRollupSeries(series, filter) {
    if (!Object.hasOwn(DEFINITIONS, series))
        return `Unknown rollup series "${series}". Valid series: ${ROLLUP_SERIES.join(', ')}.`;
    const allowed = ERROR_SERIES.has(series) ? [...GROUP_FILTERS, 'error_code'] : GROUP_FILTERS;
    for (const key of Object.keys(filter)) {
        if (!allowed.includes(key))
            return `Unknown filter "${key}" for series ${series}. Valid filters: ${allowed.join(', ')}.`;
        if (typeof filter[key] !== 'string')
            return `Filter ${key} must be a string.`;
    }
    return null;
}
/** The rollup series for alert rules: request counts, error rate, latency percentiles, tokens, cost, feedback. */
export function createRollupSeries(readSlices) {
    return {
        handles: (series) => Object.hasOwn(DEFINITIONS, series),
        validate: validateRollupSeries,
        describe: () => [...ROLLUP_SERIES],
        async evaluate(query) {
            const problem = validateRollupSeries(query.series, query.filter);
            if (problem)
                throw new Error(problem);
            const definition = DEFINITIONS[query.series];
            const window = windowMinutes(query.from, query.to);
            const slices = await readSlices({
                endpointName: query.endpointName,
                fromMinute: window.fromMinute,
                to: query.to,
                ...(query.filter.served_entity_name !== undefined ? { served_entity_name: query.filter.served_entity_name } : {}),
                ...(query.filter.model_version !== undefined ? { model_version: query.filter.model_version } : {}),
            });
            const groups = new Map();
            for (const slice of slices) {
                const key = groupKeyOf(slice, query.groupBy);
                let minutes = groups.get(key);
                if (!minutes)
                    groups.set(key, (minutes = new Map()));
                const existing = minutes.get(slice.minute);
                // Slices are fresh copies (see readSlices), so merging into the first one is safe.
                if (existing)
                    existing.merge(slice.state);
                else
                    minutes.set(slice.minute, slice.state);
            }
            const result = new Map();
            for (const [key, minutes] of groups) {
                const value = aggregate(definition, query, minutes, window.count);
                if (value !== null)
                    result.set(key, value);
            }
            return result;
        },
    };
}
/** One group's value over the window, per the rule's aggregation (see docs/monitoring-rollups.md). */
function aggregate(definition, query, minutes, windowCount) {
    const ordered = [...minutes.keys()].sort((a, b) => a - b);
    const total = ordered.reduce((merged, minute) => merged.merge(minutes.get(minute)), new RollupState());
    const samples = definition.samples ? definition.samples(total) : total.request_count;
    const whole = definition.value(total, query.filter);
    const perMinute = ordered.map((minute) => definition.value(minutes.get(minute), query.filter));
    const present = perMinute.filter((value) => value !== null);
    let value;
    switch (query.aggregation) {
        case 'sum':
            value = whole;
            break;
        case 'avg':
            value = whole === null ? null : definition.kind === 'counter' ? whole / windowCount : whole;
            break;
        case 'min':
        case 'max': {
            // Counters: a minute without rows had zero of everything, which is what a "traffic stopped" rule needs.
            const values = definition.kind === 'counter' && ordered.length < windowCount ? [...present, 0] : present;
            value = values.length === 0 ? null : query.aggregation === 'min' ? Math.min(...values) : Math.max(...values);
            break;
        }
        case 'last':
            value = present.length > 0 ? present[present.length - 1] : null;
            break;
        case 'count':
            value = ordered.length;
            break;
    }
    if (value === null || !Number.isFinite(value))
        return null;
    const details = { request_count: total.request_count, minutes: ordered.length };
    if (ERROR_SERIES.has(query.series))
        details.errors_by_code = Object.fromEntries(total.errors_by_code);
    return { value, samples, details };
}
//# sourceMappingURL=rollup-series.js.map