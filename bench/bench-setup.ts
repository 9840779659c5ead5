import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type TestDatabase, createTestDatabase } from '../src/storage/test-support/test-databases.js';
import { BenchChild, benchLog, buildCairn, compiledCairnEntry, pinProcess } from './bench-child.js';
import { type BenchOptions, runsSuite } from './bench-options.js';
import { checkRedis, deleteRedisKeys, uniqueBenchKeyPrefix } from './bench-redis.js';
import { ALL_POLICIES, blockedRequestBody, gatewayRequestBody, POLICIES_ENDPOINT } from './gateway-policy.js';
import { checkPoliciesActive, checkTarget, createBenchEndpoint, putAiGateway } from './targets.js';

export const UPSTREAM_MODEL = 'fake-model';
export const ENDPOINT = 'bench-chat';
export const UPSTREAM_API_KEY = 'sk-bench-upstream-key-0123456789abcdefghijkl';

export interface Targets {
  upstream: BenchChild;
  /** The bare proxy; core suite only. */
  proxy: BenchChild | undefined;
  /** Endpoint `bench-chat` (no policies) and, for the gateway suite, `bench-chat-policies`; limits in memory. */
  cairn: BenchChild;
  /** Gateway suite with Redis: a second Cairn, its limits on Redis, with only the policies endpoint. */
  cairnRedis: BenchChild | undefined;
  redis: { url: string; keyPrefix: string } | undefined;
  adminToken: string;
  /** A fresh SQLite file in a temp data dir, or a fresh PostgreSQL database (BENCH_DATABASE). */
  database: TestDatabase;
  /** The Redis-backed Cairn's own database, so neither process's capture writes land in the other's. */
  redisDatabase: TestDatabase | undefined;
}

/** One thing to load: a process, and the request it gets. */
export interface LoadTarget {
  /** How the report names it: `proxy`, `cairn`, `policies off`, … */
  label: string;
  child: BenchChild;
  body: string;
  /** A body per request instead of `body` (see LoadOptions.bodyFor). */
  bodyFor?: (sequence: number) => string;
  headers: Record<string, string>;
  /** A Cairn process: its capture rows are counted around the run. */
  captures: boolean;
  /** Names the CPU profile file of the run (BENCH_CPU_PROF). */
  profileName: string;
}

export function chatUrl(child: BenchChild): string {
  return `${String(child.info.url)}/v1/chat/completions`;
}

export function cairnHeaders(adminToken: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
}

/** The core suite's small chat request body (also the monitoring suite's). */
export function coreChatBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Say hello to the benchmark in one short sentence.' },
    ],
    max_tokens: 16,
    ...(stream ? { stream: true } : {}),
  });
}

/** The core suite's small chat request, the same for both targets; only the model name differs (endpoint vs upstream model). */
export function coreTarget(targets: Targets, name: 'proxy' | 'cairn', stream: boolean): LoadTarget {
  const child = name === 'proxy' ? targets.proxy : targets.cairn;
  if (!child) throw new Error(`the ${name} process was not started`);
  const body = coreChatBody(name === 'cairn' ? ENDPOINT : UPSTREAM_MODEL, stream);
  // The proxy replaces the client's token with the upstream key, as Cairn does; same header sizes either way.
  const headers = name === 'cairn' ? cairnHeaders(targets.adminToken) : { 'content-type': 'application/json', authorization: 'Bearer client-token' };
  return { label: name, child, body, headers, captures: name === 'cairn', profileName: name };
}

/** Everything started here, so any error path can take it all down. */
const started: BenchChild[] = [];
const databasesToRemove: TestDatabase[] = [];
let redisKeysToDelete: { url: string; keyPrefix: string } | undefined;
let stopping: Promise<void> | undefined;

/**
 * Error path (an error, SIGINT/SIGTERM, the watchdog, a child that died): kills the children at once, then removes
 * the databases and the Redis keys, bounded in time so a dead PostgreSQL or Redis cannot hang the exit.
 */
