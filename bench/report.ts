import type { LoopDelay } from './ipc.js';
import type { LoadResult } from './load.js';

export interface TargetRun {
  /** `proxy` or `cairn` (core suite); `policies off`, `policies on`, `policies on, Redis` (gateway suite). */
  target: string;
  load: LoadResult;
  /** CPU time per answered request, µs, for the process under test, the fake upstream and the load generator. */
  cpuMicrosPerRequest: { target: number; upstream: number; loadGenerator: number };
  /** Share of one core the process under test used during the run (1 = one full core). */
  targetCores: number;
  rssMb: { peak: number; end: number };
  /** Cores busy with processes other than the upstream, the target and the load generator during the run (NaN off Linux). */
  otherCores: number;
  /** Which attempt was kept (see BENCH_RETRIES). */
  attempt: number;
  /** Event-loop delay of the process under test during the run. */
  loopDelayMs: LoopDelay;
}

export interface CaptureCheck {
  /** Queries Cairn's HTTP server received during the measured run (counted on the raw Node server). */
  received: number;
  /** Rows that reached `inference_log` for them, after the capture queue was flushed. */
  rowsWritten: number;
  lost: number;
  /** Rows lost in attempts discarded because other work disturbed them. */
  lostInDiscardedAttempts: number;
  rowsByStatus: Record<string, number>;
  droppedByQueue: number;
}

export interface RoundResult {
  proxy: TargetRun;
  cairn: TargetRun;
  throughputRatio: number;
  addedP50Ms: number;
  addedP99Ms: number;
}

export interface ScenarioResult {
  name: string;
  stream: boolean;
  upstreamDelayMs: number;
  /** Proxy then Cairn, back to back, BENCH_ROUNDS times. */
  rounds: RoundResult[];
  /** Medians over the rounds (counts summed). */
  proxy: TargetRun;
  cairn: TargetRun;
  /** Medians of the per-round pairs, with their spread. */
  throughputRatio: number;
  throughputRatioRange: [number, number];
  addedP50Ms: number;
  addedP99Ms: number;
  addedP99Range: [number, number];
  /** Summed over the rounds. */
  capture: CaptureCheck;
}

export interface AimCheck {
  aim: string;
  met: boolean;
  detail: string;
}

export function checkAims(scenarios: ScenarioResult[], finalRowsLost: number): AimCheck[] {
  const aims: AimCheck[] = [];
  for (const scenario of scenarios) {
    if (scenario.upstreamDelayMs === 0) {
      aims.push({
        aim: `throughput ≥ 0.7× bare proxy (${scenario.name})`,
        met: scenario.throughputRatio >= 0.7,
        detail: `${scenario.throughputRatio.toFixed(2)}× (rounds ${formatRange(scenario.throughputRatioRange, 2)})`,
      });
    } else {
      aims.push({
        aim: `added p99 ≤ 2 ms (${scenario.name})`,
        met: scenario.addedP99Ms <= 2,
        detail: `${formatSigned(scenario.addedP99Ms)} ms (rounds ${formatRange(scenario.addedP99Range, 1)} ms)`,
      });
    }
  }
  const lostInRuns = scenarios.reduce((total, scenario) => total + scenario.capture.lost + scenario.capture.lostInDiscardedAttempts, 0);
  aims.push({
    aim: 'zero capture rows lost',
    met: lostInRuns === 0 && finalRowsLost === 0,
    detail: `${lostInRuns} lost in measured runs, ${finalRowsLost} lost over the whole process life`,
  });
  return aims;
}

export function formatRange([low, high]: [number, number], digits: number): string {
  return `${low.toFixed(digits)} … ${high.toFixed(digits)}`;
}

export function formatSigned(value: number, digits = 2): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** Console-table columns after the scenario and the target. */
const runColumns: Array<[string, number]> = [
  ['req/s', 8],
  ['p50 ms', 8],
  ['p90 ms', 8],
  ['p99 ms', 8],
  ['non-2xx', 8],
  ['errors', 7],
  ['CPU µs/req', 11],
  ['cores', 6],
  ['RSS MB', 7],
  ['loop p99', 8],
  ['loop max', 8],
  ['other', 6],
];

/** Widths of the console table's scenario and target columns. */
export interface TableLayout {
  scenarioWidth: number;
  targetWidth: number;
}

const CORE_LAYOUT: TableLayout = { scenarioWidth: 16, targetWidth: 7 };

