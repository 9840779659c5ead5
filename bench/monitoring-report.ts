import type { DriftBenchResult } from './drift-bench.js';
import type { Comparison } from './gateway-report.js';
import type { FreshnessResult } from './monitoring-lag.js';
import type { DescriptorThroughput, MonitoringLoopEvidence } from './monitoring-setup.js';
import { type AimCheck, type CaptureCheck, type TableLayout, formatCapture, formatRange, formatSigned, markdownRunCells, summaryIndent, tableHeader, tableRow } from './report.js';

/** Every row the "on" process captured in a scenario's runs (warm-ups included), and what the descriptor queue did with it. */
export interface DescriptorAccounting {
  captured: number;
  written: number;
  /** Failed calls, sampled out, or no endpoint. */
  skipped: number;
  /** Shed because the bounded queue (monitoring.descriptors.queue_size) was full. */
  dropped: number;
  failed: number;
  /** The most rows still queued when a measured run ended (worked off before the next run). */
  backlogAtRunEnd: number;
  /** Time and CPU the process spent after the runs until the queue was empty, summed over the rounds. */
  drainSeconds: number;
  drainCpuMs: number;
  /** Time the descriptor worker spent describing, ms, and the rows it described (its cost per row under load). */
  describeMs: number;
  described: number;
}

export interface MonitoringScenarioResult {
  name: string;
  connections: number;
  /** Monitoring on (variant) against off (baseline), paired per round. */
  comparison: Comparison;
  descriptors: DescriptorAccounting;
  capture: CaptureCheck;
}

export interface MonitoringSuiteResult {
  descriptorThroughput: DescriptorThroughput;
  drift: DriftBenchResult;
  freshness: FreshnessResult & { descriptorsWritten: number; descriptorsDropped: number };
  scenarios: MonitoringScenarioResult[];
  loops: MonitoringLoopEvidence;
  settings: { monitorIntervalSeconds: number; alertEvaluationMs: number; rollupFlushMs: number; descriptorQueueSize: number };
  rollupFlushes: { flushes: number; failed: number; droppedKeys: number };
  /** Rows in each process's inference table after it was drained, against the queries it received in its life. */
  captureTotal: { off: number; on: number; receivedOff: number; receivedOn: number };
}

/** The issue's aims: drift under 1 s, p99 unchanged with monitoring on (within 1 ms at 1 connection), nothing lost. */
export function checkMonitoringAims(result: MonitoringSuiteResult): AimCheck[] {
  const aims: AimCheck[] = [
    {
      aim: 'drift of 100k vs 100k rows (scalar descriptors) < 1 s',
      met: result.drift.elapsedMs < 1000,
      detail: `${result.drift.elapsedMs.toFixed(0)} ms wall, ${result.drift.cpuMs.toFixed(0)} ms CPU (median of ${result.drift.roundsMs.length})`,
    },
  ];
  const latency = result.scenarios.find((scenario) => scenario.connections === 1);
  if (latency) {
    aims.push({
      aim: `monitoring leaves p99 unchanged (${latency.name}: within 1 ms)`,
      met: latency.comparison.addedP99Ms <= 1,
      detail: `${formatSigned(latency.comparison.addedP99Ms)} ms (rounds ${formatRange(latency.comparison.addedP99Range, 2)})`,
    });
  }
  const { captureTotal } = result;
  const lost = captureTotal.receivedOff - captureTotal.off + captureTotal.receivedOn - captureTotal.on;
  aims.push({ aim: 'zero capture rows lost (monitoring suite)', met: lost === 0, detail: `${lost} lost over both processes' lives` });
  return aims;
}

function describeAccounting(accounting: DescriptorAccounting): string {
  return (
    `descriptors of ${accounting.captured} captured rows: ${accounting.written} written, ${accounting.skipped} skipped, ${accounting.dropped} dropped (queue full), ` +
    `${accounting.failed} failed; ${((accounting.describeMs * 1000) / Math.max(1, accounting.described)).toFixed(0)} µs/row on the worker; backlog at run end ≤ ${accounting.backlogAtRunEnd}, worked off in ${accounting.drainSeconds.toFixed(1)} s using ${(accounting.drainCpuMs / 1000).toFixed(1)} s CPU`
  );
}

