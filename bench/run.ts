/**
 * `npm run bench`: Cairn (auth + capture on) against a bare undici reverse proxy (the core suite), Cairn's
 * gateway policies off against on, in memory against Redis (the gateway suite), and monitoring off against on
 * with descriptor, drift and rollup-freshness figures (the monitoring suite), all in front of the same fake
 * OpenAI upstream, each in its own process, loaded one after the other by autocannon from this process.
 * BENCH_SUITE picks the suites. See docs/benchmarks.md for what is measured and how to read it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchChild, benchLog, repositoryRoot } from './bench-child.js';
import { type BenchOptions, readBenchOptions, runsSuite } from './bench-options.js';
import {
  type Targets,
  coreTarget,
  countCapturedRows,
  deleteBenchRedisKeys,
  removeDatabases,
  startTargets,
  stopEverything,
  stopTargets,
} from './bench-setup.js';
import { PROMPT_TEXT_BYTES } from './gateway-policy.js';
import { checkGatewayAims, formatGatewayMarkdown, formatGatewayTable, type GatewayScenarioResult } from './gateway-report.js';
import { runGatewayScenarios } from './gateway-suite.js';
import { type CaptureSnapshot, measure } from './measure.js';
import { checkMonitoringAims, formatMonitoringMarkdown, formatMonitoringText, type MonitoringSuiteResult } from './monitoring-report.js';
import { runMonitoringSuite } from './monitoring-suite.js';
import { type AimCheck, checkAims, formatMarkdown, formatTable, type ScenarioResult } from './report.js';
import { combineCaptures, combineRuns, median, pairRound } from './rounds.js';
import { formatModelsMarkdown, type ModelsSuiteResult, runModelsSuite } from './models-suite.js';

/** Measured runs in the whole bench: proxy + Cairn per core scenario; off + on (+ Redis) per gateway scenario; off + on per monitoring scenario. */
function measuredRuns(options: BenchOptions): number {
  const core = runsSuite(options, 'core') ? options.scenarios.length * 2 : 0;
  const gatewayScenarios = options.scenarios.length + options.gatewayLatencyScenarios.length;
  const gateway = runsSuite(options, 'gateway') ? gatewayScenarios * (options.redisUrl ? 3 : 2) : 0;
  const monitoring = runsSuite(options, 'monitoring') ? 2 * 2 : 0;
  return (core + gateway + monitoring) * options.rounds;
}

function installGuards(options: BenchOptions): NodeJS.Timeout {
  const perRunSeconds = options.durationSeconds + options.warmupSeconds + options.waitIdleSeconds + 40;
  // The monitoring suite adds its descriptor and drift benches, the freshness run and the descriptor backlog waits.
  const monitoringExtraMs = runsSuite(options, 'monitoring') ? (options.lagDurationSeconds + 600) * 1000 : 0;
  // The models suite: a build, 10 cold starts, three throughput runs and a 20 s step load.
  const modelsExtraMs = runsSuite(options, 'models') ? (options.durationSeconds * 3 + 300) * 1000 : 0;
  const budgetMs = measuredRuns(options) * (options.retries + 1) * perRunSeconds * 1000 + 300_000 + monitoringExtraMs + modelsExtraMs;
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${Math.round(budgetMs / 1000)} s; giving up`);
    void stopEverything().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, stopping`);
      void stopEverything().finally(() => process.exit(130));
    });
  }
  return watchdog;
}

