import { MINUTE_MS, minuteOf } from './rollup-aggregator.js';
import { RollupState } from './rollup-state.js';
import { readRollupRows } from './rollup-store.js';
/**
 * Every instance's series-minutes in the window. Rows this instance has in memory replace their stored copy (the
 * memory holds the same cumulative state, only newer), so the answer includes the not-yet-flushed current minute
 * without counting anything twice.
 */
export async function readSlices(db, aggregator, filter, onCorrupt) {
    const rows = await readRollupRows(db, filter);
    const byKey = new Map();
    const keyOf = (slice, instance) => JSON.stringify([slice.endpoint_name, slice.served_entity_name, slice.model_version, slice.minute, instance]);
    for (const row of rows) {
        byKey.set(keyOf(row, row.instance_id), {
            endpoint_name: row.endpoint_name,
            served_entity_name: row.served_entity_name,
            model_version: row.model_version,
            minute: Number(row.minute),
            state: RollupState.fromRow(row, onCorrupt),
        });
    }
    if (aggregator) {
        for (const entry of aggregator.entries({ endpointName: filter.endpointName, fromMinute: filter.fromMinute, to: filter.to })) {
            if (filter.served_entity_name !== undefined && entry.served_entity_name !== filter.served_entity_name)
                continue;
            if (filter.model_version !== undefined && entry.model_version !== filter.model_version)
                continue;
            // A copy: the live state keeps changing while the answer is built.
            byKey.set(keyOf(entry, entry.instance_id), { ...entry, state: new RollupState().merge(entry.state) });
        }
    }
    return [...byKey.values()];
}
export function groupKeyOf(slice, groupBy) {
    return groupBy === 'served_entity' ? slice.served_entity_name : groupBy === 'model_version' ? slice.model_version : '';
}
function round(value, digits = 3) {
    if (value === null)
        return null;
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}
export function summary(state, which) {
    const histogram = state[which];
    return {
        p50: round(histogram.quantile(0.5)),
        p90: round(histogram.quantile(0.9)),
        p95: round(histogram.quantile(0.95)),
        p99: round(histogram.quantile(0.99)),
    };
}
export function toPoint(time, state) {
    return {
        time,
        request_count: state.request_count,
        error_count: state.error_count,
        error_rate: state.request_count > 0 ? state.error_count / state.request_count : null,
        errors_by_code: Object.fromEntries(state.errors_by_code),
        latency_ms: summary(state, 'latency'),
        ttft_ms: summary(state, 'ttft'),
        input_tokens: state.input_tokens,
        output_tokens: state.output_tokens,
        cost_usd: round(state.cost_usd, 9),
        guardrail_triggers: state.guardrail_triggers,
        guardrails_by_name: Object.fromEntries(state.guardrails_by_name),
        feedback: {
            positive: state.feedback_positive,
            negative: state.feedback_negative,
            rating_avg: state.rating_count > 0 ? state.rating_sum / state.rating_count : null,
        },
    };
}
/**
 * Merges slices into `points` steps of `stepMs` from `from` (counters add, histograms merge, across instances and
 * the minutes of a step), one series per group, every step present (empty steps as zeros), groups sorted by name.
 */
export function buildSeries(slices, range, groupBy) {
    const groups = new Map();
    for (const slice of slices) {
        const index = Math.floor((slice.minute - range.from) / range.stepMs);
        if (index < 0 || index >= range.points)
            continue;
        const key = groupKeyOf(slice, groupBy);
        let steps = groups.get(key);
        if (!steps) {
            steps = new Array(range.points);
            groups.set(key, steps);
        }
        const existing = steps[index];
        if (existing)
            existing.merge(slice.state);
        else
            steps[index] = new RollupState().merge(slice.state);
    }
    if (groupBy === null && groups.size === 0)
        groups.set('', new Array(range.points));
    const empty = new RollupState();
    return [...groups.keys()].sort().map((key) => {
        const steps = groups.get(key);
        const points = [];
        for (let index = 0; index < range.points; index++)
            points.push(toPoint(range.from + index * range.stepMs, steps[index] ?? empty));
        if (groupBy === 'served_entity')
            return { served_entity_name: key, points };
        if (groupBy === 'model_version')
            return { model_version: key, points };
        return { points };
    });
}
/** Minutes [fromMinute, to) a window [from, to) touches. */
export function windowMinutes(from, to) {
    const fromMinute = minuteOf(from);
    return { fromMinute, to, count: Math.max(1, Math.ceil((to - fromMinute) / MINUTE_MS)) };
}
//# sourceMappingURL=rollup-query.js.map