/** The console report. */
export function formatMonitoringText(result: MonitoringSuiteResult): string {
  const { descriptorThroughput: d, drift, freshness: f } = result;
  const lines = [
    `Descriptor throughput (${d.rows} chat rows): main thread ${d.mainMicrosPerRow.toFixed(0)} µs/row = ${d.mainRowsPerSecondPerCore.toFixed(0)} rows/s per core; ` +
      `worker ${d.workerMicrosPerRow.toFixed(0)} µs/row = ${d.workerRowsPerSecondPerCore.toFixed(0)} rows/s per core (${d.workerWallRowsPerSecond} rows/s wall); describeText 1 KB ${d.describeTextMicrosPerKb} µs`,
    `Drift 100k vs 100k rows × ${drift.columns} scalar columns: median ${drift.elapsedMs.toFixed(0)} ms wall, ${drift.cpuMs.toFixed(0)} ms CPU (rounds ${drift.roundsMs.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
    `Rollup freshness at ${f.targetRate} req/s target (${f.connections} conn., ${f.durationSeconds} s): ${f.achievedRate.toFixed(0)} req/s achieved (${f.non2xx} non-2xx, ${f.errors} errors), p50 ${f.latencyMs.p50.toFixed(2)} ms, p99 ${f.latencyMs.p99.toFixed(2)} ms; ` +
      `lag of rollup_minutes p50 ${f.lagMs.p50.toFixed(0)} ms, p95 ${f.lagMs.p95.toFixed(0)} ms, max ${f.lagMs.max.toFixed(0)} ms over ${f.polls} polls (flush every ${f.rollupFlushMs} ms); ` +
      `caught up ${f.catchUpMs.toFixed(0)} ms after the load`,
    `  metrics API of the serving instance: behind in ${f.api.behind} of ${f.api.checks} checks (at most ${f.api.maxShortfall} requests); descriptors during the run: ${f.descriptorsWritten} written, ${f.descriptorsDropped} dropped`,
  ];
  const layout: TableLayout = { scenarioWidth: Math.max(16, ...result.scenarios.map((scenario) => scenario.name.length)), targetWidth: 14 };
  lines.push('', ...tableHeader(layout));
  for (const scenario of result.scenarios) {
    const c = scenario.comparison;
    lines.push(tableRow(scenario.name, c.baseline, layout), tableRow('', c.variant, layout));
    lines.push(
      `${summaryIndent(layout)}on vs off: throughput ${c.throughputRatio.toFixed(2)}× (${formatRange(c.throughputRatioRange, 2)}), added p50 ${formatSigned(c.addedP50Ms)} ms, ` +
        `added p99 ${formatSigned(c.addedP99Ms)} ms (${formatRange(c.addedP99Range, 2)}), added CPU ${formatSigned(c.addedCpuMicrosPerRequest, 0)} µs/req`,
      `${summaryIndent(layout)}${describeAccounting(scenario.descriptors)}`,
      `${summaryIndent(layout)}${formatCapture(scenario.capture)}`,
    );
  }
  const monitors = Object.entries(result.loops.monitorResults).map(([name, counts]) => `${name} ${JSON.stringify(counts)}`);
  const states = result.loops.alertStates.map((state) => `${state.state}, evaluated ${state.lastEvaluatedSecondsAgo.toFixed(0)} s ago`);
  lines.push(
    `Background loops (monitoring on): monitor results ${monitors.join('; ')}; alert rule ${states.join('; ') || 'no state'}; ` +
      `${result.rollupFlushes.flushes} rollup flushes (${result.rollupFlushes.failed} failed)`,
  );
  return lines.join('\n');
}

/** The figures as Markdown, for docs/benchmarks.md. */
export function formatMonitoringMarkdown(result: MonitoringSuiteResult): string {
  const { descriptorThroughput: d, drift, freshness: f } = result;
  const lines = [
    '| measure | result |',
    '|---|---|',
    `| descriptors, main thread (describeCall, ~200-char prompt + ~1 KB answer) | ${d.mainMicrosPerRow.toFixed(0)} µs/row = **${d.mainRowsPerSecondPerCore.toFixed(0)} rows/s per core** |`,
    `| descriptors, worker thread (batches of 64) | ${d.workerMicrosPerRow.toFixed(0)} µs/row = **${d.workerRowsPerSecondPerCore.toFixed(0)} rows/s per core** (${d.workerWallRowsPerSecond} rows/s wall) |`,
    `| drift, 100k vs 100k rows × ${drift.columns} scalar columns | **${drift.elapsedMs.toFixed(0)} ms** wall, ${drift.cpuMs.toFixed(0)} ms CPU (median of ${drift.roundsMs.length}) |`,
    `| rollup freshness at ${f.targetRate} req/s (${f.achievedRate.toFixed(0)} achieved, flush every ${f.rollupFlushMs} ms) | lag p50 **${f.lagMs.p50.toFixed(0)} ms**, p95 **${f.lagMs.p95.toFixed(0)} ms**, max ${f.lagMs.max.toFixed(0)} ms (${f.polls} polls) |`,
    `| metrics API of the serving instance, same run | behind in ${f.api.behind} of ${f.api.checks} checks (it merges its unflushed minute) |`,
    '',
    '| scenario | target | req/s | p50 ms | p99 ms | CPU µs/req | loop delay p99 ms | RSS MB | on/off req/s | added p50 ms | added p99 ms | added CPU µs/req | descriptors written / dropped / captured |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of result.scenarios) {
    const c = scenario.comparison;
    const a = scenario.descriptors;
    lines.push(`| ${[scenario.name, c.baseline.target, ...markdownRunCells(c.baseline), '', '', '', '', ''].join(' | ')} |`);
    lines.push(
      `| ${[
        '',
        c.variant.target,
        ...markdownRunCells(c.variant),
        `**${c.throughputRatio.toFixed(2)}×** (${formatRange(c.throughputRatioRange, 2)})`,
        formatSigned(c.addedP50Ms),
        `**${formatSigned(c.addedP99Ms)}** (${formatRange(c.addedP99Range, 2)})`,
        formatSigned(c.addedCpuMicrosPerRequest, 0),
        `${a.written} / ${a.dropped} / ${a.captured}`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
