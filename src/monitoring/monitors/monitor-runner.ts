import type { Logger } from 'pino';
import type { CairnConfig } from '../../config/index.js';
import { seededRandom } from '../../lib/seeded-random.js';
import type { Db } from '../../storage/index.js';
import { textKey } from '../descriptors/index.js';
import { callTexts } from './call-text.js';
import { callPayloads, type CallScope, type DescriptorRow, firstCallTime, sampleWindow } from './descriptor-rows.js';
import { type ColumnCatalogue } from './column-catalogue.js';
import { driftOutcome, type RunOutcome } from './drift-run.js';
import { judgeEvaluatorName, type JudgeRunner } from './judge-runner.js';
import { type DriftMonitorConfig, type QualityMonitorConfig, monitoredColumns } from './monitor-config.js';
import type { MonitorRecord, MonitorStore } from './monitor-store.js';
import { qualityScores, type QualityRow } from './quality-scores.js';
import { hash32, MAX_SAMPLE_ROWS, Reservoir } from './sampling.js';
import type { FlagForReview, MonitorRunResult } from './types.js';
import { Slicer } from './yield-loop.js';

interface CachedReference {
  key: string;
  rows: Record<string, unknown>[];
  total: number;
  window: { start: number; end: number } | null;
}

export interface RunnerDependencies {
  db: Db;
  config: Readonly<CairnConfig>;
  logger: Logger;
  store: MonitorStore;
  catalogue: ColumnCatalogue;
  judge: JudgeRunner | null;
  flagForReview?: FlagForReview | undefined;
  now: () => number;
}

function flatten(row: DescriptorRow): Record<string, unknown> {
  return { ...row.descriptors, ...(row.prompt_embedding ? { prompt_embedding: row.prompt_embedding } : {}), ...(row.response_embedding ? { response_embedding: row.response_embedding } : {}) };
}

function scopeOf(monitor: MonitorRecord, filter: { served_entity_name?: string | undefined; model_version?: string | undefined } | undefined): CallScope {
  return {
    endpointName: monitor.endpoint_name,
    endpointId: monitor.endpoint_id,
    served_entity_name: filter?.served_entity_name,
    model_version: filter?.model_version,
  };
}

/**
 * Computes one point of one monitor: loads the reference (cached while the monitor's config and uploads are
 * unchanged, and once its window is complete) and the current window from call_descriptors, each sampled to at
 * most MAX_SAMPLE_ROWS with a PRNG seeded by the monitor id, then compares or aggregates and stores the result.
 */
export class MonitorRunner {
  private readonly references = new Map<string, CachedReference>();

  constructor(private readonly dependencies: RunnerDependencies) {}

  forget(monitorId: string): void {
    this.references.delete(monitorId);
  }

  async run(monitor: MonitorRecord): Promise<MonitorRunResult> {
    const { store, now, logger } = this.dependencies;
    const time = now();
    const windowStart = time - monitor.config.current_window_seconds * 1000;
    let outcome: RunOutcome;
    try {
      outcome = monitor.config.kind === 'drift'
        ? await this.drift(monitor, monitor.config, windowStart, time)
        : await this.quality(monitor, monitor.config, windowStart, time);
    } catch (error) {
      logger.warn({ err: error, monitor_id: monitor.id }, 'monitor run failed');
      outcome = { share_drifted: null, drifted: null, result: { status: 'error', error: error instanceof Error ? error.message.slice(0, 1000) : String(error) } };
    }
    const stored = await store.insertResult({
      monitor_id: monitor.id,
      endpoint_name: monitor.endpoint_name,
      time,
      window_start: windowStart,
      window_end: time,
      ...outcome,
    });
    await store.setLastRun(monitor.id, time);
    return stored;
  }

  private seed(monitor: MonitorRecord): number {
    return hash32(monitor.id);
  }

