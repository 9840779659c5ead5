import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type TestDatabase, createTestDatabase } from '../src/storage/test-support/test-databases.js';
import { BenchChild, benchLog, buildCairn, compiledCairnEntry, pinProcess } from './bench-child.js';
import type { BenchOptions } from './bench-options.js';
import { checkTarget, createBenchEndpoint } from './targets.js';

export const UPSTREAM_MODEL = 'fake-model';
export const ENDPOINT = 'bench-chat';
const UPSTREAM_API_KEY = 'sk-bench-upstream-key-0123456789abcdefghijkl';

export type TargetName = 'proxy' | 'cairn';

export interface Targets {
  upstream: BenchChild;
  proxy: BenchChild;
  cairn: BenchChild;
  adminToken: string;
  /** A fresh SQLite file in a temp data dir, or a fresh PostgreSQL database (BENCH_DATABASE). */
  database: TestDatabase;
}

/** The same small chat request for both targets; only the model name differs (endpoint vs upstream model). */
export function requestBody(target: TargetName, stream: boolean): string {
  return JSON.stringify({
    model: target === 'cairn' ? ENDPOINT : UPSTREAM_MODEL,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Say hello to the benchmark in one short sentence.' },
    ],
    max_tokens: 16,
    ...(stream ? { stream: true } : {}),
  });
}

export function requestHeaders(targets: Targets, target: TargetName): Record<string, string> {
  // The proxy replaces the client's token with the upstream key, as Cairn does; same header sizes either way.
  return { 'content-type': 'application/json', authorization: `Bearer ${target === 'cairn' ? targets.adminToken : 'client-token'}` };
}

/** Everything started here, so any error path can take it all down. */
const started: BenchChild[] = [];
let databaseToRemove: TestDatabase | undefined;

/** Error path: kill the children at once; removing the database is best effort. */
export function stopEverything(): void {
  for (const child of started) child.kill();
  void removeDatabase();
}

export async function removeDatabase(): Promise<void> {
  const database = databaseToRemove;
  databaseToRemove = undefined;
  await database?.cleanup().catch((error: unknown) => console.error('could not remove the benchmark database:', error));
}

/** Starts upstream, bare proxy and Cairn (each its own process), creates the endpoint and checks both targets. */
export async function startTargets(options: BenchOptions): Promise<Targets> {
  const logDir = path.join(options.resultsDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const database = await createTestDatabase(options.database);
  if (options.keepDataDir) benchLog(`keeping the data: ${database.dataDir}${database.dialect === 'postgres' ? `, ${database.url}` : ''}`);
  else databaseToRemove = database;
  const adminToken = `bench-admin-${randomBytes(24).toString('hex')}`;
  const pin = options.pin;
  if (pin) pinProcess(process.pid, pin.loadCpus);

  let cairnScript = 'cairn-process.ts';
  if (options.cairnRuntime === 'build') {
    benchLog('compiling Cairn with tsc (bench/tsconfig.cairn-build.json)');
    cairnScript = await buildCairn(path.join(logDir, 'tsc.log'));
  } else if (options.cairnRuntime === 'prebuilt') {
    cairnScript = compiledCairnEntry;
  }

  const start = async (...args: Parameters<typeof BenchChild.start>) => {
    const child = await BenchChild.start(...args);
    started.push(child);
    child.onUnexpectedExit = (code, signal) => {
      console.error(`${child.name} died (code ${code}, signal ${signal}); see ${child.logFile}`);
      stopEverything();
      process.exit(1);
    };
    return child;
  };
  const upstream = await start({ script: 'upstream-process.ts', name: 'upstream', logFile: path.join(logDir, 'upstream.log'), cpus: pin?.loadCpus });
  const upstreamUrl = String(upstream.info.url);
  const proxy = await start({
    script: 'proxy-process.ts',
    name: 'proxy',
    logFile: path.join(logDir, 'proxy.log'),
    env: { BENCH_UPSTREAM_ORIGIN: new URL(upstreamUrl).origin, BENCH_UPSTREAM_API_KEY: UPSTREAM_API_KEY },
    cpus: pin?.targetCpus,
  });
  const cairn = await start({
    script: cairnScript,
    name: 'cairn',
    logFile: path.join(logDir, 'cairn.log'),
    env: {
      BENCH_DATA_DIR: database.dataDir,
      BENCH_DATABASE_URL: database.url,
      BENCH_ADMIN_TOKEN: adminToken,
      BENCH_CAIRN_LOG_LEVEL: options.cairnLogLevel,
      BENCH_CAIRN_CONFIG: options.cairnExtraConfig || '{}',
      BENCH_CAIRN_SQLITE_PRAGMAS: options.cairnSqlitePragmas,
    },
    cpus: pin?.targetCpus,
  });
  benchLog(
    `upstream ${upstreamUrl} (pid ${upstream.pid}), proxy ${String(proxy.info.url)} (pid ${proxy.pid}), cairn ${String(cairn.info.url)} ` +
      `(pid ${cairn.pid}, ${options.cairnRuntime}, ${database.dialect}, log level ${options.cairnLogLevel}${options.cairnExtraConfig ? `, extra config ${options.cairnExtraConfig}` : ''}` +
      `${options.cairnSqlitePragmas ? `, pragmas ${options.cairnSqlitePragmas}` : ''})`,
  );

  await createBenchEndpoint({ cairnUrl: String(cairn.info.url), adminToken, endpoint: ENDPOINT, upstreamUrl, upstreamModel: UPSTREAM_MODEL, upstreamApiKey: UPSTREAM_API_KEY });
  const targets: Targets = { upstream, proxy, cairn, adminToken, database };
  for (const stream of [false, true]) {
    for (const target of ['proxy', 'cairn'] as const) {
      await checkTarget(`${String(targets[target].info.url)}/v1/chat/completions`, requestHeaders(targets, target), requestBody(target, stream), stream);
    }
  }
  benchLog('both targets answer chat completions, JSON and SSE');
  return targets;
}

/** Stops the children gracefully (Cairn drains capture first). */
export async function stopTargets(targets: Targets): Promise<void> {
  for (const child of [targets.cairn, targets.proxy, targets.upstream]) await child.stop();
}

/** Rows in the inference table, read from the database itself after Cairn has exited. */
export async function countCapturedRows(database: TestDatabase): Promise<number> {
  if (database.dialect === 'sqlite') {
    const sqlite = new SQLite(database.url, { readonly: true });
    try {
      return (sqlite.prepare('select count(*) as count from inference_log where endpoint_name = ?').get(ENDPOINT) as { count: number }).count;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('select count(*) as count from inference_log where endpoint_name = $1', [ENDPOINT]);
    return Number(result.rows[0]?.count ?? Number.NaN);
  } finally {
    await client.end();
  }
}
