/**
 * `npm run bench`: Cairn (auth + capture on) against a bare undici reverse proxy, both in front of the same
 * fake OpenAI upstream, each in its own process, loaded one after the other by autocannon from this
 * process. See docs/benchmarks.md for what is measured and how to read it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchLog, repositoryRoot } from './bench-child.js';
import { type BenchOptions, readBenchOptions } from './bench-options.js';
import { type Targets, countCapturedRows, removeDatabase, startTargets, stopEverything, stopTargets } from './bench-setup.js';
import { type CaptureSnapshot, measure } from './measure.js';
import { checkAims, formatMarkdown, formatTable, type ScenarioResult } from './report.js';
import { combineCaptures, combineRuns, median, pairRound } from './rounds.js';

function installGuards(options: BenchOptions): NodeJS.Timeout {
  const perRunSeconds = options.durationSeconds + options.warmupSeconds + options.waitIdleSeconds + 40;
  const budgetMs = options.scenarios.length * options.rounds * 2 * (options.retries + 1) * perRunSeconds * 1000 + 300_000;
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${Math.round(budgetMs / 1000)} s; giving up`);
    stopEverything();
    process.exit(1);
  }, budgetMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, stopping`);
      stopEverything();
      process.exit(130);
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
      const proxy = await measure(options, targets, 'proxy', scenario.stream, scenario.delayMs, round);
      const cairn = await measure(options, targets, 'cairn', scenario.stream, scenario.delayMs, round);
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

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  const watchdog = installGuards(options);
  benchLog(
    `${options.scenarios.length} scenarios × ${options.rounds} rounds × 2 targets, ${options.connections} connections, ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per run` +
      (options.pin ? `; target on CPU ${options.pin.targetCpus}, upstream + load on CPU ${options.pin.loadCpus}` : '; no CPU pinning'),
  );
  const loadBefore = os.loadavg();
  const targets = await startTargets(options);
  const scenarios = await runScenarios(options, targets);

  // The shutdown path a user relies on (what SIGTERM does): drain capture, then count rows in the file itself.
  const drained = await targets.cairn.call<{ received: number; stats: CaptureSnapshot['stats'] }>('drain', undefined, 60_000);
  await stopTargets(targets);
  const rowsInFile = await countCapturedRows(targets.database);
  await removeDatabase();
  const finalRowsLost = drained.received - rowsInFile;

  const aims = checkAims(scenarios, finalRowsLost);
  console.log(`\n${formatTable(scenarios)}\n`);
  console.log(
    `Capture over the whole Cairn process life: ${drained.received} queries received, ${rowsInFile} rows in inference_log (${targets.database.dialect}) after drain ` +
      `(lost ${finalRowsLost}; queue drops ${drained.stats.dropped}, failed batches ${drained.stats.failedBatches}).`,
  );
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
    captureTotal: { received: drained.received, rowsInFile, lost: finalRowsLost, dropped: drained.stats.dropped, failedBatches: drained.stats.failedBatches },
    aims,
    markdown: formatMarkdown(scenarios),
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
  stopEverything();
  process.exit(1);
});