  private async reference(monitor: MonitorRecord, config: DriftMonitorConfig, time: number): Promise<CachedReference> {
    const key = `${monitor.updated_at}`;
    const cached = this.references.get(monitor.id);
    if (cached && cached.key === key) return cached;
    const { db, store } = this.dependencies;
    const reference = config.reference;
    let loaded: CachedReference;
    let complete = true;
    if (reference.type === 'dataset') {
      const rows = await store.referenceRows(monitor.id);
      const reservoir = new Reservoir<Record<string, unknown>>(MAX_SAMPLE_ROWS, seededRandom(this.seed(monitor)));
      for (const row of rows) reservoir.add(row);
      loaded = { key, rows: reservoir.rows, total: rows.length, window: null };
    } else {
      let start: number;
      let end: number;
      const filter = reference.type === 'version_start' && (reference.served_entity_name !== undefined || reference.model_version !== undefined)
        ? { served_entity_name: reference.served_entity_name, model_version: reference.model_version }
        : config.filter;
      const scope = scopeOf(monitor, filter);
      if (reference.type === 'window') {
        start = reference.start;
        end = reference.end;
      } else {
        const first = await firstCallTime(db, scope);
        start = first ?? time;
        end = start + reference.duration_seconds * 1000;
        if (first === null) complete = false;
      }
      if (end > time) complete = false;
      const sample = await sampleWindow(db, scope, start, end, { seed: this.seed(monitor), embeddings: (config.embeddings ?? []).length > 0 });
      loaded = { key, rows: sample.rows.map(flatten), total: sample.total, window: { start, end } };
    }
    // A reference window still filling up (its end in the future, or no traffic yet) is read again next time.
    if (complete) this.references.set(monitor.id, loaded);
    else this.references.delete(monitor.id);
    return loaded;
  }

  private async drift(monitor: MonitorRecord, config: DriftMonitorConfig, from: number, to: number): Promise<RunOutcome> {
    const reference = await this.reference(monitor, config, to);
    const current = await sampleWindow(this.dependencies.db, scopeOf(monitor, config.filter), from, to, {
      seed: this.seed(monitor) ^ 0x5bd1e995,
      embeddings: (config.embeddings ?? []).length > 0,
    });
    const { catalogue } = this.dependencies;
    let columns = monitoredColumns(config, catalogue.driftColumns);
    // With default columns and an uploaded dataset, compare what the dataset provides (checked at upload).
    if (!config.columns && config.reference.type === 'dataset') {
      columns = columns.filter((column) => reference.rows.some((row) => row[column] !== undefined && row[column] !== null));
    }
    const outcome = await driftOutcome({
      config,
      columns,
      columnTypes: catalogue.types,
      reference: reference.rows,
      current: current.rows.map(flatten),
      referenceTotal: reference.total,
      currentTotal: current.total,
      seed: this.seed(monitor),
    });
    if (reference.window) outcome.result.reference_window = reference.window;
    return outcome;
  }

