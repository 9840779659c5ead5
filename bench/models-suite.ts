/**
 * The models suite (`BENCH_SUITE=models`): what running custom JS models in replica pools costs and how the
 * autoscaler answers a step in load. It drives Cairn's compiled pool and JS runtime directly (no HTTP), so the
 * figures are the pool's and the worker's own:
 * - cold start of a `js` replica: worker start, module import, `load`, warm-up call (p50 over 10 starts);
 * - throughput of a trivial `js` model (and of one doing ≈0.3 ms of CPU per call) through the pool at 64 concurrent
 *   callers against calling the same function in-process (the ratio is the isolation cost: structured clone + worker
 *   hop + queue; with real work, workers also use the second core, which in-process calls cannot);
 * - a step from 1 to 64 concurrent callers against `workload_size: Small` with autoscaling on: the time until the
 *   queue wait (p90 over a sliding window) is back under the autoscaler's target, and the replicas it took.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { benchLog } from './bench-child.js';
import type { BenchOptions } from './bench-options.js';
import { cairnScript } from './bench-setup.js';
import type * as JsRuntime from '../src/providers/js/index.js';
import type * as Pools from '../src/serving/pool/index.js';
import type { PoolMetrics, PoolSettings } from '../src/serving/pool/index.js';
import type { LanguageModel } from '../src/providers/index.js';

export interface ModelsSuiteResult {
  coldStart: { startsMs: number[]; p50Ms: number; p90Ms: number };
  throughput: Array<{ model: string; name: string; replicas: number; replicaConcurrency: number; poolPerSecond: number; inProcessPerSecond: number; ratio: number; poolMicrosPerCall: number; inProcessMicrosPerCall: number }>;
  stepLoad: {
    targetQueueWaitMs: number;
    serviceMs: number;
    /** p90 queue wait in the first window after the step. */
    firstWindowP90Ms: number;
    /** From the step until the first window whose p90 queue wait is under target (null: never within the run). */
    recoveredAfterMs: number | null;
    replicasBefore: number;
    replicasAfter: number;
    /** When each replica count was first reached, ms after the step. */
    scaleEvents: Array<{ atMs: number; replicas: number }>;
    p90AfterRecoveryMs: number;
    rejected: number;
  };
}

const trivialModel = `
export async function load() {}
export async function predict(records) { return records.map((record) => ({ doubled: record.x * 2 })); }
`;
/** About a third of a millisecond of CPU per record: the order of a small real model (the keyword extractor's RAKE on a paragraph). */
const cpuModel = `
export async function load() {}
function work(seed) {
  let value = seed;
  for (let index = 0; index < 13000; index++) value = (value * 1103515245 + 12345) % 2147483648;
  return value;
}
export async function predict(records) { return records.map((record) => ({ value: work(record.x) })); }
`;
const sleepingModel = (ms: number) => `
export async function load() {}
export async function predict(records) {
  await new Promise((resolve) => setTimeout(resolve, ${ms}));
  return records.map((record) => ({ doubled: record.x * 2 }));
}
`;

interface Compiled {
  js: typeof JsRuntime;
  pools: typeof Pools;
}

async function loadCompiled(options: BenchOptions): Promise<Compiled> {
  // The compiled build, as users run it: from source the worker would load tsx in every replica.
  const entry = await cairnScript({ ...options, cairnRuntime: options.cairnRuntime === 'tsx' ? 'build' : options.cairnRuntime });
  const root = path.resolve(path.dirname(entry), '..', 'src');
  const js = (await import(pathToFileURL(path.join(root, 'providers/js/index.js')).href)) as typeof JsRuntime;
  const pools = (await import(pathToFileURL(path.join(root, 'serving/pool/index.js')).href)) as typeof Pools;
  return { js, pools };
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

function packageDir(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cairn-bench-model-'));
  writeFileSync(path.join(dir, 'model.mjs'), source);
  return dir;
}

function factoryOptions(dir: string, concurrency: number): JsRuntime.JsReplicaFactoryOptions {
  return {
    packageDir: dir,
    entry: 'model.mjs',
    capabilities: ['predict'],
    inputExample: { x: 1 },
    manifest: { flavors: { js: { entry: 'model.mjs', capabilities: ['predict'] } } },
    modelName: 'bench/1',
    memoryMb: 128,
    callTimeoutMs: 30_000,
    startTimeoutMs: 30_000,
    replicaConcurrency: concurrency,
  };
}

async function coldStarts(compiled: Compiled, dir: string): Promise<ModelsSuiteResult['coldStart']> {
  const factory = compiled.js.createJsReplicaFactory(factoryOptions(dir, 1));
  const startsMs: number[] = [];
  for (let index = 0; index < 10; index++) {
    const started = performance.now();
    const replica = await factory.start({ replicaId: `cold-${index}`, log: () => undefined });
    startsMs.push(performance.now() - started);
    await replica.close();
  }
  return { startsMs: startsMs.map((value) => Math.round(value * 10) / 10), p50Ms: percentile(startsMs, 0.5), p90Ms: percentile(startsMs, 0.9) };
}

/** `callers` loops calling `call` back to back for `seconds`; calls per second. */
async function closedLoop(callers: number, seconds: number, call: () => Promise<unknown>): Promise<{ perSecond: number; failures: number }> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        try {
          await call();
          done++;
        } catch {
          failures++;
        }
      }
    }),
  );
  return { perSecond: done / ((performance.now() - started) / 1000), failures };
}

