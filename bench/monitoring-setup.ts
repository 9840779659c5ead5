import { execFile } from 'node:child_process';
import path from 'node:path';
import type { BenchChild } from './bench-child.js';
import { repositoryRoot } from './bench-child.js';

/**
 * The monitoring suite's helpers: descriptor throughput from bench/descriptor-bench.ts (run as its own process,
 * so its worker thread and heap start clean), and the monitors and alert rule that make the background loops run
 * during the "monitoring on" measurements, created through the HTTP API as a user would.
 */

export interface DescriptorThroughput {
  rows: number;
  /** describeText on 1 KB of English, µs. */
  describeTextMicrosPerKb: number;
  /** describeCall of a chat row (~200-char prompt, ~1 KB answer, demo embeddings) on the main thread. */
  mainMicrosPerRow: number;
  /** One core: 1e6 / mainMicrosPerRow. */
  mainRowsPerSecondPerCore: number;
  /** The worker-thread path: worker busy time per row, and the rows per second one worker core gives. */
  workerMicrosPerRow: number;
  workerRowsPerSecondPerCore: number;
  /** Wall time per row through the worker, batches of 64, messaging included. */
  workerWallRowsPerSecond: number;
}

function number(output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output);
  if (!match?.[1]) throw new Error(`bench/descriptor-bench.ts printed no ${what}:\n${output}`);
  return Number(match[1]);
}

/** Runs `node --import tsx bench/descriptor-bench.ts ROWS` and reads its three lines. */
export async function runDescriptorThroughput(rows: number): Promise<DescriptorThroughput> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repositoryRoot, 'bench', 'descriptor-bench.ts'), String(rows)],
      { cwd: repositoryRoot, timeout: 300_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`descriptor-bench failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
  const mainMicrosPerRow = number(output, /main thread: (\d+(?:\.\d+)?) µs\/row/, 'main-thread figure');
  const workerMicrosPerRow = number(output, /worker thread: (\d+(?:\.\d+)?) µs\/row of worker CPU/, 'worker figure');
  return {
    rows,
    describeTextMicrosPerKb: number(output, /describeText, 1 KB English: (\d+(?:\.\d+)?) µs/, 'describeText figure'),
    mainMicrosPerRow,
    mainRowsPerSecondPerCore: 1e6 / mainMicrosPerRow,
    workerMicrosPerRow,
    workerRowsPerSecondPerCore: 1e6 / workerMicrosPerRow,
    workerWallRowsPerSecond: number(output, /\((\d+) rows\/s\)\s*$/m, 'worker wall rate'),
  };
}

async function api(cairn: BenchChild, adminToken: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${String(cairn.info.url)}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 300)}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

export interface MonitoringLoadConfig {
  monitorIds: string[];
  ruleId: string;
}

/**
 * A drift monitor (reference: the endpoint's first 60 s of traffic; current window 60 s), a quality monitor (every
 * evaluator but the judge) and an alert rule on error_rate, all every 10 s or so, so that drift, quality and alert
 * evaluation really run while the "monitoring on" process is measured.
 */
export async function configureMonitoring(cairn: BenchChild, adminToken: string, endpoint: string, intervalSeconds: number): Promise<MonitoringLoadConfig> {
  const common = { endpoint_name: endpoint, current_window_seconds: 60, interval_seconds: intervalSeconds };
  const drift = (await api(cairn, adminToken, 'POST', '/api/2.0/cairn/monitors', {
    ...common,
    name: 'bench-drift',
    kind: 'drift',
    reference: { type: 'version_start', duration_seconds: 60 },
  })) as { id: string };
  const quality = (await api(cairn, adminToken, 'POST', '/api/2.0/cairn/monitors', { ...common, name: 'bench-quality', kind: 'quality' })) as { id: string };
  const rule = (await api(cairn, adminToken, 'POST', '/api/2.0/cairn/alerts/rules', {
    name: 'bench-error-rate',
    endpoint_name: endpoint,
    series: 'error_rate',
    window_seconds: 60,
    comparator: '>',
    threshold: 0.5,
    min_samples: 20,
  })) as { id: string };
  return { monitorIds: [drift.id, quality.id], ruleId: rule.id };
}

export interface MonitoringLoopEvidence {
  /** Per monitor name: results by status (ok, insufficient_data, error) since the suite started. */
  monitorResults: Record<string, Record<string, number>>;
  /** The error-rate rule's states, with how long ago each was last evaluated (s). */
  alertStates: Array<{ state: string; lastEvaluatedSecondsAgo: number }>;
}

/** What the background loops did: proof they ran, read back through the API. */
export async function monitoringEvidence(cairn: BenchChild, adminToken: string, config: MonitoringLoadConfig, since: number): Promise<MonitoringLoopEvidence> {
  const monitorResults: MonitoringLoopEvidence['monitorResults'] = {};
  for (const id of config.monitorIds) {
    const monitor = (await api(cairn, adminToken, 'GET', `/api/2.0/cairn/monitors/${id}`)) as { name: string };
    const { results } = (await api(cairn, adminToken, 'GET', `/api/2.0/cairn/monitors/${id}/results?from=${since}&max_results=1000`)) as {
      results: Array<{ result: { status: string } }>;
    };
    const counts: Record<string, number> = {};
    for (const entry of results) counts[entry.result.status] = (counts[entry.result.status] ?? 0) + 1;
    monitorResults[monitor.name] = counts;
  }
  const states = (await api(cairn, adminToken, 'GET', `/api/2.0/cairn/alerts/states?rule_id=${config.ruleId}`)) as {
    states: Array<{ state: string; last_evaluated_at: number }>;
  };
  return {
    monitorResults,
    alertStates: states.states.map((state) => ({ state: state.state, lastEvaluatedSecondsAgo: (Date.now() - state.last_evaluated_at) / 1000 })),
  };
}
