import type { BenchChild } from './bench-child.js';
import type { BenchOptions } from './bench-options.js';
import { chatUrl } from './bench-setup.js';
import { type LatencySummary, runLoad } from './load.js';
import { waitFor } from './targets.js';

/**
 * Rollup freshness under open-loop load: how long after a request has finished does the per-minute rollup that
 * other instances read (rollup_minutes in the shared database) count it. Each instance flushes its in-memory
 * minutes every `monitoring.rollup_flush_ms`, so the lag is that period plus the write, and it should not grow
 * with load.
 */

/** One poll: requests finished on the Cairn server so far, and the requests persisted in rollup_minutes. */
export interface LagSample {
  /** ms (performance.now() of this process) when both answers were in. */
  at: number;
  settled: number;
  persisted: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

export interface FreshnessResult {
  targetRate: number;
  connections: number;
  durationSeconds: number;
  /** 2xx responses per second actually achieved. */
  achievedRate: number;
  ok: number;
  non2xx: number;
  errors: number;
  latencyMs: LatencySummary;
  rollupFlushMs: number;
  polls: number;
  /** Freshness lag of the rollups another instance reads, over the polls taken while the load ran. */
  lagMs: Percentiles;
  /** After the load stopped: until rollup_minutes counted every finished request. */
  catchUpMs: number;
  /** This instance's metrics API (it merges its unflushed minutes): checks, and requests it missed at worst. */
  api: { checks: number; behind: number; maxShortfall: number };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1]!;
}

export function summarisePercentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.length === 0 ? Number.NaN : sorted.at(-1)! };
}

/**
 * The lag of each poll: its time minus the earliest poll time at which the settled count had reached the count
 * persisted then (0 when the rollup already counted everything that had settled). `settled` only grows, so the
 * earliest such poll is found by binary search.
 */
export function freshnessLags(samples: readonly LagSample[]): number[] {
  return samples.map((sample, index) => {
    if (sample.settled < sample.persisted) return 0;
    let low = 0;
    let high = index;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (samples[middle]!.settled >= sample.persisted) high = middle;
      else low = middle + 1;
    }
    return sample.at - samples[low]!.at;
  });
}

interface Traffic {
  received: number;
  settled: number;
}

async function metricsApiCount(cairn: BenchChild, adminToken: string, endpoint: string): Promise<number> {
  const response = await fetch(`${String(cairn.info.url)}/api/2.0/cairn/endpoints/${endpoint}/metrics`, {
    headers: { authorization: `Bearer ${adminToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) throw new Error(`metrics API answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const body = (await response.json()) as { series: Array<{ points: Array<{ request_count: number }> }> };
  return body.series.reduce((total, series) => total + series.points.reduce((sum, point) => sum + point.request_count, 0), 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `traffic` and `rollupCount` every 100 ms while an autocannon run holds `options.lagRate` req/s. */
export async function measureFreshness(
  options: BenchOptions,
  cairn: BenchChild,
  run: { adminToken: string; endpoint: string; body: string; headers: Record<string, string>; rollupFlushMs: number; connections: number },
): Promise<FreshnessResult> {
  const poll = async (): Promise<LagSample> => {
    const [traffic, persisted] = await Promise.all([cairn.call<Traffic>('traffic'), cairn.call<number>('rollupCount', run.endpoint)]);
    return { at: performance.now(), settled: traffic.settled, persisted };
  };
  const load = { url: chatUrl(cairn), body: run.body, headers: run.headers, connections: run.connections, overallRate: options.lagRate };
  if (options.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: options.warmupSeconds });
  // Start from a flushed state, so the first polls do not measure what came before.
  await waitFor('the rollups to count every request so far', 30_000, async () => {
    const sample = await poll();
    return sample.persisted >= sample.settled;
  });
  const samples: LagSample[] = [];
  const api = { checks: 0, behind: 0, maxShortfall: 0 };
  let loading = true;
  const pollLoop = (async () => {
    while (loading) {
      const started = performance.now();
      samples.push(await poll());
      await sleep(Math.max(0, 100 - (performance.now() - started)));
    }
  })();
  const apiLoop = (async () => {
    while (loading) {
      await sleep(1000);
      const before = await cairn.call<Traffic>('traffic');
      const count = await metricsApiCount(cairn, run.adminToken, run.endpoint);
      api.checks++;
      const shortfall = Math.max(0, before.settled - count);
      if (shortfall > 0) api.behind++;
      api.maxShortfall = Math.max(api.maxShortfall, shortfall);
    }
  })();
  const result = await runLoad({ ...load, durationSeconds: options.lagDurationSeconds });
  loading = false;
  await Promise.all([pollLoop, apiLoop]);
  const loadEnded = performance.now();
  await waitFor('the rollups to count the last requests', 30_000, async () => {
    const sample = await poll();
    return sample.persisted >= sample.settled;
  });
  return {
    targetRate: options.lagRate,
    connections: run.connections,
    durationSeconds: result.durationSeconds,
    achievedRate: result.requestsPerSecond,
    ok: result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: result.latencyMs,
    rollupFlushMs: run.rollupFlushMs,
    polls: samples.length,
    lagMs: summarisePercentiles(freshnessLags(samples)),
    catchUpMs: performance.now() - loadEnded,
    api,
  };
}
