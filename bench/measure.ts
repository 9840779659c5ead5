import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchChild, benchLog } from './bench-child.js';
import type { BenchOptions, Scenario } from './bench-options.js';
import { type LoadTarget, type Targets, chatUrl } from './bench-setup.js';
import type { LoopDelay, ProcessUsage } from './ipc.js';
import { runLoad } from './load.js';
import type { CaptureCheck, TargetRun } from './report.js';
import { waitFor } from './targets.js';

export interface CaptureSnapshot {
  received: number;
  settled: number;
  rowsByStatus: Record<string, number>;
  stats: { queued: number; written: number; dropped: number; failedBatches: number };
}

export interface Measured {
  run: TargetRun;
  /** Cairn only. */
  capture?: CaptureCheck;
}

/** CPU time the whole machine spent busy since boot (Linux /proc/stat; NaN elsewhere), µs. */
function machineBusyMicros(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (USER_HZ = 100): all but idle and iowait is busy.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) * 1_000_000) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits (up to `maxSeconds`) for a second in which the machine is nearly idle — our own processes are idle
 * between runs, so whatever is busy then is someone else's work that would skew the next run.
 */
async function waitForQuietMachine(maxSeconds: number): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  let busyCores = Number.NaN;
  do {
    const before = machineBusyMicros();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    busyCores = (machineBusyMicros() - before) / 1_000_000;
    if (!(busyCores > 0.15)) return;
  } while (Date.now() < deadline);
  benchLog(`machine still busy (${busyCores.toFixed(2)} cores used by other work) after waiting ${maxSeconds} s; measuring anyway`);
}

function sumRows(rowsByStatus: Record<string, number>): number {
  return Object.values(rowsByStatus).reduce((total, count) => total + count, 0);
}

function diffRows(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [status, count] of Object.entries(after)) {
    const delta = count - (before[status] ?? 0);
    if (delta !== 0) result[status] = delta;
  }
  return result;
}

/** Waits until every query Cairn received has finished, then flushes capture and counts rows. */
async function settledCapture(cairn: BenchChild): Promise<CaptureSnapshot> {
  await waitFor('Cairn to finish in-flight queries', 15_000, async () => {
    const traffic = await cairn.call<{ received: number; settled: number }>('traffic');
    return traffic.received === traffic.settled;
  });
  return cairn.call<CaptureSnapshot>('capture', undefined, 30_000);
}

async function measureOnce(options: BenchOptions, targets: Pick<Targets, 'upstream'>, target: LoadTarget, scenario: Scenario, round: number): Promise<Measured> {
  const child = target.child;
  const connections = scenario.connections ?? options.connections;
  const load = { url: chatUrl(child), body: target.body, bodyFor: target.bodyFor, headers: target.headers, connections };
  if (options.waitIdleSeconds > 0) await waitForQuietMachine(options.waitIdleSeconds);
  if (options.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: options.warmupSeconds });
  const before = target.captures ? await settledCapture(child) : undefined;

  const profileFile =
    options.cpuProfileDir && target.captures
      ? path.join(
          options.cpuProfileDir,
          `${target.profileName}-${scenario.stream ? 'sse' : 'json'}-${scenario.delayMs}ms${connections === options.connections ? '' : `-${connections}conn`}-round${round}.cpuprofile`,
        )
      : undefined;
  if (profileFile) await child.call('profileStart');
  const usageBefore = { target: await child.usage(), upstream: await targets.upstream.usage(), self: process.cpuUsage() };
  await child.call('loopDelayReset');
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    child.usage().then(
      (usage) => rssSamples.push(usage.rss),
      () => {},
    );
  }, 1000);
  const machineBefore = machineBusyMicros();
  const startedAt = process.hrtime.bigint();
  let result;
  try {
    result = await runLoad({ ...load, durationSeconds: options.durationSeconds });
  } finally {
    clearInterval(sampler);
  }
  const elapsedMicros = Number(process.hrtime.bigint() - startedAt) / 1000;
  const machineBusy = machineBusyMicros() - machineBefore;
  const self = process.cpuUsage(usageBefore.self);
  const usageAfter: { target: ProcessUsage; upstream: ProcessUsage } = { target: await child.usage(), upstream: await targets.upstream.usage() };
  const loopDelay = await child.call<LoopDelay>('loopDelay');
  if (profileFile) await child.call('profileStop', profileFile, 60_000);
  rssSamples.push(usageAfter.target.rss);

  const targetMicros = usageAfter.target.cpuMicros - usageBefore.target.cpuMicros;
  const upstreamMicros = usageAfter.upstream.cpuMicros - usageBefore.upstream.cpuMicros;
  const answered = Math.max(1, result.ok + result.non2xx);
  const run: TargetRun = {
    target: target.label,
    load: result,
    cpuMicrosPerRequest: { target: targetMicros / answered, upstream: upstreamMicros / answered, loadGenerator: (self.user + self.system) / answered },
    targetCores: targetMicros / elapsedMicros,
    rssMb: { peak: Math.max(...rssSamples) / 2 ** 20, end: usageAfter.target.rss / 2 ** 20 },
    otherCores: Number.isNaN(machineBusy) ? Number.NaN : Math.max(0, (machineBusy - targetMicros - upstreamMicros - self.user - self.system) / elapsedMicros),
    attempt: 1,
    loopDelayMs: loopDelay,
  };
  if (!before) return { run };

  const after = await settledCapture(child);
  const received = after.received - before.received;
  const rowsByStatus = diffRows(after.rowsByStatus, before.rowsByStatus);
  const rowsWritten = sumRows(rowsByStatus);
  return {
    run,
    capture: {
      received,
      rowsWritten,
      lost: received - rowsWritten,
      lostInDiscardedAttempts: 0,
      rowsByStatus,
      droppedByQueue: after.stats.dropped - before.stats.dropped,
    },
  };
}

/**
 * Measures one target once (after an idle gate and a warm-up), again — up to BENCH_RETRIES times — when
 * other work used more than BENCH_MAX_OTHER_CORES during the run; keeps the least disturbed attempt.
 * Rows lost in a discarded attempt still count against capture.
 */
export async function measure(options: BenchOptions, targets: Pick<Targets, 'upstream'>, target: LoadTarget, scenario: Scenario, round: number): Promise<Measured> {
  let best: Measured | undefined;
  let lostInDiscarded = 0;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    const measured = await measureOnce(options, targets, target, scenario, round);
    measured.run.attempt = attempt + 1;
    if (best === undefined || measured.run.otherCores < best.run.otherCores) {
      lostInDiscarded += best?.capture?.lost ?? 0;
      best = measured;
    } else {
      lostInDiscarded += measured.capture?.lost ?? 0;
    }
    if (!(measured.run.otherCores > options.maxOtherCores)) break;
    if (attempt < options.retries) benchLog(`other work used ${measured.run.otherCores.toFixed(2)} cores during the ${target.label} run; measuring again`);
  }
  if (best!.capture) best!.capture.lostInDiscardedAttempts = lostInDiscarded;
  return best!;
}
