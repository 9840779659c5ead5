import { mkdirSync } from 'node:fs';
import { type BenchChild, benchLog } from './bench-child.js';
import type { BenchOptions, Scenario } from './bench-options.js';
import {
  type LoadTarget,
  ENDPOINT,
  UPSTREAM_API_KEY,
  UPSTREAM_MODEL,
  cairnHeaders,
  chatUrl,
  coreChatBody,
  countCapturedRows,
  createDatabase,
  newAdminToken,
  startCairnChild,
  startUpstream,
} from './bench-setup.js';
import { runDriftBench } from './drift-bench.js';
import type { PairResult } from './gateway-report.js';
import { compare, pairRuns } from './gateway-suite.js';
import { measure } from './measure.js';
import { measureFreshness } from './monitoring-lag.js';
import type { DescriptorAccounting, MonitoringScenarioResult, MonitoringSuiteResult } from './monitoring-report.js';
import { configureMonitoring, monitoringEvidence, runDescriptorThroughput } from './monitoring-setup.js';
import type { CaptureCheck, TargetRun } from './report.js';
import { combineCaptures } from './rounds.js';
import { checkTarget, createBenchEndpoint, waitFor } from './targets.js';

/**
 * The monitoring suite (issue 5): descriptor throughput and drift time in isolation, then two Cairn processes on
 * their own databases in front of the same fake upstream — `monitoring.enabled: false` and `true` — where the "on"
 * one also runs a drift monitor, a quality monitor and an alert rule. First the rollup freshness lag at a fixed
 * request rate on the "on" process, then paired rounds (off/on, order alternating per round) at 1 connection
 * (latency) and BENCH_CONNECTIONS (throughput, CPU per request). While one process is measured the other is
 * stopped (SIGSTOP), so neither's background work lands in the other's figures.
 */

/** Monitors run every 10 s and alert rules are evaluated every 5 s (default 60 s / 15 s), in both processes' config. */
export const MONITOR_INTERVAL_SECONDS = 10;
export const ALERT_EVALUATION_MS = 5000;
/** The freshness run's connections: enough that the rate, not the connections, limits it. */
const LAG_CONNECTIONS = 32;
const DESCRIPTOR_BENCH_ROWS = 2000;
const LABELS = { off: 'monitoring off', on: 'monitoring on' } as const;

interface DescriptorStats {
  queued: number;
  written: number;
  skipped: number;
  dropped: number;
  failed: number;
  /** Wall time describing (on the worker thread), ms, and rows described in it. */
  describeMs: number;
  described: number;
}

interface MonitoringStats {
  descriptors: DescriptorStats;
  rollups: { flushes: number; failed_flushes: number; dropped: number };
}

interface MonitoringExtra {
  monitoring?: { rollup_flush_ms?: number; alerts?: Record<string, unknown>; descriptors?: { queue_size?: number } } & Record<string, unknown>;
}

function cairnConfig(options: BenchOptions, enabled: boolean): string {
  const base = JSON.parse(options.cairnExtraConfig || '{}') as MonitoringExtra & Record<string, unknown>;
  return JSON.stringify({
    ...base,
    monitoring: { ...base.monitoring, enabled, alerts: { ...base.monitoring?.alerts, evaluation_interval_ms: ALERT_EVALUATION_MS } },
  });
}

/** SIGSTOP / SIGCONT: a stopped process's timers and worker threads use no CPU while the other is measured. */
function pause(child: BenchChild): void {
  process.kill(child.pid, 'SIGSTOP');
}

function resume(child: BenchChild): void {
  process.kill(child.pid, 'SIGCONT');
}

function scenarios(options: BenchOptions): Scenario[] {
  return [
    { name: 'JSON, 1 conn., delay 0 ms', stream: false, delayMs: 0, connections: 1 },
    { name: `JSON, ${options.connections} conn., delay 0 ms`, stream: false, delayMs: 0, connections: options.connections },
  ];
}

function emptyAccounting(): DescriptorAccounting {
  return { captured: 0, written: 0, skipped: 0, dropped: 0, failed: 0, backlogAtRunEnd: 0, drainSeconds: 0, drainCpuMs: 0, describeMs: 0, described: 0 };
}

/**
 * Measures the "on" process once, then waits until its descriptor queue is empty (so the backlog is not worked
 * off during the next run), and accounts for every row captured: described, skipped, dropped, failed.
 */