async function runScenarios(options: BenchOptions, targets: Targets): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of options.scenarios) {
    await targets.upstream.call('mode', scenario.delayMs > 0 ? { kind: 'delay', ms: scenario.delayMs } : { kind: 'ok' });
    const rounds = [];
    const captures = [];
    for (let round = 1; round <= options.rounds; round++) {
      const proxy = await measure(options, targets, coreTarget(targets, 'proxy', scenario.stream), scenario, round);
      const cairn = await measure(options, targets, coreTarget(targets, 'cairn', scenario.stream), scenario, round);
      const pair = pairRound(proxy.run, cairn.run);
      rounds.push(pair);
      captures.push(cairn.capture!);
      benchLog(
        `${scenario.name}, round ${round}/${options.rounds}: proxy ${proxy.run.load.requestsPerSecond.toFixed(0)} req/s p99 ${proxy.run.load.latencyMs.p99.toFixed(1)} ms; ` +
          `cairn ${cairn.run.load.requestsPerSecond.toFixed(0)} req/s p99 ${cairn.run.load.latencyMs.p99.toFixed(1)} ms (${pair.throughputRatio.toFixed(2)}×)`,
      );
    }
    const ratios = rounds.map((round) => round.throughputRatio);
    const addedP99 = rounds.map((round) => round.addedP99Ms);
    results.push({
      name: scenario.name,
      stream: scenario.stream,
      upstreamDelayMs: scenario.delayMs,
      rounds,
      proxy: combineRuns(rounds.map((round) => round.proxy)),
      cairn: combineRuns(rounds.map((round) => round.cairn)),
      throughputRatio: median(ratios),
      throughputRatioRange: [Math.min(...ratios), Math.max(...ratios)],
      addedP50Ms: median(rounds.map((round) => round.addedP50Ms)),
      addedP99Ms: median(addedP99),
      addedP99Range: [Math.min(...addedP99), Math.max(...addedP99)],
      capture: combineCaptures(captures),
    });
  }
  return results;
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repositoryRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} + uncommitted changes in src/` : commit;
  } catch {
    return 'unknown';
  }
}

interface CaptureTotal {
  received: number;
  rowsInFile: number;
  lost: number;
  dropped: number;
  failedBatches: number;
}

/** The shutdown path a user relies on (what SIGTERM does): drain capture; rows are counted once the process is gone. */
function drain(cairn: BenchChild): Promise<{ received: number; stats: CaptureSnapshot['stats'] }> {
  return cairn.call('drain', undefined, 60_000);
}

function describeCapture(name: string, dialect: string, total: CaptureTotal): string {
  return (
    `Capture over the whole ${name} process life: ${total.received} queries received, ${total.rowsInFile} rows in inference_log (${dialect}) after drain ` +
    `(lost ${total.lost}; queue drops ${total.dropped}, failed batches ${total.failedBatches}).`
  );
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  const watchdog = installGuards(options);
  const runCore = runsSuite(options, 'core');
  const runGateway = runsSuite(options, 'gateway');
  const runMonitoring = runsSuite(options, 'monitoring');
  benchLog(
    `suite ${options.suite}: ${measuredRuns(options)} measured runs (${options.rounds} rounds), ${options.connections} connections, ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per run` +
      (runGateway ? `; gateway prompt ${PROMPT_TEXT_BYTES} bytes of text, limits ${options.redisUrl ? `in memory and on ${options.redisUrl}` : 'in memory only'}` : '') +
      (options.pin ? `; target on CPU ${options.pin.targetCpus}, upstream + load on CPU ${options.pin.loadCpus}` : '; no CPU pinning'),
  );
  const loadBefore = os.loadavg();
  // The core and gateway suites share their targets; the monitoring suite starts its own after they are gone.
  const targets = runCore || runGateway ? await startTargets(options) : undefined;
  const scenarios: ScenarioResult[] = runCore && targets ? await runScenarios(options, targets) : [];
  const gateway: GatewayScenarioResult[] = runGateway && targets ? await runGatewayScenarios(options, targets) : [];

  const drained = targets ? await drain(targets.cairn) : undefined;
  const drainedRedis = targets?.cairnRedis ? await drain(targets.cairnRedis) : undefined;
  if (targets) await stopTargets(targets);
  const captureTotal = async (database: Targets['database'], life: { received: number; stats: CaptureSnapshot['stats'] }): Promise<CaptureTotal> => {
    const rowsInFile = await countCapturedRows(database);
    return { received: life.received, rowsInFile, lost: life.received - rowsInFile, dropped: life.stats.dropped, failedBatches: life.stats.failedBatches };
  };
  const cairnTotal = targets && drained ? await captureTotal(targets.database, drained) : undefined;
  const redisTotal = drainedRedis && targets?.redisDatabase ? await captureTotal(targets.redisDatabase, drainedRedis) : undefined;
  // Counted as they are deleted: keys under the run's prefix prove the limits really went through Redis.
  const redisKeys = targets?.redis ? await deleteBenchRedisKeys() : undefined;
  const monitoring: MonitoringSuiteResult | undefined = runMonitoring ? await runMonitoringSuite(options) : undefined;
  const models: ModelsSuiteResult | undefined = runsSuite(options, 'models') ? await runModelsSuite(options) : undefined;
  await removeDatabases();

  const aims: AimCheck[] = [
    ...(runCore ? checkAims(scenarios, cairnTotal?.lost ?? 0) : []),
    ...(runGateway ? checkGatewayAims(gateway) : []),
    ...(monitoring ? checkMonitoringAims(monitoring) : []),
  ];
  if (!runCore && cairnTotal) aims.push({ aim: 'zero capture rows lost (Cairn)', met: cairnTotal.lost === 0, detail: `${cairnTotal.lost} lost over the whole process life` });
  if (redisTotal) aims.push({ aim: 'zero capture rows lost (Redis-backed Cairn)', met: redisTotal.lost === 0, detail: `${redisTotal.lost} lost over the whole process life` });
  if (runCore) console.log(`\n${formatTable(scenarios)}\n`);
  if (runGateway) console.log(`\nGateway policies (${PROMPT_TEXT_BYTES}-byte prompt):\n${formatGatewayTable(gateway)}\n`);
  if (monitoring) console.log(`\nMonitoring (off vs on):\n${formatMonitoringText(monitoring)}\n`);
  if (models) console.log(`\nModels (js replicas and pools):\n${formatModelsMarkdown(models)}\n`);
  if (targets && cairnTotal) console.log(describeCapture('Cairn', targets.database.dialect, cairnTotal));
  if (redisTotal) console.log(describeCapture('Redis-backed Cairn', targets!.redisDatabase!.dialect, redisTotal));
  if (targets?.redis) console.log(`Redis: ${redisKeys} keys under ${targets.redis.keyPrefix} at the end, deleted.`);
  for (const aim of aims) console.log(`${aim.met ? 'MET    ' : 'NOT MET'}  ${aim.aim}: ${aim.detail}`);

  const output = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()}`,
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
    },
    options: { ...options, resultsDir: path.relative(repositoryRoot, options.resultsDir) },
    scenarios,
    captureTotal: cairnTotal,
    gateway: runGateway
      ? { promptTextBytes: PROMPT_TEXT_BYTES, scenarios: gateway, captureTotalRedis: redisTotal, redisKeysDeleted: redisKeys, markdown: formatGatewayMarkdown(gateway) }
      : undefined,
    monitoring: monitoring ? { ...monitoring, markdown: formatMonitoringMarkdown(monitoring) } : undefined,
    models: models ? { ...models, markdown: formatModelsMarkdown(models) } : undefined,
    aims,
    markdown: runCore ? formatMarkdown(scenarios) : '',
  };
  const outputFile = path.join(options.resultsDir, 'latest.json');
  writeFileSync(outputFile, `${JSON.stringify(output, null, 2)}\n`);
  benchLog(`results written to ${path.relative(process.cwd(), outputFile)}`);
  if (options.cpuProfileDir) {
    benchLog(`Cairn CPU profiles of the measured runs in ${path.relative(process.cwd(), options.cpuProfileDir)} (summarise: node --import tsx bench/profile-summary.ts FILE)`);
  }
  clearTimeout(watchdog);
  if (options.strict && aims.some((aim) => !aim.met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  void stopEverything().finally(() => process.exit(1));
});
