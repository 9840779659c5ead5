import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { AuthService } from '../../auth/index.js';
import type { CairnConfig } from '../../config/index.js';
import { CairnError, errors } from '../../errors/index.js';
import type { ServingService } from '../../serving/index.js';
import { acquireLease, type Db, type EvaluationScoresTable, releaseLease } from '../../storage/index.js';
import { describeText } from '../descriptors/index.js';
import type { SeriesSource } from '../series.js';
import { type ColumnCatalogue, descriptorCatalogue } from './column-catalogue.js';
import type { JudgeCall } from './judge-call.js';
import { JudgeRunner } from './judge-runner.js';
import { checkMonitorColumns, intervalMs, type MonitorConfig, parseMonitorConfig } from './monitor-config.js';
import { MonitorRunner } from './monitor-runner.js';
import { createMonitorSeries } from './monitor-series.js';
import { type MonitorRecord, MonitorStore } from './monitor-store.js';
import { normaliseReferenceRows, splitRows } from './reference-dataset.js';
import type { FlagForReview, MonitorRunResult } from './types.js';

export interface MonitorsDependencies {
  db: Db;
  config: Readonly<CairnConfig>;
  logger: Logger;
  /** Not used by the runner itself (routes check permissions; the judge gets serving through createServingJudge). */
  serving?: ServingService;
  auth?: AuthService;
  /** Runs LLM-judge calls; without it a quality monitor's judge records an error instead of scores. */
  judge?: JudgeCall | undefined;
  flagForReview?: FlagForReview | undefined;
  now?: () => number;
  /** Tests replace the descriptor catalogue (column names and types). */
  catalogue?: ColumnCatalogue;
}

/** A monitor as the API shows it. */
export interface MonitorView extends Omit<MonitorRecord, 'endpoint_id'> {
  reference_rows?: number;
}

/** One stored judge score (an evaluation_scores row without its surrogate id). */
export type EvaluationScore = Omit<Selectable<EvaluationScoresTable>, 'id'>;

export interface Monitors {
  /** drift.{monitor}.share_drifted|drifted|{column}, quality.{monitor}.{evaluator}, evaluation.{evaluator}. */
  series: SeriesSource;
  /** Loads the monitor catalogue and starts the loop (one instance at a time runs monitors: lease `monitors`). */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Runs one monitor now, whoever holds the lease; returns the stored result. 404 for an unknown id. */
  runNow(id: string): Promise<MonitorRunResult>;
  /** One pass of the loop: takes or renews the lease and runs every due monitor. For tests with a fake clock. */
  tick(): Promise<void>;
  /** Re-reads the monitor catalogue (names for series validation). */
  refresh(): Promise<void>;
  create(input: unknown, options: { createdBy: string | null; endpointId: string | null }): Promise<MonitorView>;
  list(endpointName?: string): Promise<MonitorRecord[]>;
  get(id: string): Promise<MonitorRecord | undefined>;
  update(record: MonitorRecord, patch: unknown): Promise<MonitorView>;
  delete(record: MonitorRecord): Promise<void>;
  /** Replaces a dataset reference with the rows of a JSONL (or JSON) body; 400 for rows that do not fit. */
  uploadReference(record: MonitorRecord, body: string): Promise<{ rows: number; columns: string[] }>;
  results(record: MonitorRecord, from: number, to: number, maxResults: number): Promise<MonitorRunResult[]>;
  evaluations(endpointName: string, query: { from: number; to: number; evaluator?: string; maxResults: number }): Promise<EvaluationScore[]>;
  view(record: MonitorRecord): Promise<MonitorView>;
  /** Valid drift columns (for messages and the CLI). */
  readonly columns: readonly string[];
}

const LEASE = 'monitors';
/** Another instance takes over this long after the holder stops renewing (the holder renews every tick). */
const LEASE_TTL_MS = 30_000;

export function createMonitors(dependencies: MonitorsDependencies): Monitors {
  const { db, config, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const catalogue = dependencies.catalogue ?? descriptorCatalogue();
  const store = new MonitorStore(db);
  const judge = dependencies.judge ? new JudgeRunner({ db, judgeCall: dependencies.judge, now, logger, flagForReview: dependencies.flagForReview }) : null;
  const runner = new MonitorRunner({ db, config, logger, store, catalogue, judge, flagForReview: dependencies.flagForReview, now });
  const holder = randomUUID();
  const byName = new Map<string, MonitorRecord[]>();
  const inFlight = new Map<string, Promise<MonitorRunResult>>();
  const series = createMonitorSeries({ db, store, catalogue, catalog: { byName: (name) => byName.get(name) ?? [] } });
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | null = null;
  let closed = false;
  let holding = false;

  function index(records: readonly MonitorRecord[]): void {
    byName.clear();
    for (const record of records) {
      const list = byName.get(record.name);
      if (list) list.push(record);
      else byName.set(record.name, [record]);
    }
  }

  async function refresh(): Promise<void> {
    index(await store.list());
  }

  function runOne(record: MonitorRecord): Promise<MonitorRunResult> {
    const running = inFlight.get(record.id);
    if (running) return running;
    const promise = runner.run(record).finally(() => inFlight.delete(record.id));
    inFlight.set(record.id, promise);
    return promise;
  }

  async function tickOnce(): Promise<void> {
    const records = await store.list();
    index(records);
    holding = await acquireLease(db, LEASE, holder, LEASE_TTL_MS, now());
    if (!holding) return;
    for (const record of records) {
      if (closed) return;
      const due = record.last_run_at === null || now() >= record.last_run_at + intervalMs(record.config, config.monitoring.monitor_interval_ms);
      if (!due) continue;
      await runOne(record);
      // A long pass keeps the lease: renew after every monitor.
      holding = await acquireLease(db, LEASE, holder, LEASE_TTL_MS, now());
      if (!holding) return;
    }
  }

  function tick(): Promise<void> {
    if (ticking) return ticking;
    ticking = tickOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'monitor pass failed'))
      .finally(() => {
        ticking = null;
      });
    return ticking;
  }

  function schedule(): void {
    if (closed) return;
    const period = Math.min(1000, config.monitoring.monitor_interval_ms);
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, period);
    timer.unref();
  }

  async function view(record: MonitorRecord): Promise<MonitorView> {
    const { endpoint_id: _endpointId, ...rest } = record;
    const shown: MonitorView = { ...rest };
    if (record.config.kind === 'drift' && record.config.reference.type === 'dataset') shown.reference_rows = await store.referenceCount(record.id);
    return shown;
  }

  function validated(input: unknown): MonitorConfig {
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
      if (config.monitoring.enabled) schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await ticking;
      await Promise.allSettled([...inFlight.values()]);
      if (holding) await releaseLease(db, LEASE, holder).catch(() => undefined);
    },
    async runNow(id) {
      const record = await store.get(id);
      if (!record) throw errors.notFound(`Monitor ${id} does not exist.`);
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
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw errors.invalid('The body must be an object of monitor fields to change.');
      const fields = patch as Record<string, unknown>;
      for (const key of ['endpoint_name', 'kind'] as const) {
        if (fields[key] !== undefined && fields[key] !== record.config[key]) throw errors.invalid(`A monitor's ${key} cannot change; create another monitor.`);
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
      if (query.evaluator !== undefined) select = select.where('evaluator', '=', query.evaluator);
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