async function measureOn(options: BenchOptions, upstream: BenchChild, target: LoadTarget, scenario: Scenario, round: number, total: DescriptorAccounting) {
  const on = target.child;
  const before = await on.call<MonitoringStats>('monitoringStats');
  const trafficBefore = await on.call<{ received: number }>('traffic');
  const measured = await measure(options, { upstream }, target, scenario, round);
  const atEnd = await on.call<MonitoringStats>('monitoringStats');
  const usage = await on.usage();
  const drainStarted = performance.now();
  const captured = (await on.call<{ received: number }>('traffic')).received - trafficBefore.received;
  // Every captured row ends in one bucket; rows reach the descriptor queue only after capture has stored them.
  await waitFor('every captured row to be described, skipped or dropped', 300_000, async () => {
    const { descriptors } = await on.call<MonitoringStats>('monitoringStats');
    const accounted = (['written', 'skipped', 'dropped', 'failed'] as const).reduce((sum, key) => sum + descriptors[key] - before.descriptors[key], 0);
    return descriptors.queued === 0 && accounted >= captured;
  });
  total.drainSeconds += (performance.now() - drainStarted) / 1000;
  total.drainCpuMs += ((await on.usage()).cpuMicros - usage.cpuMicros) / 1000;
  const after = await on.call<MonitoringStats>('monitoringStats');
  total.captured += captured;
  for (const key of ['written', 'skipped', 'dropped', 'failed', 'describeMs', 'described'] as const) total[key] += after.descriptors[key] - before.descriptors[key];
  total.backlogAtRunEnd = Math.max(total.backlogAtRunEnd, atEnd.descriptors.queued);
  return measured;
}