  private async quality(monitor: MonitorRecord, config: QualityMonitorConfig, from: number, to: number): Promise<RunOutcome> {
    const { db } = this.dependencies;
    const sample = await sampleWindow(db, scopeOf(monitor, config.filter), from, to, { seed: this.seed(monitor) });
    const sizes = { current_size: sample.rows.length, current_total: sample.total };
    const rows: QualityRow[] = sample.rows.map((row) => ({ descriptors: row.descriptors }));
    if (config.evaluators.includes('diversity') && sample.rows.length > 0) {
      // Descriptors carry a key of each text; only rows described before those keys existed need their payloads.
      const missing: number[] = [];
      sample.rows.forEach((row, index) => {
        const { prompt_key: promptKey, response_key: responseKey } = row.descriptors;
        if (typeof promptKey === 'string') {
          rows[index]!.promptKey = promptKey;
          rows[index]!.responseKey = typeof responseKey === 'string' ? responseKey : textKey('');
        } else if (promptKey === undefined) {
          missing.push(index);
        }
      });
      if (missing.length > 0) {
        const payloads = await callPayloads(db, missing.map((index) => sample.rows[index]!.request_id));
        // Parsing thousands of stored calls is hundreds of ms: in time slices, so requests are served in between.
        const slicer = new Slicer();
        for (const [position, index] of missing.entries()) {
          if (position % 20 === 0) await slicer.tick();
          const payload = payloads.get(sample.rows[index]!.request_id);
          if (!payload) continue;
          const texts = callTexts(payload.request, payload.response);
          if (texts.prompt === '') continue;
          rows[index]!.promptKey = textKey(texts.prompt);
          rows[index]!.responseKey = textKey(texts.response);
        }
      }
    }
    await this.flagLowScores(monitor, config, sample.rows);
    const enough = sample.rows.length >= config.min_rows;
    const quality = qualityScores(rows, config.evaluators);
    const result: Record<string, unknown> = { status: enough ? 'ok' : 'insufficient_data', min_rows: config.min_rows, ...sizes, ...quality };
    if (!enough) result.scores = {};
    if (config.judge && this.dependencies.judge) {
      const judge = await this.dependencies.judge.run(monitor, config.judge, sample.rows);
      const average = await this.judgeAverage(monitor, from, to);
      result.judge = judge;
      if (enough && average.count > 0) (result.scores as Record<string, number | null>).judge = average.value;
      (result.samples as Record<string, number>).judge = average.count;
    } else if (config.judge) {
      result.judge = { error: 'no judge is configured on this server' };
    }
    return { share_drifted: null, drifted: null, result };
  }

  /** Average judge score of the calls judged in the window (evaluation_scores time). */
  private async judgeAverage(monitor: MonitorRecord, from: number, to: number): Promise<{ value: number | null; count: number }> {
    const row = await this.dependencies.db
      .selectFrom('evaluation_scores')
      .select((eb) => [eb.fn.avg<number | string | null>('score_value').as('average'), eb.fn.count<number | string>('score_value').as('count')])
      .where('endpoint_name', '=', monitor.endpoint_name)
      .where('evaluator', '=', judgeEvaluatorName(monitor.name))
      .where('time', '>=', from)
      .where('time', '<=', to)
      .executeTakeFirst();
    const count = Number(row?.count ?? 0);
    return { value: count === 0 || row?.average === null || row?.average === undefined ? null : Number(row.average), count };
  }

  /** Per-call scores past `flag_thresholds` go to the review queue; only calls newer than the previous run. */
  private async flagLowScores(monitor: MonitorRecord, config: QualityMonitorConfig, rows: readonly DescriptorRow[]): Promise<void> {
    const thresholds = config.flag_thresholds;
    const flag = this.dependencies.flagForReview;
    if (!thresholds || !flag) return;
    const since = monitor.last_run_at ?? -Infinity;
    for (const row of rows) {
      if (row.request_time < since) continue;
      const reasons: Record<string, unknown> = {};
      const value = (name: string) => (typeof row.descriptors[name] === 'number' ? (row.descriptors[name] as number) : null);
      const relevance = value('relevance');
      const groundedness = value('groundedness');
      const markers = value('hallucination_markers');
      if (thresholds.relevance !== undefined && relevance !== null && relevance < thresholds.relevance) reasons.relevance = relevance;
      if (thresholds.groundedness !== undefined && groundedness !== null && groundedness < thresholds.groundedness) reasons.groundedness = groundedness;
      if (thresholds.hallucination_markers !== undefined && markers !== null && markers >= thresholds.hallucination_markers) reasons.hallucination_markers = markers;
      if (Object.keys(reasons).length === 0) continue;
      try {
        await flag({
          request_id: row.request_id,
          endpoint_name: monitor.endpoint_name,
          endpoint_id: row.endpoint_id ?? monitor.endpoint_id,
          source: 'quality',
          detail: { monitor: monitor.name, scores: reasons, thresholds },
        });
      } catch (error) {
        this.dependencies.logger.warn({ err: error, monitor_id: monitor.id }, 'could not flag a call for review');
      }
    }
  }
}
