/** Endpoint id capture records for calls not authorised on the endpoint they named: they belong to no endpoint. */
const UNATTRIBUTED = '(none)';
/** Names of the guardrails whose verdict on this row flagged or blocked it, from the stored `guardrail_results`. */
export function triggeredGuardrails(guardrailResults) {
    if (!guardrailResults)
        return [];
    let verdicts;
    try {
        verdicts = JSON.parse(guardrailResults);
    }
    catch {
        return [];
    }
    if (!Array.isArray(verdicts))
        return [];
    const names = new Set();
    for (const verdict of verdicts) {
        const { guardrail, action } = (verdict ?? {});
        if (typeof guardrail === 'string' && (action === 'flag' || action === 'block'))
            names.add(guardrail);
    }
    return [...names];
}
/**
 * Why a freshly captured row goes to review, if at all: guardrails that flagged or blocked it, and random sampling
 * of successful calls at `sampleFraction`. Pure: randomness is injected.
 */
export function intakeFlags(row, sampleFraction, random) {
    const endpointId = row.endpoint_id ?? null;
    if (endpointId === UNATTRIBUTED || !row.request_id || !row.endpoint_name)
        return [];
    const base = { request_id: row.request_id, endpoint_name: row.endpoint_name, endpoint_id: endpointId };
    const flags = [];
    const guardrails = triggeredGuardrails(row.guardrail_results);
    if (guardrails.length > 0)
        flags.push({ ...base, source: 'guardrail', detail: { guardrails } });
    const status = Number(row.status_code);
    if (sampleFraction > 0 && status >= 200 && status < 300 && random() < sampleFraction) {
        flags.push({ ...base, source: 'sample', detail: { fraction: sampleFraction } });
    }
    return flags;
}
/**
 * The review queue's intake: flags are queued in memory and written in batches on the next turn of the event loop,
 * one batch at a time, so capture's listener and the monitors return at once and a slow database only lengthens
 * the queue. Errors are logged and counted; nothing here ever throws to a caller.
 */
export class IntakeQueue {
    options;
    pending = [];
    running;
    closed = false;
    dropped = 0;
    failed = 0;
    capacity;
    batchSize;
    constructor(options) {
        this.options = options;
        this.capacity = options.capacity ?? 10_000;
        this.batchSize = options.batchSize ?? 200;
    }
    /** Queues a flag; the promise resolves once it is written (or dropped, or its batch failed). */
    push(flag) {
        if (this.closed || this.pending.length >= this.capacity) {
            this.dropped += 1;
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            this.pending.push({ flag, done: resolve });
            this.schedule();
        });
    }
    stats() {
        return { queued: this.pending.length, dropped: this.dropped, failed: this.failed };
    }
    /** Resolves when everything queued so far is written. */
    async flush() {
        while (this.running || this.pending.length > 0) {
            this.schedule();
            await this.running;
        }
    }
    async close() {
        await this.flush();
        this.closed = true;
    }
    schedule() {
        if (this.running || this.pending.length === 0)
            return;
        this.running = new Promise((resolve) => setImmediate(resolve)).then(() => this.drain()).finally(() => {
            this.running = undefined;
            if (this.pending.length > 0)
                this.schedule();
        });
    }
    async drain() {
        while (this.pending.length > 0) {
            const batch = this.pending.splice(0, this.batchSize);
            try {
                await this.options.write(batch.map((entry) => entry.flag));
            }
            catch (error) {
                this.failed += batch.length;
                this.options.logger.error({ err: error, flags: batch.length }, 'review intake: writing flagged calls failed');
            }
            finally {
                for (const entry of batch)
                    entry.done();
            }
        }
    }
}
//# sourceMappingURL=review-intake.js.map