const silentLogger = pino({ level: 'silent' });

function settings(overrides: Partial<PoolSettings> = {}): PoolSettings {
  return {
    max_queue: 256,
    queue_timeout_ms: 30_000,
    target_queue_wait_ms: 100,
    target_utilization: 0.8,
    autoscale_interval_ms: 500,
    scale_down_idle_ms: 60_000,
    scale_to_zero_idle_ms: 300_000,
    log_lines: 100,
    ...overrides,
  };
}

function predictRequest(): Parameters<NonNullable<LanguageModel['doPredict']>>[0] {
  return { records: [{ x: 21 }], params: {}, signal: new AbortController().signal, requestId: 'bench' };
}

async function throughput(compiled: Compiled, modelName: string, dir: string, seconds: number): Promise<ModelsSuiteResult['throughput']> {
  const module = (await import(pathToFileURL(path.join(dir, 'model.mjs')).href)) as { predict(records: unknown[]): Promise<unknown[]> };
  const inProcess = await closedLoop(64, seconds, () => module.predict([{ x: 21 }]));
  const shapes = [
    { name: 'Small (4 replicas × 1)', entity: { workload_size: 'Small' }, concurrency: 1 },
    { name: '2 replicas × 32', entity: { min_provisioned_concurrency: 64, max_provisioned_concurrency: 64 }, concurrency: 32 },
  ];
  const results: ModelsSuiteResult['throughput'] = [];
  for (const shape of shapes) {
    const factory = compiled.js.createJsReplicaFactory(factoryOptions(dir, shape.concurrency));
    const sizing = compiled.pools.sizingOf({ name: 'bench', ...shape.entity }, shape.concurrency, 'worker');
    // Every replica up before the clock starts: this measures the steady state, not the scale-up.
    const pinned = { ...sizing, minReplicas: sizing.maxReplicas };
    const pool = compiled.pools.createReplicaPool({
      endpointName: 'bench', entityName: 'bench', factory, sizing: pinned, settings: settings(), metrics: compiled.pools.noopPoolMetrics, logger: silentLogger,
    });
    await pool.start();
    await waitFor(() => pool.status().replicas >= pinned.maxReplicas, 30_000);
    await closedLoop(64, 1, () => pool.model.doPredict!(predictRequest()));
    const measured = await closedLoop(64, seconds, () => pool.model.doPredict!(predictRequest()));
    results.push({
      model: modelName,
      name: shape.name,
      replicas: pool.status().replicas,
      replicaConcurrency: shape.concurrency,
      poolPerSecond: Math.round(measured.perSecond),
      inProcessPerSecond: Math.round(inProcess.perSecond),
      ratio: Math.round((measured.perSecond / inProcess.perSecond) * 1000) / 1000,
      poolMicrosPerCall: Math.round((1e6 / measured.perSecond) * 10) / 10,
      inProcessMicrosPerCall: Math.round((1e6 / inProcess.perSecond) * 100) / 100,
    });
    benchLog(`models: ${modelName}, ${shape.name}: pool ${measured.perSecond.toFixed(0)} calls/s vs in-process ${inProcess.perSecond.toFixed(0)} calls/s`);
    await pool.close();
  }
  return results;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('models bench: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stepLoad(compiled: Compiled, serviceMs: number): Promise<ModelsSuiteResult['stepLoad']> {
  const dir = packageDir(sleepingModel(serviceMs));
  const target = 100;
  const waits: Array<{ at: number; ms: number }> = [];
  let replicas = 0;
  let rejected = 0;
  const scaleEvents: Array<{ at: number; replicas: number }> = [];
  const metrics: PoolMetrics = {
    ...compiled.pools.noopPoolMetrics,
    queueWait: (_endpoint, _entity, seconds) => waits.push({ at: performance.now(), ms: seconds * 1000 }),
    rejected: () => rejected++,
    gauges: (_endpoint, _entity, values) => {
      if (values.replicas !== replicas) scaleEvents.push({ at: performance.now(), replicas: values.replicas });
      replicas = values.replicas;
    },
  };
  const factory = compiled.js.createJsReplicaFactory(factoryOptions(dir, 1));
  const sizing = compiled.pools.sizingOf({ name: 'bench', workload_size: 'Small' }, 1, 'worker');
  const pool = compiled.pools.createReplicaPool({
    endpointName: 'bench', entityName: 'step', factory, sizing, settings: settings({ target_queue_wait_ms: target }), metrics, logger: silentLogger,
  });
  try {
    await pool.start();
    await closedLoop(1, 3, () => pool.model.doPredict!(predictRequest()));
    const replicasBefore = pool.status().replicas;
    const step = performance.now();
    waits.length = 0;
    await closedLoop(64, 15, () => pool.model.doPredict!(predictRequest()));
    // Sliding 500 ms windows, stepped by 100 ms, from the step on.
    const windowMs = 500;
    let recoveredAt: number | null = null;
    let firstWindowP90 = Number.NaN;
    let wasAbove = false;
    const end = waits.at(-1)?.at ?? step;
    for (let from = step; from + windowMs <= end; from += 100) {
      const inWindow = waits.filter((wait) => wait.at >= from && wait.at < from + windowMs).map((wait) => wait.ms);
      if (inWindow.length === 0) continue;
      const p90 = percentile(inWindow, 0.9);
      if (Number.isNaN(firstWindowP90)) firstWindowP90 = p90;
      if (p90 > target) wasAbove = true;
      else if (wasAbove) {
        recoveredAt = from + windowMs;
        break;
      }
    }
    // The step never pushed the wait over target: nothing to recover from.
    if (!wasAbove) recoveredAt = step;
    const after = recoveredAt === null ? [] : waits.filter((wait) => wait.at >= recoveredAt!).map((wait) => wait.ms);
    return {
      targetQueueWaitMs: target,
      serviceMs,
      firstWindowP90Ms: Math.round(firstWindowP90),
      recoveredAfterMs: recoveredAt === null ? null : Math.round(recoveredAt - step),
      replicasBefore,
      replicasAfter: pool.status().replicas,
      scaleEvents: scaleEvents.filter((event) => event.at >= step).map((event) => ({ atMs: Math.round(event.at - step), replicas: event.replicas })),
      p90AfterRecoveryMs: Math.round(percentile(after, 0.9) * 10) / 10,
      rejected,
    };
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runModelsSuite(options: BenchOptions): Promise<ModelsSuiteResult> {
  const compiled = await loadCompiled(options);
  const dir = packageDir(trivialModel);
  try {
    benchLog('models: cold starts of a js replica (10, one after the other)');
    const coldStart = await coldStarts(compiled, dir);
    benchLog(`models: cold start p50 ${coldStart.p50Ms.toFixed(1)} ms (${coldStart.startsMs.join(', ')})`);
    const cpuDir = packageDir(cpuModel);
    const measured = [
      ...(await throughput(compiled, 'trivial', dir, options.durationSeconds)),
      ...(await throughput(compiled, 'cpu ≈0.3 ms', cpuDir, options.durationSeconds)),
    ];
    rmSync(cpuDir, { recursive: true, force: true });
    benchLog('models: step load 1 → 64 callers against workload_size Small (4 ms model)');
    const step = await stepLoad(compiled, 4);
    benchLog(`models: queue wait back under ${step.targetQueueWaitMs} ms after ${step.recoveredAfterMs ?? 'never'} ms; replicas ${step.replicasBefore} → ${step.replicasAfter}`);
    return { coldStart, throughput: measured, stepLoad: step };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatModelsMarkdown(result: ModelsSuiteResult): string {
  const lines = [
    `| figure | value |`,
    `|---|---|`,
    `| js replica cold start, p50 of 10 (p90) | ${result.coldStart.p50Ms.toFixed(1)} ms (${result.coldStart.p90Ms.toFixed(1)} ms) |`,
  ];
  for (const shape of result.throughput) {
    lines.push(
      `| ${shape.model} js model, 64 callers, pool ${shape.name} vs in-process | ${shape.poolPerSecond} vs ${shape.inProcessPerSecond} calls/s (${shape.ratio}×; ` +
        `${shape.poolMicrosPerCall} vs ${shape.inProcessMicrosPerCall} µs per call) |`,
    );
  }
  const step = result.stepLoad;
  lines.push(
    `| step 1 → 64 callers, Small, ${step.serviceMs} ms model: queue wait p90 back under ${step.targetQueueWaitMs} ms after | ${step.recoveredAfterMs ?? 'never'} ms (first window p90 ${step.firstWindowP90Ms} ms; after: ${step.p90AfterRecoveryMs} ms) |`,
    `| replicas before → after the step (scale events, ms after the step) | ${step.replicasBefore} → ${step.replicasAfter} (${step.scaleEvents.map((event) => `${event.replicas} at ${event.atMs}`).join(', ')}) |`,
  );
  return lines.join('\n');
}
