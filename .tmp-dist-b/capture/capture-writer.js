import { toRow } from './capture-row.js';
const DEFAULT_RETRY_DELAYS_MS = [100, 500, 2000];
/** At most one "queue full" warning per this interval, carrying the count dropped since the last one. */
const DROP_WARNING_INTERVAL_MS = 10_000;
/**
 * Rows per INSERT statement: well under the bound-parameter limits (25 columns a row), and small enough that
 * one synchronous SQLite statement holds the event loop for about a millisecond.
 */
const ROWS_PER_STATEMENT = 25;
/**
 * Preparing a batch (masking, serialising) and inserting it yield to the event loop after this long, so
 * responses keep flowing: capture must not show up in the request path's tail latency.
 */
const PREPARE_SLICE_MS = 0.5;
/** FIFO over an array with a moving head: O(1) push, O(batch) take, amortised compaction. */
class Queue {
    items = [];
    head = 0;
    get length() {
        return this.items.length - this.head;
    }
    push(item) {
        this.items.push(item);
    }
    take(count) {
        const end = Math.min(this.items.length, this.head + count);
        const batch = this.items.slice(this.head, end);
        // Release taken records now, not at the next compaction: they hold whole request bodies.
        for (let index = this.head; index < end; index += 1)
            this.items[index] = undefined;
        this.head = end;
        if (this.head >= 1024 && this.head * 2 >= this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return batch;
    }
}
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** What may be logged about a storage error: its code and a bounded message, never the rows. */
function describeError(error) {
    const { code, message } = (error ?? {});
    return { ...(typeof code === 'string' ? { code } : {}), message: String(message ?? error).slice(0, 200) };
}
/**
 * The inference-table writer. `enqueue` is O(1) and never blocks, throws or awaits: a record joins a bounded
 * in-memory queue, or is dropped and counted when the queue is full. Flushes run off the request path — on a timer
 * or when a batch fills — one at a time, writing each batch in one transaction; masking and serialising happen
 * there too. A failed batch is retried a bounded number of times, then dropped and counted.
 */
export class CaptureWriter {
    options;
    queue = new Queue();
    timer;
    retryDelaysMs;
    now;
    running = null;
    drainScheduled = false;
    closed = false;
    /** Set when a batch fails for good during close: storage is gone, so the rest is dropped at once. */
    givingUp = false;
    written = 0;
    dropped = 0;
    failedBatches = 0;
    batchesWritten = 0;
    droppedSinceWarning = 0;
    lastWarningAt = Number.NEGATIVE_INFINITY;
    listeners = new Set();
    constructor(options) {
        this.options = options;
        this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
        this.now = options.now ?? Date.now;
        if (options.enabled) {
            this.timer = setInterval(() => {
                if (this.queue.length > 0)
                    void this.drain();
            }, options.flushIntervalMs);
            this.timer.unref();
        }
    }
    enqueue(record) {
        try {
            if (!this.options.enabled)
                return;
            if (this.closed || this.queue.length >= this.options.queueSize) {
                this.drop(1);
                return;
            }
            this.queue.push(record);
            this.options.metrics.captureQueueDepth(this.queue.length);
            if (this.queue.length >= this.options.batchSize)
                this.scheduleDrain();
        }
        catch {
            // Capture must never fail a response; metrics are in-memory, so this is only a guard.
        }
    }
    onRowsWritten(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    stats() {
        return {
            queued: this.queue.length,
            written: this.written,
            dropped: this.dropped,
            failedBatches: this.failedBatches,
            batchesWritten: this.batchesWritten,
        };
    }
    /** Resolves once everything queued before the call (and anything queued meanwhile) has been written or dropped. */
    async flush() {
        for (;;) {
            if (this.running) {
                await this.running;
                continue;
            }
            if (this.queue.length === 0)
                return;
            await this.drain();
        }
    }
    /** Stops the timer and drains the queue (the SIGTERM path); later records are dropped and counted. */
    async close() {
        this.closed = true;
        if (this.timer)
            clearInterval(this.timer);
        await this.flush();
    }
    notify(rows) {
        for (const listener of this.listeners) {
            try {
                listener(rows);
            }
            catch (error) {
                this.options.logger.error({ error: describeError(error) }, 'a captured-rows listener failed');
            }
        }
    }
    drop(count) {
        this.dropped += count;
        this.droppedSinceWarning += count;
        this.options.metrics.captureDropped(count);
        const now = this.now();
        if (now - this.lastWarningAt >= DROP_WARNING_INTERVAL_MS) {
            this.options.logger.warn({ dropped: this.droppedSinceWarning, queue_size: this.options.queueSize, closed: this.closed }, 'capture queue full: inference-log rows dropped');
            this.lastWarningAt = now;
            this.droppedSinceWarning = 0;
        }
    }
    scheduleDrain() {
        if (this.running || this.drainScheduled)
            return;
        this.drainScheduled = true;
        setImmediate(() => {
            this.drainScheduled = false;
            void this.drain();
        });
    }
    /** Starts the single flush loop unless it runs already; it takes batches until the queue is empty. */
    drain() {
        if (this.running)
            return this.running;
        if (this.queue.length === 0)
            return Promise.resolve();
        this.running = this.drainLoop();
        return this.running;
    }
    async drainLoop() {
        // Start asynchronously, so `running` is set before the loop can finish and clear it.
        await Promise.resolve();
        try {
            while (this.queue.length > 0) {
                const batch = this.queue.take(this.options.batchSize);
                this.options.metrics.captureQueueDepth(this.queue.length);
                try {
                    await this.writeBatch(batch);
                }
                catch (error) {
                    // writeBatch handles storage errors itself; this only keeps a bug from becoming an unhandled rejection.
                    this.drop(batch.length);
                    this.options.logger.error({ error: describeError(error) }, 'capture batch could not be written; dropped');
                }
            }
        }
        finally {
            this.running = null;
        }
    }
    async prepare(records) {
        const rows = [];
        let sliceStart = performance.now();
        for (const record of records) {
            try {
                rows.push(toRow(record, this.options.row));
            }
            catch (error) {
                this.drop(1);
                this.options.logger.error({ error: describeError(error) }, 'capture record could not be prepared; dropped');
            }
            if (performance.now() - sliceStart > PREPARE_SLICE_MS) {
                await yieldToEventLoop();
                sliceStart = performance.now();
            }
        }
        return rows;
    }
    async writeBatch(records) {
        if (this.givingUp) {
            this.drop(records.length);
            return;
        }
        const rows = await this.prepare(records);
        if (rows.length === 0)
            return;
        for (let attempt = 0;; attempt += 1) {
            try {
                await this.options.db.transaction().execute(async (transaction) => {
                    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
                        // better-sqlite3 runs each statement synchronously; let requests through between statements.
                        if (start > 0)
                            await yieldToEventLoop();
                        await transaction
                            .insertInto('inference_log')
                            .values(rows.slice(start, start + ROWS_PER_STATEMENT))
                            // A retried batch whose first commit did land must not fail on its own rows.
                            .onConflict((conflict) => conflict.column('request_id').doNothing())
                            .execute();
                    }
                });
                this.written += rows.length;
                this.batchesWritten += 1;
                this.options.metrics.captureWritten(rows.length);
                this.notify(rows);
                return;
            }
            catch (error) {
                const delay = this.retryDelaysMs[attempt];
                if (delay === undefined || this.givingUp) {
                    this.failedBatches += 1;
                    this.dropped += rows.length;
                    this.options.metrics.captureDropped(rows.length);
                    this.options.logger.error({ rows: rows.length, attempts: attempt + 1, error: describeError(error) }, 'capture batch failed; rows dropped');
                    if (this.closed)
                        this.givingUp = true;
                    return;
                }
                await sleep(delay);
            }
        }
    }
}
//# sourceMappingURL=capture-writer.js.map