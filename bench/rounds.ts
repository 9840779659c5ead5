import type { LatencySummary, LoadResult } from './load.js';
import type { CaptureCheck, RoundResult, TargetRun } from './report.js';

export function median(values: number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mergeCounts(counts: Array<Record<string, number>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const entry of counts) for (const [key, value] of Object.entries(entry)) result[key] = (result[key] ?? 0) + value;
  return result;
}

/**
 * One figure per target from several rounds: the median of each rate, latency and cost (robust to one
 * disturbed round), the sum of every count (so one error in any round shows), the worst of RSS and noise.
 */
export function combineRuns(runs: TargetRun[]): TargetRun {
  const pick = (read: (run: TargetRun) => number) => median(runs.map(read));
  const latency = (key: keyof LatencySummary) => pick((run) => run.load.latencyMs[key]);
  const load: LoadResult = {
    ok: sum(runs.map((run) => run.load.ok)),
    non2xx: sum(runs.map((run) => run.load.non2xx)),
    errors: sum(runs.map((run) => run.load.errors)),
    timeouts: sum(runs.map((run) => run.load.timeouts)),
    statusCounts: mergeCounts(runs.map((run) => run.load.statusCounts)),
    durationSeconds: sum(runs.map((run) => run.load.durationSeconds)),
    requestsPerSecond: pick((run) => run.load.requestsPerSecond),
    latencyMs: { p50: latency('p50'), p90: latency('p90'), p99: latency('p99'), max: Math.max(...runs.map((run) => run.load.latencyMs.max)), mean: latency('mean') },
  };
  return {
    target: runs[0]!.target,
    load,
    cpuMicrosPerRequest: {
      target: pick((run) => run.cpuMicrosPerRequest.target),
      upstream: pick((run) => run.cpuMicrosPerRequest.upstream),
      loadGenerator: pick((run) => run.cpuMicrosPerRequest.loadGenerator),
    },
    targetCores: pick((run) => run.targetCores),
    rssMb: { peak: Math.max(...runs.map((run) => run.rssMb.peak)), end: runs.at(-1)!.rssMb.end },
    otherCores: Math.max(...runs.map((run) => run.otherCores)),
    attempt: Math.max(...runs.map((run) => run.attempt)),
    loopDelayMs: { p50: pick((run) => run.loopDelayMs.p50), p99: pick((run) => run.loopDelayMs.p99), max: Math.max(...runs.map((run) => run.loopDelayMs.max)) },
  };
}

export function combineCaptures(checks: CaptureCheck[]): CaptureCheck {
  return {
    received: sum(checks.map((check) => check.received)),
    rowsWritten: sum(checks.map((check) => check.rowsWritten)),
    lost: sum(checks.map((check) => check.lost)),
    lostInDiscardedAttempts: sum(checks.map((check) => check.lostInDiscardedAttempts)),
    rowsByStatus: mergeCounts(checks.map((check) => check.rowsByStatus)),
    droppedByQueue: sum(checks.map((check) => check.droppedByQueue)),
  };
}

/** Cairn against the proxy run just before it: both saw the same machine, so the pair is the fair comparison. */
export function pairRound(proxy: TargetRun, cairn: TargetRun): RoundResult {
  return {
    proxy,
    cairn,
    throughputRatio: cairn.load.requestsPerSecond / proxy.load.requestsPerSecond,
    addedP50Ms: cairn.load.latencyMs.p50 - proxy.load.latencyMs.p50,
    addedP99Ms: cairn.load.latencyMs.p99 - proxy.load.latencyMs.p99,
  };
}
