import type { Db } from '../../storage/index.js';
import type { SeriesAggregation, SeriesQuery, SeriesSource, SeriesValue } from '../series.js';
import type { ColumnCatalogue } from './column-catalogue.js';
import { monitoredColumns } from './monitor-config.js';
import type { MonitorRecord, MonitorStore } from './monitor-store.js';
import type { MonitorRunResult } from './types.js';

/**
 * Drift and quality monitors as alert series:
 * - `drift.{monitor}.share_drifted`, `drift.{monitor}.drifted` (0/1), `drift.{monitor}.{column}` (the column's
 *   test statistic) — one point per run; `details` name the drifted columns of the latest run in the window.
 * - `quality.{monitor}.{evaluator}` — the window score of each run (evaluator `judge` for the LLM judge).
 * - `evaluation.{evaluator}` — scores in evaluation_scores (e.g. `evaluation.judge:helpfulness`), per call.
 * Runs with `insufficient_data` or `error` give no point, so rules see "no data" rather than a made-up value.
 */

/** Points read per query at most (monitor runs are at most one a second; evaluations are sampled). */
const MAX_POINTS = 50_000;
const EVALUATION_FILTERS = new Set(['served_entity_name']);

export interface MonitorCatalog {
  /** Monitors by name (any endpoint), from memory: validation must be synchronous. */
  byName(name: string): readonly MonitorRecord[];
}

type Parsed =
  | { kind: 'drift'; monitor: string; metric: string }
  | { kind: 'quality'; monitor: string; metric: string }
  | { kind: 'evaluation'; evaluator: string };

function parseSeries(series: string): Parsed | null {
  if (series.startsWith('evaluation.')) {
    const evaluator = series.slice('evaluation.'.length);
    return evaluator === '' ? null : { kind: 'evaluation', evaluator };
  }
  const parts = series.split('.');
  if (parts.length !== 3 || parts[1] === '' || parts[2] === '') return null;
  if (parts[0] === 'drift') return { kind: 'drift', monitor: parts[1]!, metric: parts[2]! };
  if (parts[0] === 'quality') return { kind: 'quality', monitor: parts[1]!, metric: parts[2]! };
  return null;
}

function aggregate(points: readonly number[], aggregation: SeriesAggregation): number {
  switch (aggregation) {
    case 'sum':
      return points.reduce((sum, value) => sum + value, 0);
    case 'min':
      return Math.min(...points);
    case 'max':
      return Math.max(...points);
    case 'last':
      return points[points.length - 1]!;
    case 'count':
      return points.length;
    default:
      return points.reduce((sum, value) => sum + value, 0) / points.length;
  }
}

/** The metrics a drift monitor's series may name. */
export function driftMetrics(monitor: MonitorRecord, catalogue: ColumnCatalogue): string[] {
  if (monitor.config.kind !== 'drift') return [];
  const columns = monitoredColumns(monitor.config, catalogue.driftColumns);
  const embeddings = (monitor.config.embeddings ?? []).map((side) => `${side}_embedding`);
  return ['share_drifted', 'drifted', ...columns, ...embeddings];
}

export function qualityMetrics(monitor: MonitorRecord): string[] {
  if (monitor.config.kind !== 'quality') return [];
  return [...monitor.config.evaluators, ...(monitor.config.judge ? ['judge'] : [])];
}

