import pino from 'pino';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../config/index.js';
import { testDialects } from '../../storage/test-support/test-databases.js';
import type { SeriesQuery } from '../series.js';
import { useSuiteDatabase } from '../test-support.js';
import { LogHistogram } from './log-histogram.js';
import { createRollups, type Rollups } from './rollups.js';
import { observation } from './test-support.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const logger = pino({ level: 'silent' });

describe.each(testDialects)('rollups on %s', (dialect) => {
  const suite = useSuiteDatabase(dialect);
  const clock = { now: T0 };
  const config = configFrom({});
  const make = (instanceId: string, options: { graceMs?: number } = {}): Rollups =>
    createRollups({ db: suite.storage.db, config, logger, instanceId, now: () => clock.now, ...options });

  async function reset(): Promise<void> {
    await suite.storage.db.deleteFrom('rollup_minutes').execute();
    clock.now = T0 + 3 * MINUTE;
  }

  it('merges two instances exactly: counters add, histograms merge, in one step or per minute', async () => {
    await reset();
    const a = make('host-a');
    const b = make('host-b');
    const latencies: number[] = [];
    const failures: Record<string, number> = {};
    for (let k = 0; k < 200; k++) {
      const latency = 5 + ((k * 37) % 400) + k / 7;
      latencies.push(latency);
      const status = k % 10 === 0 ? 502 : k % 25 === 0 ? 429 : 200;
      const errorCode = status === 502 ? 'UPSTREAM_ERROR' : status === 429 ? 'RATE_LIMIT_EXCEEDED' : null;
      if (errorCode) failures[errorCode] = (failures[errorCode] ?? 0) + 1;
      (k % 2 === 0 ? a : b).observer.observe(
        observation({ request_time: T0 + (k % 3) * MINUTE + k, execution_duration_ms: latency, status_code: status, error_code: errorCode, ttft_ms: k % 4 === 0 ? latency / 2 : null, cost_usd: 0.25 }),
      );
    }
    await a.flush();
    await b.flush();
    // A third instance that holds nothing in memory reads only what is stored.
    const reader = make('reader');
    const answer = await reader.query({ endpoint_name: 'ep', from: String(T0), to: String(T0 + 3 * MINUTE), step: '180' });
    expect(answer).toMatchObject({ endpoint_name: 'ep', from: T0, to: T0 + 3 * MINUTE, step_seconds: 180 });
    expect(answer.series).toHaveLength(1);
    const [point] = answer.series[0]?.points ?? [];
    const expected = new LogHistogram();
    for (const latency of latencies) expected.add(latency);
    expect(point).toMatchObject({
      time: T0,
      request_count: 200,
      error_count: 24,
      errors_by_code: failures,
      input_tokens: 2000,
      output_tokens: 1000,
      cost_usd: 50,
    });
    expect(point?.error_rate).toBeCloseTo(0.12, 12);
    expect(point?.latency_ms.p50).toBeCloseTo(expected.quantile(0.5) as number, 3);
    expect(point?.latency_ms.p99).toBeCloseTo(expected.quantile(0.99) as number, 3);
    // Within 1 % of the exact quantile.
    const sorted = [...latencies].sort((x, y) => x - y);
    const exactP90 = sorted[Math.floor(0.9 * 199)] as number;
    expect(Math.abs((point?.latency_ms.p90 as number) - exactP90) / exactP90).toBeLessThanOrEqual(0.0101);
    const perMinute = await reader.query({ endpoint_name: 'ep', from: String(T0), to: String(T0 + 3 * MINUTE) });
    expect(perMinute.series[0]?.points.map((p) => p.request_count)).toEqual([67, 67, 66]);
    const rows = await suite.storage.db.selectFrom('rollup_minutes').select(['instance_id']).execute();
    expect(new Set(rows.map((row) => row.instance_id))).toEqual(new Set(['host-a', 'host-b']));
  });

  it('flushes are idempotent overwrites, and a query includes this instance’s unflushed minute once', async () => {
    await reset();
    const a = make('host-a');
    const b = make('host-b');
    a.observer.observe(observation({ request_time: T0 + 2 * MINUTE }));
    await a.flush();
    await a.flush();
    a.observer.observe(observation({ request_time: T0 + 2 * MINUTE + 1 }));
    const fresh = await a.query({ endpoint_name: 'ep', from: '5m', to: 'now' });
    expect(fresh.series[0]?.points.reduce((sum, p) => sum + p.request_count, 0)).toBe(2);
    const stale = await b.query({ endpoint_name: 'ep', from: '5m', to: 'now' });
    expect(stale.series[0]?.points.reduce((sum, p) => sum + p.request_count, 0)).toBe(1);
    await a.flush();
    const flushed = await b.query({ endpoint_name: 'ep', from: '-5m', to: 'now' });
    expect(flushed.series[0]?.points.reduce((sum, p) => sum + p.request_count, 0)).toBe(2);
    expect(await suite.storage.db.selectFrom('rollup_minutes').select('request_count').execute()).toEqual([{ request_count: 2 }]);
  });

  it('keeps its state through a failed write and writes it whole on the next one', async () => {
    await reset();
    const a = make('host-a');
    a.observer.observe(observation({ request_time: T0 }));
    await sql`alter table rollup_minutes rename to rollup_minutes_away`.execute(suite.storage.db);
    try {
      await expect(a.flush()).rejects.toThrow();
      a.observer.observe(observation({ request_time: T0 }));
      clock.now += 5 * MINUTE;
      await expect(a.flush()).rejects.toThrow();
    } finally {
      await sql`alter table rollup_minutes_away rename to rollup_minutes`.execute(suite.storage.db);
    }
    expect(a.stats().live_keys).toBe(1);
    await a.flush();
    expect(await suite.storage.db.selectFrom('rollup_minutes').select('request_count').execute()).toEqual([{ request_count: 2 }]);
    // Stored and over: dropped from memory on that flush.
    expect(a.stats().live_keys).toBe(0);
  });

  it('late calls for a dropped minute add a row instead of overwriting the stored one', async () => {
    await reset();
    const a = make('host-a', { graceMs: 0 });
    a.observer.observe(observation({ request_time: T0 }));
    await a.flush();
    expect(a.stats().live_keys).toBe(0);
    a.observer.observe(observation({ request_time: T0 + 10 }));
    await a.close();
    const answer = await make('reader').query({ endpoint_name: 'ep', from: String(T0), to: String(T0 + MINUTE) });
    expect(answer.series[0]?.points[0]?.request_count).toBe(2);
  });

  it('groups by served entity or model version, and merges feedback', async () => {
    await reset();
    const a = make('host-a');
    a.observer.observe(observation({ request_time: T0, served_entity_name: 'blue', model_version: '1' }));
    a.observer.observe(observation({ request_time: T0, served_entity_name: 'green', model_version: '2', status_code: 500, error_code: 'INTERNAL_ERROR' }));
    a.observer.observe(observation({ request_time: T0, served_entity_name: 'green', model_version: '1' }));
    a.recordFeedback({ endpoint_name: 'ep', served_entity_name: 'green', model_version: '2', time: T0 + 5, thumbs: 'down', rating: 1 });
    a.recordFeedback({ endpoint_name: 'ep', served_entity_name: 'green', model_version: '2', time: T0 + 6, thumbs: 'up', rating: 4 });
    await a.flush();
    const reader = make('reader');
    const byEntity = await reader.query({ endpoint_name: 'ep', from: String(T0), to: String(T0 + MINUTE), group_by: 'served_entity' });
    expect(byEntity.series.map((s) => [s.served_entity_name, s.points[0]?.request_count, s.points[0]?.error_count])).toEqual([
      ['blue', 1, 0],
      ['green', 2, 1],
    ]);
    expect(byEntity.series[1]?.points[0]?.feedback).toEqual({ positive: 1, negative: 1, rating_avg: 2.5 });
    const byVersion = await reader.query({ endpoint_name: 'ep', from: String(T0), to: String(T0 + MINUTE), group_by: 'model_version' });
    expect(byVersion.series.map((s) => [s.model_version, s.points[0]?.request_count])).toEqual([
      ['1', 2],
      ['2', 1],
    ]);
    const other = await reader.query({ endpoint_name: 'nope', from: String(T0), to: String(T0 + MINUTE) });
    expect(other.series).toEqual([{ points: [expect.objectContaining({ request_count: 0, error_rate: null, latency_ms: { p50: null, p90: null, p95: null, p99: null } })] }]);
  });

  it('serves the rollup series for alert rules', async () => {
    await reset();
    const a = make('host-a');
    for (let k = 0; k < 10; k++) {
      a.observer.observe(
        observation({
          request_time: T0 + (k < 6 ? 0 : MINUTE),
          served_entity_name: k % 2 === 0 ? 'blue' : 'green',
          status_code: k === 3 || k === 7 ? 503 : k === 9 ? 429 : 200,
          error_code: k === 3 || k === 7 ? 'UPSTREAM_UNAVAILABLE' : k === 9 ? 'RATE_LIMIT_EXCEEDED' : null,
          execution_duration_ms: 100 + k * 10,
        }),
      );
    }
    await a.flush();
    const { series } = make('reader');
    const query = (fields: Partial<SeriesQuery>): SeriesQuery => ({
      endpointName: 'ep', series: 'error_rate', filter: {}, groupBy: null, from: T0, to: T0 + 2 * MINUTE, aggregation: 'avg', ...fields,
    });
    expect(series.handles('error_rate')).toBe(true);
    expect(series.handles('drift.x.share_drifted')).toBe(false);
    expect(series.validate('error_rte', {})).toMatch(/Unknown rollup series "error_rte".*error_rate/);
    expect(series.validate('latency_p95_ms', { error_code: 'X' })).toMatch(/Unknown filter "error_code".*served_entity_name, model_version/);
    expect(series.validate('error_count', { error_code: 'X', served_entity_name: 'blue' })).toBeNull();
    expect(await series.evaluate(query({}))).toEqual(new Map([['', { value: 0.3, samples: 10, details: expect.any(Object) }]]));
    expect((await series.evaluate(query({ filter: { error_code: 'UPSTREAM_UNAVAILABLE' } }))).get('')?.value).toBeCloseTo(0.2);
    const grouped = await series.evaluate(query({ groupBy: 'served_entity' }));
    expect(grouped.get('green')?.value).toBeCloseTo(0.6);
    expect(grouped.get('blue')?.value).toBe(0);
    expect((await series.evaluate(query({ series: 'request_count', aggregation: 'sum' }))).get('')?.value).toBe(10);
    expect((await series.evaluate(query({ series: 'request_count', aggregation: 'avg' }))).get('')?.value).toBe(5);
    expect((await series.evaluate(query({ series: 'request_count', aggregation: 'min', to: T0 + 3 * MINUTE }))).get('')?.value).toBe(0);
    expect((await series.evaluate(query({ series: 'request_count', aggregation: 'max' }))).get('')?.value).toBe(6);
    expect((await series.evaluate(query({ series: 'request_count', aggregation: 'count' }))).get('')?.value).toBe(2);
    expect((await series.evaluate(query({ series: 'error_rate', aggregation: 'last' }))).get('')?.value).toBe(0.5);
    expect((await series.evaluate(query({ series: 'error_rate', aggregation: 'max' }))).get('')?.value).toBe(0.5);
    // Rank ⌊0.99·9⌋ of 100…190 is 180, answered within 1 %.
    expect(Math.abs(((await series.evaluate(query({ series: 'latency_p99_ms' }))).get('')?.value as number) - 180)).toBeLessThanOrEqual(1.8);
    expect((await series.evaluate(query({ series: 'request_count', filter: { served_entity_name: 'blue' }, aggregation: 'sum' }))).get('')?.value).toBe(5);
    expect(await series.evaluate(query({ series: 'rating_avg' }))).toEqual(new Map());
    expect(await series.evaluate(query({ endpointName: 'other' }))).toEqual(new Map());
    expect((await series.evaluate(query({ endpointName: null, series: 'request_count', aggregation: 'sum' }))).get('')?.value).toBe(10);
    await expect(series.evaluate(query({ series: 'nope' }))).rejects.toThrow(/Unknown rollup series/);
  });

  it('reads corrupt JSON columns as empty instead of failing the query', async () => {
    await reset();
    const a = make('host-a');
    a.observer.observe(observation({ request_time: T0 }));
    await a.flush();
    await suite.storage.db.updateTable('rollup_minutes').set({ latency_hist: '{"a":0.01,"n":"lots"}', errors_by_code: '[' }).execute();
    const reader = make('reader');
    const answer = await reader.query({ endpoint_name: 'ep', from: String(T0), to: String(T0 + MINUTE) });
    expect(answer.series[0]?.points[0]).toMatchObject({ request_count: 1, latency_ms: { p50: null } });
    expect(reader.stats().corrupt_columns).toBe(2);
  });

  it('answers a clear 400 for bad ranges and steps', async () => {
    const a = make('host-a');
    const bad = async (fields: Record<string, string>) => {
      try {
        await a.query({ endpoint_name: 'ep', ...fields });
        return 'no error';
      } catch (error) {
        return `${(error as { status?: number }).status} ${(error as Error).message}`;
      }
    };
    expect(await bad({ step: '90' })).toMatch(/^400 step must be a positive multiple of 60 seconds/);
    expect(await bad({ step: '0' })).toMatch(/^400 step/);
    expect(await bad({ step: '-5m' })).toMatch(/^400 step/);
    expect(await bad({ from: 'yesterday' })).toMatch(/^400 from must be/);
    expect(await bad({ from: '2025-02-30T00:00:00Z' })).toMatch(/^400 from must be/);
    expect(await bad({ from: String(T0), to: String(T0) })).toMatch(/^400 from .* must be before to/);
    expect(await bad({ from: '-30d', step: '60' })).toMatch(/^400 The window holds 43200 points/);
    expect(await bad({ from: '-30d', step: '1h' })).toBe('no error');
  });
});
