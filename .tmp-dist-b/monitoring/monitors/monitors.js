import { randomUUID } from 'node:crypto';
import { CairnError, errors } from '../../errors/index.js';
import { acquireLease, releaseLease } from '../../storage/index.js';
import { describeText } from '../descriptors/index.js';
import { descriptorCatalogue } from './column-catalogue.js';
import { JudgeRunner } from './judge-runner.js';
import { checkMonitorColumns, intervalMs, parseMonitorConfig } from './monitor-config.js';
import { MonitorRunner } from './monitor-runner.js';
import { createMonitorSeries } from './monitor-series.js';
import { MonitorStore } from './monitor-store.js';
import { normaliseReferenceRows, splitRows } from './reference-dataset.js';
const LEASE = 'monitors';
/** Another instance takes over this long after the holder stops renewing (the holder renews every tick). */
const LEASE_TTL_MS = 30_000;
export function createMonitors(dependencies) {
    const { db, config, logger } = dependencies;
    const now = dependencies.now ?? Date.now;
    const catalogue = dependencies.catalogue ?? descriptorCatalogue();
    const store = new MonitorStore(db);
    const judge = dependencies.judge ? new JudgeRunner({ db, judgeCall: dependencies.judge, now, logger, flagForReview: dependencies.flagForReview }) : null;
    const runner = new MonitorRunner({ db, config, logger, store, catalogue, judge, flagForReview: dependencies.flagForReview, now });
    const holder = randomUUID();
    const byName = new Map();
    const inFlight = new Map();
    const series = createMonitorSeries({ db, store, catalogue, catalog: { byName: (name) => byName.get(name) ?? [] } });
    let timer;
    let ticking = null;
    let closed = false;
    let holding = false;
    function index(records) {
        byName.clear();
        for (const record of records) {
            const list = byName.get(record.name);
            if (list)
                list.push(record);
            else
                byName.set(record.name, [record]);
        }
    }
    async function refresh() {
        index(await store.list());
    }
    function runOne(record) {
        const running = inFlight.get(record.id);
        if (running)
            return running;
        const promise = runner.run(record).finally(() => inFlight.delete(record.id));
        inFlight.set(record.id, promise);
        return promise;
    }
    async function tickOnce() {
        const records = await store.list();
        index(records);
        holding = await acquireLease(db, LEASE, holder, LEASE_TTL_MS, now());
        if (!holding)
            return;
        for (const record of records) {
            if (closed)
                return;
            const due = record.last_run_at === null || now() >= record.last_run_at + intervalMs(record.config, config.monitoring.monitor_interval_ms);
            if (!due)
                continue;
            await runOne(record);
            // A long pass keeps the lease: renew after every monitor.
            holding = await acquireLease(db, LEASE, holder, LEASE_TTL_MS, now());
            if (!holding)
                return;
        }
    }
    function tick() {
        if (ticking)
            return ticking;
        ticking = tickOnce()
            .catch((error) => logger.error({ err: error }, 'monitor pass failed'))
            .finally(() => {
            ticking = null;
        });
        return ticking;
    }
    function schedule() {
        if (closed)
            return;
        const period = Math.min(1000, config.monitoring.monitor_interval_ms);
        timer = setTimeout(() => {
            void tick().finally(schedule);
        }, period);
        timer.unref();
    }
    async function view(record) {
        const { endpoint_id: _endpointId, ...rest } = record;
        const shown = { ...rest };
        if (record.config.kind === 'drift' && record.config.reference.type === 'dataset')
            shown.reference_rows = await store.referenceCount(record.id);
        return shown;
    }
    function validated(input) {
        const parsed = parseMonitorConfig(input);
        checkMonitorColumns(parsed, catalogue.driftColumns);
        return parsed;
    }
    return {
        series,
        columns: catalogue.driftColumns,
        async start() {
            await refresh();
            // `monitoring.enabled: false` (the benchmark's "monitors off") keeps the API but runs nothing on a timer.
            if (config.monitoring.enabled)
                schedule();
        },
        async close() {
            closed = true;
            if (timer)
                clearTimeout(timer);
            await ticking;
            await Promise.allSettled([...inFlight.values()]);
            if (holding)
                await releaseLease(db, LEASE, holder).catch(() => undefined);
        },
        async runNow(id) {
            const record = await store.get(id);
            if (!record)
                throw errors.notFound(`Monitor ${id} does not exist.`);
            return runOne(record);
        },
        tick,
        refresh,
        async create(input, options) {
            const parsed = validated(input);
            if (await store.exists(parsed.endpoint_name, parsed.name)) {
                throw errors.alreadyExists(`Endpoint ${parsed.endpoint_name} already has a monitor named ${parsed.name}.`);
            }
            const record = await store.insert({ config: parsed, endpointId: options.endpointId, createdBy: options.createdBy, now: now() });
            await refresh();
            return view(record);
        },
        list: (endpointName) => store.list(endpointName),
        get: (id) => store.get(id),
        async update(record, patch) {
            if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
                throw errors.invalid('The body must be an object of monitor fields to change.');
            const fields = patch;
            for (const key of ['endpoint_name', 'kind']) {
                if (fields[key] !== undefined && fields[key] !== record.config[key])
                    throw errors.invalid(`A monitor's ${key} cannot change; create another monitor.`);
            }
            const merged = validated({ ...record.config, ...fields });
            if (merged.name !== record.name && (await store.exists(record.endpoint_name, merged.name))) {
                throw errors.alreadyExists(`Endpoint ${record.endpoint_name} already has a monitor named ${merged.name}.`);
            }
            const updated = await store.update(record, merged, Math.max(now(), record.updated_at + 1));
            runner.forget(record.id);
            await refresh();
            return view(updated);
        },
        async delete(record) {
            await store.delete(record.id);
            runner.forget(record.id);
            await refresh();
        },
        async uploadReference(record, body) {
            const monitorConfig = record.config;
            if (monitorConfig.kind !== 'drift' || monitorConfig.reference.type !== 'dataset') {
                throw new CairnError('INVALID_STATE', `Monitor ${record.name} does not take an uploaded reference (its reference type is not "dataset").`);
            }
            const rows = splitRows(body);
            const normalised = normaliseReferenceRows(rows, {
                descriptorColumns: catalogue.driftColumns,
                requiredColumns: monitorConfig.columns ?? null,
                describe: (prefix, text) => Object.fromEntries(Object.entries(describeText(text)).map(([key, value]) => [`${prefix}_${key}`, value])),
            });
            // updated_at moves on, so the runner's cached reference is dropped on every instance.
            await store.replaceReference(record.id, normalised.rows, Math.max(now(), record.updated_at + 1));
            runner.forget(record.id);
            return { rows: normalised.rows.length, columns: normalised.columns };
        },
        async results(record, from, to, maxResults) {
            return store.results([record.id], from, to, maxResults);
        },
        async evaluations(endpointName, query) {
            let select = db
                .selectFrom('evaluation_scores')
                .select(['request_id', 'time', 'endpoint_name', 'served_entity_name', 'evaluator', 'score_value', 'score_label', 'explanation', 'judge_endpoint', 'cost_usd'])
                .where('endpoint_name', '=', endpointName)
                .where('time', '>=', query.from)
                .where('time', '<', query.to);
            if (query.evaluator !== undefined)
                select = select.where('evaluator', '=', query.evaluator);
            const rows = await select.orderBy('time', 'desc').orderBy('id', 'desc').limit(query.maxResults).execute();
            return rows.map((row) => ({
                ...row,
                time: Number(row.time),
                score_value: row.score_value === null ? null : Number(row.score_value),
                cost_usd: row.cost_usd === null ? null : Number(row.cost_usd),
            }));
        },
        view,
    };
}
//# sourceMappingURL=monitors.js.map