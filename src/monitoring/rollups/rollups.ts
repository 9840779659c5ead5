import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { CallObserver } from '../../capture/index.js';
import type { CairnConfig } from '../../config/index.js';
import type { Db } from '../../storage/index.js';
import type { SeriesSource } from '../series.js';
import { RollupAggregator } from './rollup-aggregator.js';
import { buildSeries, type MetricsSeries, readSlices, type RollupGroupBy } from './rollup-query.js';
import { createRollupSeries } from './rollup-series.js';
import type { RollupFeedback } from './rollup-state.js';
import type { RollupRowFilter } from './rollup-store.js';
import { upsertRollupRows } from './rollup-store.js';
import { resolveRange } from './time-range.js';

export interface RollupsOptions {
  db: Db;
  config: Readonly<CairnConfig>;
  logger: Logger;
  /** Distinguishes this process's rows from other instances'; default hostname:pid:random. */
  instanceId?: string;
  now?: () => number;
  /** Series-minutes held in memory at most (default 100 000). */
  maxKeys?: number;
  /** How long a minute stays in memory after it ends (default 60 s); see RollupAggregatorOptions. */
  graceMs?: number;
}

export interface MetricsQueryInput {
  endpoint_name: string;
  /** ms since the epoch, ISO time, `now`, or a duration back from now (`-1h`); default `to` − 1 h. */
  from?: string;
  /** Same forms; default now. */
  to?: string;
  /** Seconds or a duration, a multiple of 60 s; default 60 s. */
  step?: string;
  group_by?: RollupGroupBy;
}

export interface MetricsResponse {
  endpoint_name: string;
  from: number;
  to: number;
  step_seconds: number;
  series: MetricsSeries[];
}

export interface RollupStats {
  instance_id: string;
  live_keys: number;
  dropped: number;
  flushes: number;
  failed_flushes: number;
  rows_written: number;
  /** JSON columns found corrupt while reading (read as empty). */
  corrupt_columns: number;
}

export interface Rollups {
  observer: CallObserver;
  recordFeedback(feedback: RollupFeedback): void;
  /** The metrics API's answer for one endpoint (permission checks are the caller's). 400 for a bad range. */
  query(input: MetricsQueryInput): Promise<MetricsResponse>;
  series: SeriesSource;
  readonly instanceId: string;
  start(): void;
  /** Writes every changed series-minute now; rejects when the write fails (state is kept for the next try). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
  stats(): RollupStats;
}

export function defaultInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Per-minute rollups: counted in memory on the request path, written by each instance to its own rows every
 * `monitoring.rollup_flush_ms` (full cumulative state, so writes are idempotent), merged across instances on read.
 */
export function createRollups(options: RollupsOptions): Rollups {
  const { db, config, logger } = options;
  const now = options.now ?? Date.now;
  const instanceId = options.instanceId ?? defaultInstanceId();
  const aggregator = new RollupAggregator({ instanceId, maxKeys: options.maxKeys ?? 100_000, graceMs: options.graceMs ?? 60_000 });
  const counters = { flushes: 0, failed_flushes: 0, rows_written: 0, corrupt_columns: 0 };
  let tail: Promise<void> = Promise.resolve();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let failureStreak = 0;

  const onCorrupt = (column: string, error: Error) => {
    counters.corrupt_columns++;
    logger.warn({ column, err: error.message }, 'corrupt rollup column read as empty');
  };
  const slices = (filter: RollupRowFilter) => readSlices(db, aggregator, filter, onCorrupt);

  async function flushOnce(): Promise<void> {
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

  function flush(): Promise<void> {
    const run = tail.then(flushOnce);
    tail = run.catch(() => {});
    return run;
  }

  async function tick(): Promise<void> {
    if (running) return;
    running = true;
    try {
      await flush();
      if (failureStreak > 0) logger.info({ after_failures: failureStreak }, 'rollup flush recovered');
      failureStreak = 0;
    } catch (error) {
      counters.failed_flushes++;
      failureStreak++;
      // Once per streak at warn, then quietly: the state is kept and retried on every tick.
      if (failureStreak === 1) logger.warn({ err: (error as Error).message }, 'rollup flush failed; retrying every tick');
    } finally {
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
      if (timer) return;
      timer = setInterval(() => void tick(), config.monitoring.rollup_flush_ms);
      timer.unref();
    },
    flush,
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      try {
        await flush();
      } catch (error) {
        logger.error({ err: (error as Error).message, ...aggregator.stats() }, 'final rollup flush failed; unflushed minutes are lost');
      }
    },
    stats: () => ({ instance_id: instanceId, ...aggregator.stats(), ...counters }),
  };
}
