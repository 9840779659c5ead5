import os from 'node:os';
import path from 'node:path';
import { repositoryRoot } from './bench-child.js';

export interface Scenario {
  name: string;
  stream: boolean;
  delayMs: number;
  /** Load connections, when not BENCH_CONNECTIONS (the gateway suite's latency scenarios). */
  connections?: number;
}

/**
 * `core`: Cairn against the bare proxy; `gateway`: Cairn's gateway policies off/on, in memory/on Redis;
 * `monitoring`: descriptor and drift throughput, rollup freshness, monitoring off/on; `all`: every suite.
 */
export type BenchSuite = 'core' | 'gateway' | 'monitoring' | 'models' | 'all';

/** Whether a suite runs under the chosen BENCH_SUITE. */
export function runsSuite(options: Pick<BenchOptions, 'suite'>, suite: Exclude<BenchSuite, 'all'>): boolean {
  return options.suite === 'all' || options.suite === suite;
}

export interface BenchOptions {
  suite: BenchSuite;
  durationSeconds: number;
  warmupSeconds: number;
  /** Before each target's run, wait up to this long for other work on the machine to stop (0: don't). */
  waitIdleSeconds: number;
  /** A run during which other processes used more than this many cores is measured again… */
  maxOtherCores: number;
  /** …at most this many times. */
  retries: number;
  connections: number;
  /** Proxy then Cairn, back to back, this many times per scenario; the report gives medians. */
  rounds: number;
  scenarios: Scenario[];
  /**
   * The gateway suite's latency scenarios, run before `scenarios`: upstream delay 0 with this few connections
   * (BENCH_GATEWAY_LATENCY_CONNECTIONS, default 1), so nothing queues and the added latency is the policies' own.
   */
  gatewayLatencyScenarios: Scenario[];
  /** Monitoring suite: the open-loop rate of the rollup freshness run (BENCH_LAG_RATE, req/s) and its length (BENCH_LAG_DURATION, s). */
  lagRate: number;
  lagDurationSeconds: number;
  cairnLogLevel: string;
  /** Cairn's storage: `sqlite` (the embedded default) or `postgres` (a fresh database on CAIRN_TEST_POSTGRES_URL's server). */
  database: 'sqlite' | 'postgres';
  /**
   * `build`: Cairn compiled by tsc (what `npm start` runs); `prebuilt`: the last such build as it is (for
   * experiments on the compiled output); `tsx`: the TypeScript sources through tsx.
   */
  cairnRuntime: 'build' | 'prebuilt' | 'tsx';
  /** BENCH_CAIRN_CONFIG: extra Cairn config as JSON, for experiments; empty for the recorded figures. */
  cairnExtraConfig: string;
  /** BENCH_CAIRN_SQLITE_PRAGMAS: `;`-separated `name=value` pragmas on Cairn's SQLite connection, for experiments. */
  cairnSqlitePragmas: string;
  /**
   * Redis for the gateway suite's shared-limits run (BENCH_REDIS_URL, default the local one); undefined
   * (`BENCH_REDIS_URL=off`) skips that comparison.
   */
  redisUrl: string | undefined;
  /** CPUs for the process under test and for the upstream + load generator, when pinning is on. */
  pin: { targetCpus: string; loadCpus: string } | undefined;
  cpuProfileDir: string | undefined;
  resultsDir: string;
  keepDataDir: boolean;
  /** Exit 1 when an aim is not met. */
  strict: boolean;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}

