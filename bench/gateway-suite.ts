import { benchLog } from './bench-child.js';
import type { BenchOptions } from './bench-options.js';
import { type LoadTarget, type Targets, ENDPOINT, cairnHeaders } from './bench-setup.js';
import type { Comparison, GatewayScenarioResult, PairResult } from './gateway-report.js';
import { gatewayBodies, POLICIES_ENDPOINT } from './gateway-policy.js';
import { measure } from './measure.js';
import type { CaptureCheck, TargetRun } from './report.js';
import { combineCaptures, combineRuns, median } from './rounds.js';

/**
 * The gateway suite: what Cairn's policies cost a request. First the latency scenarios (delay 0, one connection by
 * default: nothing queues, so the added latency is the policies' own work), then the core suite's load scenarios
 * (64 connections: throughput ratio and CPU per request). Per scenario and round, three runs back to back with the
 * same 2 KB prompt: `bench-chat` (no policies), `bench-chat-policies` on the same process (every local input
 * guardrail, capture masking, two rate limits in memory), and the same endpoint on a second Cairn whose limits
 * count in Redis. Policies on is paired with off (what the policies add), Redis with in memory (what sharing the
 * counters adds); each pair saw the same machine, so the per-round differences are the fair figures.
 */

export const GATEWAY_LABELS = { off: 'policies off', on: 'policies on', redis: 'policies on, Redis' } as const;

function gatewayTargets(targets: Targets, stream: boolean): { off: LoadTarget; on: LoadTarget; redis: LoadTarget | undefined } {
  const headers = cairnHeaders(targets.adminToken);
  const target = (label: string, child: LoadTarget['child'], endpoint: string, profileName: string): LoadTarget => {
    const bodyFor = gatewayBodies(endpoint, stream);
    return { label, child, body: bodyFor(0), bodyFor, headers, captures: true, profileName };
  };
  return {
    off: target(GATEWAY_LABELS.off, targets.cairn, ENDPOINT, 'cairn-policies-off'),
    on: target(GATEWAY_LABELS.on, targets.cairn, POLICIES_ENDPOINT, 'cairn-policies-on'),
    redis: targets.cairnRedis ? target(GATEWAY_LABELS.redis, targets.cairnRedis, POLICIES_ENDPOINT, 'cairn-policies-redis') : undefined,
  };
}

export function pairRuns(baseline: TargetRun, variant: TargetRun): PairResult {
  return {
    baseline,
    variant,
    throughputRatio: variant.load.requestsPerSecond / baseline.load.requestsPerSecond,
    addedP50Ms: variant.load.latencyMs.p50 - baseline.load.latencyMs.p50,
    addedP99Ms: variant.load.latencyMs.p99 - baseline.load.latencyMs.p99,
    addedCpuMicrosPerRequest: variant.cpuMicrosPerRequest.target - baseline.cpuMicrosPerRequest.target,
  };
}

/** Medians (and spreads) of paired rounds. */
export function compare(kind: Comparison['kind'], rounds: PairResult[]): Comparison {
  const ratios = rounds.map((round) => round.throughputRatio);
  const addedP99 = rounds.map((round) => round.addedP99Ms);
  return {
    kind,
    baseline: combineRuns(rounds.map((round) => round.baseline)),
    variant: combineRuns(rounds.map((round) => round.variant)),
    rounds,
    throughputRatio: median(ratios),
    throughputRatioRange: [Math.min(...ratios), Math.max(...ratios)],
    addedP50Ms: median(rounds.map((round) => round.addedP50Ms)),
    addedP99Ms: median(addedP99),
    addedP99Range: [Math.min(...addedP99), Math.max(...addedP99)],
    addedCpuMicrosPerRequest: median(rounds.map((round) => round.addedCpuMicrosPerRequest)),
  };
}

function describe(pair: PairResult): string {
  return `${pair.throughputRatio.toFixed(2)}×, p99 ${pair.addedP99Ms >= 0 ? '+' : ''}${pair.addedP99Ms.toFixed(2)} ms, CPU ${pair.addedCpuMicrosPerRequest >= 0 ? '+' : ''}${pair.addedCpuMicrosPerRequest.toFixed(0)} µs/req`;
}

export async function runGatewayScenarios(options: BenchOptions, targets: Targets): Promise<GatewayScenarioResult[]> {
  const results: GatewayScenarioResult[] = [];
  for (const scenario of [...options.gatewayLatencyScenarios, ...options.scenarios]) {
    await targets.upstream.call('mode', scenario.delayMs > 0 ? { kind: 'delay', ms: scenario.delayMs } : { kind: 'ok' });
    const loads = gatewayTargets(targets, scenario.stream);
    const policyRounds: PairResult[] = [];
    const redisRounds: PairResult[] = [];
    const captures: CaptureCheck[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const off = await measure(options, targets, loads.off, scenario, round);
      const on = await measure(options, targets, loads.on, scenario, round);
      const redis = loads.redis ? await measure(options, targets, loads.redis, scenario, round) : undefined;
      for (const measured of [off, on, redis]) if (measured?.capture) captures.push(measured.capture);
      const policies = pairRuns(off.run, on.run);
      policyRounds.push(policies);
      const shared = redis ? pairRuns(on.run, redis.run) : undefined;
      if (shared) redisRounds.push(shared);
      const rate = (run: TargetRun) => `${run.load.requestsPerSecond.toFixed(0)} req/s p99 ${run.load.latencyMs.p99.toFixed(1)} ms`;
      benchLog(
        `gateway ${scenario.name}, round ${round}/${options.rounds}: off ${rate(off.run)}; on ${rate(on.run)} (${describe(policies)})` +
          (redis && shared ? `; Redis ${rate(redis.run)} (vs memory ${describe(shared)})` : ''),
      );
    }
    results.push({
      name: scenario.name,
      kind: options.gatewayLatencyScenarios.includes(scenario) ? 'latency' : 'load',
      stream: scenario.stream,
      upstreamDelayMs: scenario.delayMs,
      connections: scenario.connections ?? options.connections,
      policies: compare('policies', policyRounds),
      redis: redisRounds.length > 0 ? compare('redis', redisRounds) : undefined,
      capture: combineCaptures(captures),
    });
  }
  return results;
}
