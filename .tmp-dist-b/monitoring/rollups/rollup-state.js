import { HistogramParseError, LogHistogram } from './log-histogram.js';
/** Actions that count as a guardrail trigger (`allow` is the guardrail saying nothing). */
const TRIGGER_ACTIONS = new Set(['flag', 'mask', 'block']);
/**
 * The aggregate of one series (endpoint, served entity, model version) over some minutes: what one rollup row holds.
 * Everything merges: counters add, maps add per key, histograms add per bucket.
 */
export class RollupState {
    request_count = 0;
    error_count = 0;
    errors_by_code = new Map();
    latency = new LogHistogram();
    ttft = new LogHistogram();
    input_tokens = 0;
    output_tokens = 0;
    cost_usd = 0;
    /** Calls on which at least one guardrail flagged, masked or blocked. */
    guardrail_triggers = 0;
    /** Per guardrail: calls on which it flagged, masked or blocked (counted once per call). */
    guardrails_by_name = new Map();
    feedback_positive = 0;
    feedback_negative = 0;
    rating_sum = 0;
    rating_count = 0;
    /** Books one finished call. Allocation-free apart from a map key the first time an error code or guardrail shows. */
    addCall(record) {
        this.request_count++;
        if (record.status_code >= 400) {
            this.error_count++;
            const code = record.error_code ?? String(record.status_code);
            this.errors_by_code.set(code, (this.errors_by_code.get(code) ?? 0) + 1);
        }
        this.latency.add(record.execution_duration_ms);
        if (record.ttft_ms !== null && record.ttft_ms !== undefined)
            this.ttft.add(record.ttft_ms);
        if (record.input_tokens)
            this.input_tokens += record.input_tokens;
        if (record.output_tokens)
            this.output_tokens += record.output_tokens;
        if (record.cost_usd)
            this.cost_usd += record.cost_usd;
        const verdicts = record.guardrail_results;
        if (verdicts && verdicts.length > 0)
            this.addVerdicts(verdicts);
    }
    addVerdicts(verdicts) {
        let triggered = false;
        for (let k = 0; k < verdicts.length; k++) {
            const name = triggeredGuardrail(verdicts[k]);
            if (name === null)
                continue;
            triggered = true;
            // A stream guard yields a verdict per window; count a guardrail once per call.
            let seen = false;
            for (let j = 0; j < k && !seen; j++)
                seen = triggeredGuardrail(verdicts[j]) === name;
            if (!seen)
                this.guardrails_by_name.set(name, (this.guardrails_by_name.get(name) ?? 0) + 1);
        }
        if (triggered)
            this.guardrail_triggers++;
    }
    addFeedback(feedback) {
        if (feedback.thumbs === 'up')
            this.feedback_positive++;
        else if (feedback.thumbs === 'down')
            this.feedback_negative++;
        if (typeof feedback.rating === 'number' && Number.isFinite(feedback.rating)) {
            this.rating_sum += feedback.rating;
            this.rating_count++;
        }
    }
    merge(other) {
        this.request_count += other.request_count;
        this.error_count += other.error_count;
        addCounts(this.errors_by_code, other.errors_by_code);
        this.latency.merge(other.latency);
        this.ttft.merge(other.ttft);
        this.input_tokens += other.input_tokens;
        this.output_tokens += other.output_tokens;
        this.cost_usd += other.cost_usd;
        this.guardrail_triggers += other.guardrail_triggers;
        addCounts(this.guardrails_by_name, other.guardrails_by_name);
        this.feedback_positive += other.feedback_positive;
        this.feedback_negative += other.feedback_negative;
        this.rating_sum += other.rating_sum;
        this.rating_count += other.rating_count;
        return this;
    }
    /** The row's value columns (the key columns are the caller's). */
    toColumns() {
        return {
            request_count: this.request_count,
            error_count: this.error_count,
            errors_by_code: JSON.stringify(Object.fromEntries(this.errors_by_code)),
            latency_hist: this.latency.serialize(),
            ttft_hist: this.ttft.serialize(),
            input_tokens: this.input_tokens,
            output_tokens: this.output_tokens,
            cost_usd: this.cost_usd,
            guardrail_triggers: this.guardrail_triggers,
            guardrails_by_name: JSON.stringify(Object.fromEntries(this.guardrails_by_name)),
            feedback_positive: this.feedback_positive,
            feedback_negative: this.feedback_negative,
            rating_sum: this.rating_sum,
            rating_count: this.rating_count,
        };
    }
    /**
     * A stored row back as a state. A corrupt JSON column (hand-edited, truncated) becomes an empty part and is
     * reported through `onCorrupt` instead of failing the whole query.
     */
    static fromRow(row, onCorrupt = () => { }) {
        const state = new RollupState();
        state.request_count = Number(row.request_count);
        state.error_count = Number(row.error_count);
        state.errors_by_code = parseCounts(row.errors_by_code, 'errors_by_code', onCorrupt);
        state.latency = parseHistogram(row.latency_hist, 'latency_hist', onCorrupt);
        state.ttft = parseHistogram(row.ttft_hist, 'ttft_hist', onCorrupt);
        state.input_tokens = Number(row.input_tokens);
        state.output_tokens = Number(row.output_tokens);
        state.cost_usd = Number(row.cost_usd);
        state.guardrail_triggers = Number(row.guardrail_triggers);
        state.guardrails_by_name = parseCounts(row.guardrails_by_name, 'guardrails_by_name', onCorrupt);
        state.feedback_positive = Number(row.feedback_positive);
        state.feedback_negative = Number(row.feedback_negative);
        state.rating_sum = Number(row.rating_sum);
        state.rating_count = Number(row.rating_count);
        return state;
    }
}
/** The guardrail's name when the verdict flagged, masked or blocked; null otherwise (or when it is not a verdict). */
function triggeredGuardrail(verdict) {
    if (typeof verdict !== 'object' || verdict === null)
        return null;
    const { action, guardrail } = verdict;
    if (typeof action !== 'string' || !TRIGGER_ACTIONS.has(action))
        return null;
    return typeof guardrail === 'string' ? guardrail : 'unknown';
}
function addCounts(target, source) {
    for (const [key, count] of source)
        target.set(key, (target.get(key) ?? 0) + count);
}
function parseHistogram(text, column, onCorrupt) {
    try {
        return LogHistogram.parse(text);
    }
    catch (error) {
        onCorrupt(column, error instanceof HistogramParseError ? error : new Error(String(error)));
        return new LogHistogram();
    }
}
function parseCounts(text, column, onCorrupt) {
    const counts = new Map();
    try {
        const value = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value))
            throw new Error('not an object');
        for (const [key, count] of Object.entries(value)) {
            if (typeof count !== 'number' || !Number.isFinite(count) || count < 0)
                throw new Error(`count of ${key} is not a non-negative number`);
            counts.set(key, count);
        }
    }
    catch (error) {
        onCorrupt(column, error);
        counts.clear();
    }
    return counts;
}
//# sourceMappingURL=rollup-state.js.map