/** Indent of the summary lines under a scenario's rows (past the scenario column). */
export function summaryIndent(layout: TableLayout): string {
  return ' '.repeat(layout.scenarioWidth + 2);
}

function row(cells: string[], layout: TableLayout): string {
  const widths = [layout.scenarioWidth, layout.targetWidth, ...runColumns.map(([, width]) => width)];
  return cells.map((cell, index) => pad(cell, widths[index]!, index >= 2)).join('  ');
}

/** The console table's two header lines. */
export function tableHeader(layout: TableLayout): string[] {
  return [
    row(['scenario', 'target', ...runColumns.map(([title]) => title)], layout),
    row(['-'.repeat(layout.scenarioWidth), '-'.repeat(layout.targetWidth), ...runColumns.map(([, width]) => '-'.repeat(width))], layout),
  ];
}

/** One run as a console-table line; `scenarioName` only on a scenario's first line. */
export function tableRow(scenarioName: string, run: TargetRun, layout: TableLayout): string {
  const latency = run.load.latencyMs;
  return row(
    [
      scenarioName,
      run.target,
      run.load.requestsPerSecond.toFixed(0),
      latency.p50.toFixed(2),
      latency.p90.toFixed(2),
      latency.p99.toFixed(2),
      String(run.load.non2xx),
      String(run.load.errors),
      run.cpuMicrosPerRequest.target.toFixed(0),
      run.targetCores.toFixed(2),
      run.rssMb.peak.toFixed(0),
      run.loopDelayMs.p99.toFixed(1),
      run.loopDelayMs.max.toFixed(1),
      run.otherCores.toFixed(2),
    ],
    layout,
  );
}

export function formatTable(scenarios: ScenarioResult[]): string {
  const lines = tableHeader(CORE_LAYOUT);
  for (const scenario of scenarios) {
    for (const run of [scenario.proxy, scenario.cairn]) lines.push(tableRow(run.target === 'proxy' ? scenario.name : '', run, CORE_LAYOUT));
    const capture = scenario.capture;
    lines.push(
      `${summaryIndent(CORE_LAYOUT)}Cairn/proxy throughput ${scenario.throughputRatio.toFixed(2)}× (${formatRange(scenario.throughputRatioRange, 2)}), ` +
        `added p50 ${formatSigned(scenario.addedP50Ms)} ms, added p99 ${formatSigned(scenario.addedP99Ms)} ms (${formatRange(scenario.addedP99Range, 1)}); ${formatCapture(capture)}`,
    );
  }
  return lines.join('\n');
}

export function formatCapture(capture: CaptureCheck): string {
  return (
    `capture ${capture.rowsWritten}/${capture.received} rows (lost ${capture.lost}, queue drops ${capture.droppedByQueue}` +
    `${capture.lostInDiscardedAttempts > 0 ? `; ${capture.lostInDiscardedAttempts} lost in discarded attempts` : ''})`
  );
}

/** A run's figures in the Markdown tables: req/s, p50, p99, CPU µs/req, loop delay p99, RSS. */
export function markdownRunCells(run: TargetRun): string[] {
  return [
    run.load.requestsPerSecond.toFixed(0),
    run.load.latencyMs.p50.toFixed(2),
    run.load.latencyMs.p99.toFixed(2),
    run.cpuMicrosPerRequest.target.toFixed(0),
    run.loopDelayMs.p99.toFixed(1),
    run.rssMb.peak.toFixed(0),
  ];
}

/** The same figures as a Markdown table, for `docs/benchmarks.md`. */
export function formatMarkdown(scenarios: ScenarioResult[]): string {
  const lines = [
    '| scenario | target | req/s | p50 ms | p99 ms | CPU µs/req | loop delay p99 ms | RSS MB | Cairn/proxy req/s | added p50 ms | added p99 ms | capture rows / queries |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of scenarios) {
    for (const run of [scenario.proxy, scenario.cairn]) {
      const isCairn = run.target === 'cairn';
      const cells = [
        isCairn ? '' : scenario.name,
        run.target,
        ...markdownRunCells(run),
        ...(isCairn
          ? [
              `**${scenario.throughputRatio.toFixed(2)}×** (${formatRange(scenario.throughputRatioRange, 2)})`,
              formatSigned(scenario.addedP50Ms),
              `**${formatSigned(scenario.addedP99Ms)}** (${formatRange(scenario.addedP99Range, 1)})`,
              `${scenario.capture.rowsWritten} / ${scenario.capture.received}`,
            ]
          : ['', '', '', '']),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