/** The knobs, all from the environment (see docs/benchmarks.md). */
export function readBenchOptions(env: NodeJS.ProcessEnv): BenchOptions {
  const delays = (env.BENCH_DELAYS ?? '0,50').split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 0 || value > 10_000) throw new Error(`BENCH_DELAYS must list delays in ms, got "${env.BENCH_DELAYS}"`);
    return value;
  });
  const modes = (env.BENCH_MODES ?? 'json,sse').split(',').map((part) => part.trim());
  for (const mode of modes) if (mode !== 'json' && mode !== 'sse') throw new Error(`BENCH_MODES lists json and/or sse, got "${env.BENCH_MODES}"`);
  const scenarios: Scenario[] = [];
  for (const delayMs of delays) {
    for (const mode of modes) scenarios.push({ name: `${mode.toUpperCase()}, delay ${delayMs} ms`, stream: mode === 'sse', delayMs });
  }
  const suite = env.BENCH_SUITE || 'all';
  if (suite !== 'core' && suite !== 'gateway' && suite !== 'monitoring' && suite !== 'models' && suite !== 'all') {
    throw new Error(`BENCH_SUITE is core, gateway, monitoring, models or all, got "${suite}"`);
  }
  const redisSetting = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisUrl = ['', 'off', '0', 'none'].includes(redisSetting.toLowerCase()) ? undefined : redisSetting;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new Error(`BENCH_REDIS_URL is a redis:// URL or off, got "${redisSetting}"`);
  const latencyConnections = Math.round(positiveNumber(env, 'BENCH_GATEWAY_LATENCY_CONNECTIONS', 1, true));
  const gatewayLatencyScenarios: Scenario[] =
    latencyConnections === 0
      ? []
      : modes.map((mode) => ({
          name: `${mode.toUpperCase()}, ${latencyConnections} conn., delay 0 ms`,
          stream: mode === 'sse',
          delayMs: 0,
          connections: latencyConnections,
        }));
  const runtime = env.BENCH_CAIRN_RUNTIME ?? 'build';
  if (runtime !== 'build' && runtime !== 'prebuilt' && runtime !== 'tsx') throw new Error(`BENCH_CAIRN_RUNTIME is build, prebuilt or tsx, got "${runtime}"`);
  const cairnExtraConfig = env.BENCH_CAIRN_CONFIG ?? '';
  if (cairnExtraConfig !== '') JSON.parse(cairnExtraConfig);
  const database = env.BENCH_DATABASE ?? 'sqlite';
  if (database !== 'sqlite' && database !== 'postgres') throw new Error(`BENCH_DATABASE is sqlite or postgres, got "${database}"`);
  const pin = flag(env, 'BENCH_PIN', false);
  if (pin && os.cpus().length < 2) throw new Error('BENCH_PIN=1 needs at least 2 CPUs');
  const resultsDir = path.join(repositoryRoot, 'bench', 'results');
  return {
    suite,
    durationSeconds: positiveNumber(env, 'BENCH_DURATION', 10),
    warmupSeconds: positiveNumber(env, 'BENCH_WARMUP', 2, true),
    waitIdleSeconds: positiveNumber(env, 'BENCH_WAIT_IDLE', 30, true),
    maxOtherCores: positiveNumber(env, 'BENCH_MAX_OTHER_CORES', 0.1),
    retries: Math.round(positiveNumber(env, 'BENCH_RETRIES', 1, true)),
    connections: Math.round(positiveNumber(env, 'BENCH_CONNECTIONS', 64)),
    rounds: Math.round(positiveNumber(env, 'BENCH_ROUNDS', 3)),
    scenarios,
    gatewayLatencyScenarios,
    lagRate: Math.round(positiveNumber(env, 'BENCH_LAG_RATE', 1000)),
    lagDurationSeconds: positiveNumber(env, 'BENCH_LAG_DURATION', 20),
    cairnLogLevel: env.BENCH_CAIRN_LOG_LEVEL ?? 'warn',
    database,
    cairnRuntime: runtime,
    cairnExtraConfig,
    cairnSqlitePragmas: env.BENCH_CAIRN_SQLITE_PRAGMAS ?? '',
    redisUrl,
    pin: pin ? { targetCpus: '1', loadCpus: '0' } : undefined,
    cpuProfileDir: flag(env, 'BENCH_CPU_PROF', false) ? path.join(resultsDir, 'profiles') : undefined,
    resultsDir,
    keepDataDir: flag(env, 'BENCH_KEEP_DATA', false),
    strict: flag(env, 'BENCH_STRICT', false),
  };
}