function pointOf(parsed: Parsed, result: MonitorRunResult): number | null {
  if (result.result.status !== 'ok') return null;
  if (parsed.kind === 'drift') {
    if (parsed.metric === 'share_drifted') return result.share_drifted;
    if (parsed.metric === 'drifted') return result.drifted;
    const columns = result.result.columns as Array<{ column: string; statistic: number }> | undefined;
    const column = columns?.find((entry) => entry.column === parsed.metric);
    return column && Number.isFinite(column.statistic) ? column.statistic : null;
  }
  if (parsed.kind === 'quality') {
    const scores = result.result.scores as Record<string, number | null> | undefined;
    const value = scores?.[parsed.metric];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return null;
}

function driftDetails(result: MonitorRunResult, monitor: MonitorRecord): Record<string, unknown> {
  const report = result.result;
  const columns = (report.columns as Array<{ column: string; test: string; statistic: number; threshold: number; drifted: boolean }> | undefined) ?? [];
  return {
    monitor: monitor.name,
    endpoint_name: monitor.endpoint_name,
    drifted_columns: Array.isArray(report.drifted_columns) ? report.drifted_columns : [],
    share_drifted: result.share_drifted,
    drift_share_threshold: report.drift_share_threshold,
    window_start: result.window_start,
    window_end: result.window_end,
    columns: columns.filter((column) => column.drifted).map(({ column, test, statistic, threshold }) => ({ column, test, statistic, threshold })),
  };
}

const PATTERNS = ['drift.{monitor}.share_drifted', 'drift.{monitor}.drifted', 'drift.{monitor}.{column}', 'quality.{monitor}.{evaluator}', 'evaluation.{evaluator}'];

export function createMonitorSeries(dependencies: { db: Db; store: MonitorStore; catalog: MonitorCatalog; catalogue: ColumnCatalogue }): SeriesSource {
  const { db, store, catalog, catalogue } = dependencies;

  async function monitorSeries(parsed: Extract<Parsed, { kind: 'drift' | 'quality' }>, query: SeriesQuery): Promise<Map<string, SeriesValue>> {
    const monitors = catalog
      .byName(parsed.monitor)
      .filter((monitor) => monitor.kind === parsed.kind && (query.endpointName === null || monitor.endpoint_name === query.endpointName));
    const result = new Map<string, SeriesValue>();
    if (monitors.length === 0) return result;
    const byId = new Map(monitors.map((monitor) => [monitor.id, monitor]));
    const rows = (await store.results([...byId.keys()], query.from, query.to, MAX_POINTS)).reverse();
    const points: number[] = [];
    let latest: MonitorRunResult | null = null;
    let samples = 0;
    for (const row of rows) {
      const value = pointOf(parsed, row);
      if (value === null) continue;
      points.push(value);
      latest = row;
    }
    if (points.length === 0 || latest === null) return result;
    samples = Number(latest.result.current_size ?? 0);
    const monitor = byId.get(latest.monitor_id)!;
    const details = parsed.kind === 'drift' ? driftDetails(latest, monitor) : { monitor: monitor.name, endpoint_name: monitor.endpoint_name, evaluator: parsed.metric };
    result.set('', { value: aggregate(points, query.aggregation), samples, details });
    return result;
  }

  async function evaluationSeries(evaluator: string, query: SeriesQuery): Promise<Map<string, SeriesValue>> {
    let select = db
      .selectFrom('evaluation_scores')
      .select(['score_value', 'served_entity_name', 'time', 'endpoint_name'])
      .where('evaluator', '=', evaluator)
      .where('time', '>=', query.from)
      .where('time', '<', query.to)
      .where('score_value', 'is not', null);
    if (query.endpointName !== null) select = select.where('endpoint_name', '=', query.endpointName);
    if (query.filter.served_entity_name !== undefined) select = select.where('served_entity_name', '=', query.filter.served_entity_name);
    const rows = await select.orderBy('time').orderBy('id').limit(MAX_POINTS).execute();
    const groups = new Map<string, number[]>();
    for (const row of rows) {
      const key = query.groupBy === 'served_entity' ? (row.served_entity_name ?? '') : '';
      const list = groups.get(key);
      if (list) list.push(Number(row.score_value));
      else groups.set(key, [Number(row.score_value)]);
    }
    const result = new Map<string, SeriesValue>();
    for (const [key, values] of groups) result.set(key, { value: aggregate(values, query.aggregation), samples: values.length, details: { evaluator } });
    return result;
  }

  return {
    handles(series) {
      return series.startsWith('drift.') || series.startsWith('quality.') || series.startsWith('evaluation.');
    },
    validate(series, filter) {
      const parsed = parseSeries(series);
      if (!parsed) return `Series ${series} is not one of ${PATTERNS.join(', ')}.`;
      const keys = Object.keys(filter);
      if (parsed.kind === 'evaluation') {
        const bad = keys.filter((key) => !EVALUATION_FILTERS.has(key));
        return bad.length > 0 ? `Series ${series} takes only the filter served_entity_name, not ${bad.join(', ')}.` : null;
      }
      if (keys.length > 0) return `Series ${series} takes no filter (the monitor's own filter applies), not ${keys.join(', ')}.`;
      const monitors = catalog.byName(parsed.monitor).filter((monitor) => monitor.kind === parsed.kind);
      if (monitors.length === 0) return `No ${parsed.kind} monitor is named ${parsed.monitor}.`;
      const valid = [...new Set(monitors.flatMap((monitor) => (parsed.kind === 'drift' ? driftMetrics(monitor, catalogue) : qualityMetrics(monitor))))];
      if (!valid.includes(parsed.metric)) {
        return `${parsed.kind === 'drift' ? 'Drift' : 'Quality'} monitor ${parsed.monitor} has no series ${parsed.metric}; valid: ${valid.join(', ')}.`;
      }
      return null;
    },
    async evaluate(query) {
      const parsed = parseSeries(query.series);
      if (!parsed) return new Map();
      return parsed.kind === 'evaluation' ? evaluationSeries(parsed.evaluator, query) : monitorSeries(parsed, query);
    },
    describe() {
      return [...PATTERNS];
    },
  };
}