export async function runMonitoringSuite(options: BenchOptions): Promise<MonitoringSuiteResult> {
  const since = Date.now();
  benchLog(`monitoring: descriptor throughput (bench/descriptor-bench.ts ${DESCRIPTOR_BENCH_ROWS}, own process)`);
  const descriptorThroughput = await runDescriptorThroughput(DESCRIPTOR_BENCH_ROWS);
  benchLog(
    `monitoring: describeCall ${descriptorThroughput.mainMicrosPerRow.toFixed(0)} µs/row on the main thread (${descriptorThroughput.mainRowsPerSecondPerCore.toFixed(0)} rows/s/core), ` +
      `worker ${descriptorThroughput.workerMicrosPerRow.toFixed(0)} µs/row (${descriptorThroughput.workerRowsPerSecondPerCore.toFixed(0)} rows/s/core)`,
  );
  const drift = runDriftBench({ rows: 100_000, rounds: 5 });
  benchLog(`monitoring: drift 100k × 100k × ${drift.columns} columns: median ${drift.elapsedMs.toFixed(0)} ms wall, ${drift.cpuMs.toFixed(0)} ms CPU`);

  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const upstream = await startUpstream(options);
  const adminToken = newAdminToken();
  const databases = { off: await createDatabase(options), on: await createDatabase(options) };
  const off = await startCairnChild(options, { name: 'cairn-monitoring-off', database: databases.off, adminToken, extraConfig: cairnConfig(options, false) });
  const on = await startCairnChild(options, { name: 'cairn-monitoring-on', database: databases.on, adminToken, extraConfig: cairnConfig(options, true) });
  const headers = cairnHeaders(adminToken);
  const body = coreChatBody(ENDPOINT, false);
  for (const child of [off, on]) {
    await createBenchEndpoint({ cairnUrl: String(child.info.url), adminToken, endpoint: ENDPOINT, upstreamUrl: String(upstream.info.url), upstreamModel: UPSTREAM_MODEL, upstreamApiKey: UPSTREAM_API_KEY });
    await checkTarget(chatUrl(child), headers, body, false);
  }
  const loadConfig = await configureMonitoring(on, adminToken, ENDPOINT, MONITOR_INTERVAL_SECONDS);
  const base = JSON.parse(options.cairnExtraConfig || '{}') as MonitoringExtra;
  const rollupFlushMs = base.monitoring?.rollup_flush_ms ?? 2000;
  benchLog(
    `monitoring: ${off.name} (pid ${off.pid}) and ${on.name} (pid ${on.pid}) on ${databases.on.dialect}; drift + quality monitors every ${MONITOR_INTERVAL_SECONDS} s, ` +
      `alert rule on error_rate evaluated every ${ALERT_EVALUATION_MS / 1000} s, rollups flushed every ${rollupFlushMs} ms`,
  );

  const target = (label: string, child: BenchChild): LoadTarget => ({ label, child, body, headers, captures: true, profileName: label.replace(' ', '-') });
  const targets = { off: target(LABELS.off, off), on: target(LABELS.on, on) };
  let result: MonitoringSuiteResult;
  try {
    pause(off);
    benchLog(`monitoring: rollup freshness at ${options.lagRate} req/s (${LAG_CONNECTIONS} connections, ${options.lagDurationSeconds} s)`);
    const statsBeforeLag = await on.call<MonitoringStats>('monitoringStats');
    const freshness = await measureFreshness(options, on, { adminToken, endpoint: ENDPOINT, body, headers, rollupFlushMs, connections: LAG_CONNECTIONS });
    const statsAfterLag = await on.call<MonitoringStats>('monitoringStats');
    benchLog(
      `monitoring: ${freshness.achievedRate.toFixed(0)} req/s achieved; rollup lag p50 ${freshness.lagMs.p50.toFixed(0)} ms, p95 ${freshness.lagMs.p95.toFixed(0)} ms, ` +
        `max ${freshness.lagMs.max.toFixed(0)} ms; metrics API behind in ${freshness.api.behind}/${freshness.api.checks} checks`,
    );
    await waitFor('the descriptor queue to empty', 300_000, async () => (await on.call<MonitoringStats>('monitoringStats')).descriptors.queued === 0);
    const lagDescriptors = (await on.call<MonitoringStats>('monitoringStats')).descriptors;

    const results: MonitoringScenarioResult[] = [];
    for (const scenario of scenarios(options)) {
      const pairs: PairResult[] = [];
      const captures: CaptureCheck[] = [];
      const accounting = emptyAccounting();
      for (let round = 1; round <= options.rounds; round++) {
        const runs: Partial<Record<'off' | 'on', TargetRun>> = {};
        // Alternating order, so neither side always runs first after the other's pause.
        for (const side of round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
          const [active, idle] = side === 'off' ? [off, on] : [on, off];
          resume(active);
          pause(idle);
          const measured = side === 'on' ? await measureOn(options, upstream, targets.on, scenario, round, accounting) : await measure(options, { upstream }, targets.off, scenario, round);
          runs[side] = measured.run;
          if (measured.capture) captures.push(measured.capture);
        }
        const pair = pairRuns(runs.off!, runs.on!);
        pairs.push(pair);
        benchLog(
          `monitoring ${scenario.name}, round ${round}/${options.rounds}: off ${runs.off!.load.requestsPerSecond.toFixed(0)} req/s p99 ${runs.off!.load.latencyMs.p99.toFixed(2)} ms; ` +
            `on ${runs.on!.load.requestsPerSecond.toFixed(0)} req/s p99 ${runs.on!.load.latencyMs.p99.toFixed(2)} ms ` +
            `(${pair.throughputRatio.toFixed(2)}×, p99 ${pair.addedP99Ms >= 0 ? '+' : ''}${pair.addedP99Ms.toFixed(2)} ms, CPU ${pair.addedCpuMicrosPerRequest >= 0 ? '+' : ''}${pair.addedCpuMicrosPerRequest.toFixed(0)} µs/req)`,
        );
      }
      results.push({
        name: scenario.name,
        connections: scenario.connections ?? options.connections,
        comparison: compare('monitoring', pairs),
        descriptors: accounting,
        capture: combineCaptures(captures),
      });
    }
    resume(on);
    const loops = await monitoringEvidence(on, adminToken, loadConfig, since);
    const finalStats = await on.call<MonitoringStats>('monitoringStats');
    result = {
      descriptorThroughput,
      drift,
      freshness: { ...freshness, descriptorsDropped: statsAfterLag.descriptors.dropped - statsBeforeLag.descriptors.dropped, descriptorsWritten: lagDescriptors.written - statsBeforeLag.descriptors.written },
      scenarios: results,
      loops,
      settings: { monitorIntervalSeconds: MONITOR_INTERVAL_SECONDS, alertEvaluationMs: ALERT_EVALUATION_MS, rollupFlushMs, descriptorQueueSize: base.monitoring?.descriptors?.queue_size ?? 20_000 },
      rollupFlushes: { flushes: finalStats.rollups.flushes, failed: finalStats.rollups.failed_flushes, droppedKeys: finalStats.rollups.dropped },
      captureTotal: { off: 0, on: 0, receivedOff: 0, receivedOn: 0 },
    };
  } finally {
    for (const child of [off, on]) resume(child);
  }
  // The graceful path (what SIGTERM does), then the rows counted in each database once its process is gone.
  const drained = { off: await off.call<{ received: number }>('drain', undefined, 60_000), on: await on.call<{ received: number }>('drain', undefined, 60_000) };
  for (const child of [off, on, upstream]) await child.stop();
  result.captureTotal = { off: await countCapturedRows(databases.off), on: await countCapturedRows(databases.on), receivedOff: drained.off.received, receivedOn: drained.on.received };
  return result;
}
