import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'kysely';
import { acquireLease, releaseLease } from '../../storage/index.js';
const DAY_MS = 86_400_000;
const LEASE = 'retention';
/**
 * Raw rows (payloads and everything derived from one call) follow `raw_days`; aggregates and history follow
 * `rollup_days`. Each `column` is the leading column of an index except feedback / review (small tables).
 */
export const RETENTION_TARGETS = [
    { table: 'inference_log', column: 'request_time', tier: 'raw' },
    { table: 'call_descriptors', column: 'request_time', tier: 'raw' },
    { table: 'feedback', column: 'created_at', tier: 'raw' },
    { table: 'review_decisions', column: 'decided_at', tier: 'raw' },
    { table: 'review_items', column: 'created_at', tier: 'raw' },
    { table: 'rollup_minutes', column: 'minute', tier: 'history' },
    { table: 'monitor_results', column: 'time', tier: 'history' },
    { table: 'evaluation_scores', column: 'time', tier: 'history' },
    { table: 'alert_events', column: 'time', tier: 'history' },
    { table: 'alert_deliveries', column: 'created_at', tier: 'history', statuses: ['delivered', 'dead'] },
    { table: 'remediation_actions', column: 'time', tier: 'history' },
    { table: 'gateway_events', column: 'time', tier: 'history' },
];
/**
 * Deletes old rows in bounded batches: each statement picks at most `batch_size` rows by the indexed time column
 * and deletes them by physical row id (SQLite `rowid`, PostgreSQL `ctid`, which works for every table whatever its
 * key), and the sweeper yields to the event loop between statements, so a large backlog never holds a lock or the
 * loop for long. One instance at a time sweeps (lease `retention`).
 */
export function createRetentionSweeper(options) {
    const { db, dialect, config, logger, holder } = options;
    const settings = config.monitoring.retention;
    const now = options.now ?? Date.now;
    const targets = options.targets ?? RETENTION_TARGETS;
    const stats = { runs: 0, skipped_no_lease: 0, failed_runs: 0, rows_deleted: 0, rows_deleted_by_table: {}, statements: 0, last_run: null };
    let stopped = false;
    let running = null;
    let interval;
    let firstRun;
    const leaseTtl = Math.max(60_000, settings.interval_ms * 2);
    async function deleteBatch(target, cut) {
        const table = sql.table(target.table);
        const column = sql.ref(target.column);
        const statusFilter = target.statuses ? sql ` and status in (${sql.join(target.statuses.map((status) => sql.lit(status)))})` : sql ``;
        const limit = settings.batch_size;
        const statement = dialect === 'postgres'
            ? // `ctid = any(array(…))` is a TID scan; `ctid in (select …)` would scan the whole table.
                sql `delete from ${table} where ctid = any(array(select ctid from ${table} where ${column} < ${cut}${statusFilter} limit ${limit}))`
            : sql `delete from ${table} where rowid in (select rowid from ${table} where ${column} < ${cut}${statusFilter} limit ${limit})`;
        const result = await statement.execute(db);
        return Number(result.numAffectedRows ?? 0);
    }
    async function sweep() {
        const at = now();
        const run = { at, deleted: {}, statements: 0, interrupted: false };
        for (const target of targets) {
            const days = target.tier === 'raw' ? settings.raw_days : settings.rollup_days;
            if (days <= 0)
                continue;
            const cut = at - days * DAY_MS;
            let total = 0;
            for (;;) {
                if (stopped) {
                    run.interrupted = true;
                    break;
                }
                const deleted = await deleteBatch(target, cut);
                run.statements++;
                total += deleted;
                if (deleted < settings.batch_size)
                    break;
                await yieldToEventLoop();
            }
            if (total > 0) {
                run.deleted[target.table] = total;
                stats.rows_deleted += total;
                stats.rows_deleted_by_table[target.table] = (stats.rows_deleted_by_table[target.table] ?? 0) + total;
            }
            if (run.interrupted)
                break;
            await yieldToEventLoop();
        }
        stats.runs++;
        stats.statements += run.statements;
        stats.last_run = run;
        if (Object.keys(run.deleted).length > 0)
            logger.info({ deleted: run.deleted, statements: run.statements }, 'retention sweep deleted old rows');
        return run;
    }
    async function runOnce() {
        if (!(await acquireLease(db, LEASE, holder, leaseTtl, now()))) {
            stats.skipped_no_lease++;
            return null;
        }
        return sweep();
    }
    async function tick() {
        if (running || stopped)
            return;
        const current = runOnce().catch((error) => {
            stats.failed_runs++;
            logger.warn({ err: error.message }, 'retention sweep failed; retrying next interval');
        });
        running = current;
        try {
            await current;
        }
        finally {
            running = null;
        }
    }
    return {
        start() {
            if (interval || stopped)
                return;
            const anyRetention = settings.raw_days > 0 || settings.rollup_days > 0;
            if (!anyRetention)
                return;
            // A first sweep soon after start: with frequent restarts a plain interval might never fire.
            firstRun = setTimeout(() => void tick(), Math.min(settings.interval_ms, 30_000));
            firstRun.unref();
            interval = setInterval(() => void tick(), settings.interval_ms);
            interval.unref();
        },
        runOnce,
        sweep,
        stats: () => ({ ...stats, rows_deleted_by_table: { ...stats.rows_deleted_by_table } }),
        async close() {
            stopped = true;
            if (interval)
                clearInterval(interval);
            if (firstRun)
                clearTimeout(firstRun);
            await running;
            await releaseLease(db, LEASE, holder).catch(() => { });
        },
    };
}
//# sourceMappingURL=retention-sweeper.js.map