export function stopEverything(): Promise<void> {
  // Several paths can fire at once (a child dies, then the run it served fails): all wait for the one cleanup.
  stopping ??= (async () => {
    for (const child of started) child.kill();
    const cleanup = Promise.all([removeDatabases(), deleteBenchRedisKeys()]);
    await Promise.race([cleanup, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
  })();
  return stopping;
}

export async function removeDatabases(): Promise<void> {
  const databases = databasesToRemove.splice(0);
  await Promise.all(databases.map((database) => database.cleanup().catch((error: unknown) => console.error('could not remove a benchmark database:', error))));
}

/** Deletes the Redis keys of the gateway suite's Redis run; returns how many there were (0 without that run). */
export async function deleteBenchRedisKeys(): Promise<number> {
  const redis = redisKeysToDelete;
  redisKeysToDelete = undefined;
  if (!redis) return 0;
  return deleteRedisKeys(redis.url, redis.keyPrefix).catch((error: unknown) => {
    console.error(`could not delete the benchmark's Redis keys (${redis.keyPrefix}*):`, error);
    return 0;
  });
}

/** The fake OpenAI upstream (bench/upstream-process.ts), in mode `ok`. */
export function startUpstream(options: BenchOptions): Promise<BenchChild> {
  return startChild({ script: 'upstream-process.ts', name: 'upstream', logFile: path.join(benchLogDir(options), 'upstream.log'), cpus: options.pin?.loadCpus });
}

/** A fresh database (removed at the end unless BENCH_KEEP_DATA). */
export async function createDatabase(options: BenchOptions): Promise<TestDatabase> {
  const database = await createTestDatabase(options.database);
  if (options.keepDataDir) benchLog(`keeping the data: ${database.dataDir}${database.dialect === 'postgres' ? `, ${database.url}` : ''}`);
  else databasesToRemove.push(database);
  return database;
}

function wantsCore(options: BenchOptions): boolean {
  return runsSuite(options, 'core');
}

function wantsGateway(options: BenchOptions): boolean {
  return runsSuite(options, 'gateway');
}

export function benchLogDir(options: BenchOptions): string {
  const logDir = path.join(options.resultsDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  return logDir;
}

let cairnEntry: Promise<string> | undefined;

/** What runs Cairn (see BENCH_CAIRN_RUNTIME): compiled once per bench, however many suites start a Cairn. */
export function cairnScript(options: BenchOptions): Promise<string> {
  cairnEntry ??= (async () => {
    if (options.cairnRuntime === 'build') {
      benchLog('compiling Cairn with tsc (bench/tsconfig.cairn-build.json)');
      return buildCairn(path.join(benchLogDir(options), 'tsc.log'));
    }
    return options.cairnRuntime === 'prebuilt' ? compiledCairnEntry : 'cairn-process.ts';
  })();
  return cairnEntry;
}

/** Starts a bench process, registered so every error path kills it; a child that dies unasked stops the bench. */
export async function startChild(...args: Parameters<typeof BenchChild.start>): Promise<BenchChild> {
  const child = await BenchChild.start(...args);
  started.push(child);
  child.onUnexpectedExit = (code, signal) => {
    console.error(`${child.name} died (code ${code}, signal ${signal}); see ${child.logFile}`);
    void stopEverything().finally(() => process.exit(1));
  };
  return child;
}

export interface CairnChildOptions {
  name: string;
  database: TestDatabase;
  adminToken: string;
  /** Merged over BENCH_CAIRN_CONFIG (as JSON) for this process only. */
  extraConfig?: string;
  redis?: { url: string; keyPrefix: string } | undefined;
}

/** One Cairn process on its own database (see cairn-process.ts). */
export async function startCairnChild(options: BenchOptions, cairn: CairnChildOptions): Promise<BenchChild> {
  return startChild({
    script: await cairnScript(options),
    name: cairn.name,
    logFile: path.join(benchLogDir(options), `${cairn.name}.log`),
    env: {
      BENCH_DATA_DIR: cairn.database.dataDir,
      BENCH_DATABASE_URL: cairn.database.url,
      BENCH_ADMIN_TOKEN: cairn.adminToken,
      BENCH_CAIRN_LOG_LEVEL: options.cairnLogLevel,
      BENCH_CAIRN_CONFIG: cairn.extraConfig ?? (options.cairnExtraConfig || '{}'),
      BENCH_CAIRN_SQLITE_PRAGMAS: options.cairnSqlitePragmas,
      BENCH_REDIS_URL: cairn.redis?.url ?? '',
      BENCH_REDIS_KEY_PREFIX: cairn.redis?.keyPrefix ?? '',
    },
    cpus: options.pin?.targetCpus,
  });
}

export function newAdminToken(): string {
  return `bench-admin-${randomBytes(24).toString('hex')}`;
}

/**
 * Starts the upstream, and what the chosen suites load: the bare proxy (core), Cairn (both), and for the gateway
 * suite's Redis run a second Cairn with its own database and limits on Redis. Each is its own process. Creates
 * the endpoints, sets the policies, and checks every target answers before anything is measured.
 */
export async function startTargets(options: BenchOptions): Promise<Targets> {
  const logDir = benchLogDir(options);
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const withRedis = wantsGateway(options) && options.redisUrl !== undefined;
  if (withRedis) await checkRedis(options.redisUrl!);
  const database = await createDatabase(options);
  const redisDatabase = withRedis ? await createDatabase(options) : undefined;
  const adminToken = newAdminToken();
  const pin = options.pin;
  if (pin) pinProcess(process.pid, pin.loadCpus);

  const start = startChild;
  const startCairn = (name: string, database: TestDatabase, redis: { url: string; keyPrefix: string } | undefined) =>
    startCairnChild(options, { name, database, adminToken, redis });
  const upstream = await startUpstream(options);
  const upstreamUrl = String(upstream.info.url);
  const proxy = wantsCore(options)
    ? await start({
        script: 'proxy-process.ts',
        name: 'proxy',
        logFile: path.join(logDir, 'proxy.log'),
        env: { BENCH_UPSTREAM_ORIGIN: new URL(upstreamUrl).origin, BENCH_UPSTREAM_API_KEY: UPSTREAM_API_KEY },
        cpus: pin?.targetCpus,
      })
    : undefined;
  const cairn = await startCairn('cairn', database, undefined);
  let cairnRedis: BenchChild | undefined;
  let redis: Targets['redis'];
  if (withRedis) {
    redis = { url: options.redisUrl!, keyPrefix: uniqueBenchKeyPrefix() };
    // Registered before the process starts: whatever it writes is deleted on every exit path.
    redisKeysToDelete = redis;
    cairnRedis = await startCairn('cairn-redis', redisDatabase!, redis);
    const store = await cairnRedis.call<string>('limitStore');
    if (store !== 'redis') throw new Error(`the Redis-backed Cairn counts its limits in "${store}", not Redis; see ${cairnRedis.logFile}`);
  }
  benchLog(
    `upstream ${upstreamUrl} (pid ${upstream.pid})${proxy ? `, proxy ${String(proxy.info.url)} (pid ${proxy.pid})` : ''}, cairn ${String(cairn.info.url)} ` +
      `(pid ${cairn.pid}, ${options.cairnRuntime}, ${database.dialect}, log level ${options.cairnLogLevel}${options.cairnExtraConfig ? `, extra config ${options.cairnExtraConfig}` : ''}` +
      `${options.cairnSqlitePragmas ? `, pragmas ${options.cairnSqlitePragmas}` : ''})` +
      (cairnRedis ? `, cairn-redis ${String(cairnRedis.info.url)} (pid ${cairnRedis.pid}, limits on ${redis!.url}, key prefix ${redis!.keyPrefix})` : ''),
  );

  const endpoint = { adminToken, upstreamUrl, upstreamModel: UPSTREAM_MODEL, upstreamApiKey: UPSTREAM_API_KEY };
  await createBenchEndpoint({ ...endpoint, cairnUrl: String(cairn.info.url), endpoint: ENDPOINT });
  const policyHosts = wantsGateway(options) ? [cairn, ...(cairnRedis ? [cairnRedis] : [])] : [];
  for (const host of policyHosts) {
    await createBenchEndpoint({ ...endpoint, cairnUrl: String(host.info.url), endpoint: POLICIES_ENDPOINT });
    await putAiGateway(String(host.info.url), adminToken, POLICIES_ENDPOINT, ALL_POLICIES);
  }
  const targets: Targets = { upstream, proxy, cairn, cairnRedis, redis, adminToken, database, redisDatabase };

  for (const stream of [false, true]) {
    if (proxy) {
      for (const name of ['proxy', 'cairn'] as const) {
        const target = coreTarget(targets, name, stream);
        await checkTarget(chatUrl(target.child), target.headers, target.body, stream);
      }
    }
    for (const host of policyHosts) {
      for (const name of [ENDPOINT, POLICIES_ENDPOINT]) {
        if (host === cairnRedis && name === ENDPOINT) continue;
        await checkTarget(chatUrl(host), cairnHeaders(adminToken), gatewayRequestBody(name, stream), stream);
      }
    }
  }
  for (const host of policyHosts) {
    await checkPoliciesActive(chatUrl(host), cairnHeaders(adminToken), gatewayRequestBody(POLICIES_ENDPOINT, false), blockedRequestBody(POLICIES_ENDPOINT));
  }
  benchLog(
    `targets answer chat completions, JSON and SSE${policyHosts.length > 0 ? `; policies in force on ${POLICIES_ENDPOINT} (${policyHosts.length === 2 ? 'in memory and on Redis' : 'in memory'})` : ''}`,
  );
  return targets;
}

/** Stops the children gracefully (Cairn drains capture first). */
export async function stopTargets(targets: Targets): Promise<void> {
  for (const child of [targets.cairn, targets.cairnRedis, targets.proxy, targets.upstream]) await child?.stop();
}

/** Rows in the inference table (every endpoint: the database is the bench's own), read after Cairn has exited. */
export async function countCapturedRows(database: TestDatabase): Promise<number> {
  if (database.dialect === 'sqlite') {
    const sqlite = new SQLite(database.url, { readonly: true });
    try {
      return (sqlite.prepare('select count(*) as count from inference_log').get() as { count: number }).count;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('select count(*) as count from inference_log');
    return Number(result.rows[0]?.count ?? Number.NaN);
  } finally {
    await client.end();
  }
}
