import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { RollupAggregator } from './rollup-aggregator.js';
import { buildSeries, readSlices } from './rollup-query.js';
import { createRollupSeries } from './rollup-series.js';
import { upsertRollupRows } from './rollup-store.js';
import { resolveRange } from './time-range.js';
export function defaultInstanceId() {
    return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
/**
 * Per-minute rollups: counted in memory on the request path, written by each instance to its own rows every
 * `monitoring.rollup_flush_ms` (full cumulative state, so writes are idempotent), merged across instances on read.
 */
export function createRollups(options) {
    const { db, config, logger } = options;
    const now = options.now ?? Date.now;
    const instanceId = options.instanceId ?? defaultInstanceId();
    const aggregator = new RollupAggregator({ instanceId, maxKeys: options.maxKeys ?? 100_000, graceMs: options.graceMs ?? 60_000 });
    const counters = { flushes: 0, failed_flushes: 0, rows_written: 0, corrupt_columns: 0 };
    let tail = Promise.resolve();
    let running = false;
    let timer;
    let failureStreak = 0;
    const onCorrupt = (column, error) => {
        counters.corrupt_columns++;
        logger.warn({ column, err: error.message }, 'corrupt rollup column read as empty');
    };
    const slices = (filter) => readSlices(db, aggregator, filter, onCorrupt);
    async function flushOnce() {
        const at = now();
        const snapshot = aggregator.snapshot(at);
        if (snapshot.rows.length > 0) {
            await upsertRollupRows(db, snapshot.rows);
            aggregator.markStored(snapshot);
            counters.rows_written += snapshot.rows.length;
        }
        counters.flushes++;
        aggregator.seal(at);
    }
    function flush() {
        const run = tail.then(flushOnce);
        tail = run.catch(() => { });
        return run;
    }
    async function tick() {
        if (running)
            return;
        running = true;
        try {
            await flush();
            if (failureStreak > 0)
                logger.info({ after_failures: failureStreak }, 'rollup flush recovered');
            failureStreak = 0;
        }
        catch (error) {
            counters.failed_flushes++;
            failureStreak++;
            // Once per streak at warn, then quietly: the state is kept and retried on every tick.
            if (failureStreak === 1)
                logger.warn({ err: error.message }, 'rollup flush failed; retrying every tick');
        }
        finally {
            running = false;
        }
    }
    return {
        observer: aggregator,
        recordFeedback: (feedback) => aggregator.recordFeedback(feedback),
        instanceId,
        series: createRollupSeries(slices),
        async query(input) {
            const range = resolveRange(input, now());
            const found = await slices({ endpointName: input.endpoint_name, fromMinute: range.from, to: range.to });
            return {
                endpoint_name: input.endpoint_name,
                from: range.from,
                to: range.to,
                step_seconds: range.stepMs / 1_000,
                series: buildSeries(found, range, input.group_by ?? null),
            };
        },
        start() {
            if (timer)
                return;
            timer = setInterval(() => void tick(), config.monitoring.rollup_flush_ms);
            timer.unref();
        },
        flush,
        async close() {
            if (timer)
                clearInterval(timer);
            timer = undefined;
            try {
                await flush();
            }
            catch (error) {
                logger.error({ err: error.message, ...aggregator.stats() }, 'final rollup flush failed; unflushed minutes are lost');
            }
        },
        stats: () => ({ instance_id: instanceId, ...aggregator.stats(), ...counters }),
    };
}
//# sourceMappingURL=rollups.js.map