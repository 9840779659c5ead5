import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { type CairnConfigInput, configFrom } from '../src/config/index.js';
import { serveParent } from './ipc.js';

/**
 * Cairn as a production user runs it — auth on, capture on (defaults: batched writer, PII masking),
 * a fresh database (SQLite by default) — in its own process. The only additions are counters on the raw Node
 * server, so the benchmark knows how many queries Cairn received without trusting capture to say so.
 */

const dataDir = process.env.BENCH_DATA_DIR;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const adminToken = process.env.BENCH_ADMIN_TOKEN;
if (!dataDir || !databaseUrl || !adminToken) throw new Error('BENCH_DATA_DIR, BENCH_DATABASE_URL and BENCH_ADMIN_TOKEN are required');
const logLevel = (process.env.BENCH_CAIRN_LOG_LEVEL ?? 'warn') as NonNullable<CairnConfigInput['logging']>['level'];

// For experiments only (e.g. what PII masking costs): extra config merged over the benchmark's, as JSON.
const extra = JSON.parse(process.env.BENCH_CAIRN_CONFIG ?? '{}') as CairnConfigInput;

// The gateway suite's Redis run: limits shared through Redis (what CAIRN_REDIS_URL sets), under a prefix of its own.
const redisUrl = process.env.BENCH_REDIS_URL || undefined;
const redisKeyPrefix = process.env.BENCH_REDIS_KEY_PREFIX || undefined;
if (redisUrl && !redisKeyPrefix) throw new Error('BENCH_REDIS_URL needs BENCH_REDIS_KEY_PREFIX (the bench deletes its keys afterwards)');

const app = await createApp(
  configFrom({
    ...extra,
    data_dir: dataDir,
    database_url: databaseUrl,
    admin_token: adminToken,
    server: { ...extra.server, host: '127.0.0.1', port: 0 },
    logging: { level: logLevel },
    demo: { deploy: false },
    ...(redisUrl ? { redis_url: redisUrl, gateway: { ...extra.gateway, redis_key_prefix: redisKeyPrefix } } : {}),
  }),
);

// For experiments only: PRAGMAs run on Cairn's SQLite connection after start (e.g. `wal_autocheckpoint=0`).
for (const pragma of (process.env.BENCH_CAIRN_SQLITE_PRAGMAS ?? '').split(';').filter((text) => text.trim() !== '')) {
  if (!/^\s*\w+\s*=\s*\w+\s*$/.test(pragma)) throw new Error(`BENCH_CAIRN_SQLITE_PRAGMAS: not a simple pragma: ${pragma}`);
  if (app.services.storage.dialect === 'sqlite') await sql.raw(`PRAGMA ${pragma}`).execute(app.services.storage.db);
}

let received = 0;
let settled = 0;
app.server.server.on('request', (request, response) => {
  if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return;
  received++;
  response.once('close', () => settled++);
});

const url = await app.listen();
const { db } = app.services.storage;
const { capture } = app.services;

async function rowsByStatus(): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('inference_log')
    .select(['status_code', db.fn.countAll<number>().as('count')])
    .groupBy('status_code')
    .execute();
  return Object.fromEntries(rows.map((row) => [String(row.status_code), Number(row.count)]));
}

// CPU profiling of chosen windows only (the measured runs), not of start-up and module loading.
let profiler: Session | undefined;

serveParent(
  {
    url,
    dataDir,
    dialect: app.services.storage.dialect,
    logLevel,
    extraConfig: extra,
    sqlitePragmas: process.env.BENCH_CAIRN_SQLITE_PRAGMAS ?? '',
    limitStore: app.services.gateway.storeMode(),
  },
  {
    profileStart: async () => {
      profiler ??= new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
    },
    profileStop: async (payload) => {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      writeFileSync(String(payload), JSON.stringify(profile));
    },
    /** Where rate limits count: `memory`, `redis`, or `redis-degraded` (Redis configured but not reachable). */
    limitStore: () => app.services.gateway.storeMode(),
    /** Queries received and finished so far (the parent waits for `settled === received` after a run). */
    traffic: () => ({ received, settled }),
    /** Flushes the capture queue, then counts what reached the inference table. */
    capture: async () => {
      await capture.flush();
      return { received, settled, rowsByStatus: await rowsByStatus(), stats: capture.stats() };
    },
    /**
     * Requests of an endpoint persisted in rollup_minutes, summed over minutes and instances: what another
     * instance (or the metrics API of one) sees once this instance has flushed (the monitoring suite's freshness lag).
     */
    rollupCount: async (payload) => {
      const row = await db
        .selectFrom('rollup_minutes')
        .select(db.fn.sum<number | string | null>('request_count').as('total'))
        .where('endpoint_name', '=', String(payload))
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },
    /** Descriptor queue counters (written, skipped, dropped when the bounded queue is full) and rollup flush counters. */
    monitoringStats: () => ({ descriptors: app.services.descriptors.stats(), rollups: app.services.rollups.stats() }),
    /** The graceful shutdown path (SIGTERM does the same): stop serving, drain capture, close storage. */
    drain: async () => {
      await app.close();
      return { received, settled, stats: capture.stats() };
    },
  },
  () => app.close(),
);
