import type { Insertable } from 'kysely';
import type { Logger } from 'pino';
import type { RowsWrittenListener, StoredInferenceRow } from '../../capture/index.js';
import type { CairnConfig } from '../../config/index.js';
import type { Embedder } from '../../gateway/index.js';
import type { CallDescriptorsTable, Db } from '../../storage/index.js';
import type { MetricsRecorder } from '../types.js';
import { applyEmbeddings, type CallDescription, type DescribableRow } from './describe-call.js';
import { describeOne, type BatchResult, type RowPayload } from './describe-batch.js';
import { queryDescriptorRows, writeDescriptorRows, type DescriptorEntry, type DescriptorQuery } from './descriptor-store.js';
import type { DescribedCall, DescribedCallIdentity, DescriptorServiceStats } from './types.js';
import { startDescriptorWorker, type DescriptorWorker } from './worker-runner.js';

export interface DescriptorServiceOptions {
  db: Db;
  config: Readonly<CairnConfig>;
  logger: Logger;
  /** An asynchronous embedder (an embeddings endpoint); the demo embedder (on the describing thread) when absent. */
  embedder?: Embedder;
  metrics?: Pick<MetricsRecorder, 'descriptorRows'>;
  now?: () => number;
  /** Sampling randomness in [0, 1). */
  random?: () => number;
  /** Overrides config.monitoring.descriptors.worker (tests). */
  worker?: boolean;
  /** Overrides the describe step (tests: a row that throws). */
  describe?: (row: RowPayload) => BatchResult;
}

export type DescribedListener = (calls: readonly DescribedCall[]) => void;

export interface DescriptorService {
  /** For `capture.onRowsWritten`: queues rows (bounded), never blocks or throws. */
  listener: RowsWrittenListener;
  /** Registers a callback told of each committed batch of described calls; returns its remover. */
  onDescribed(callback: DescribedListener): () => void;
  start(): void;
  /** Describes and writes everything queued so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): DescriptorServiceStats;
  query(query: DescriptorQuery): Promise<DescriptorEntry[]>;
}

/** Rows described and written together (one worker message, one transaction). */
const BATCH_SIZE = 64;
/** Main-thread mode yields to the event loop after this much work. */
const SLICE_MS = 1;
const EMBED_TIMEOUT_MS = 10_000;
/** At most one warning per this long about dropped rows or failures. */
const WARN_INTERVAL_MS = 10_000;

type QueuedRow = DescribableRow;

function queued(row: StoredInferenceRow): QueuedRow {
  return {
    ...callIdentity(row),
    status_code: Number(row.status_code),
    request: row.request ?? null,
    response: row.response ?? null,
  };
}

/** Names the call as its queued row, its stored descriptor row and the onDescribed payload all do. */
function callIdentity(row: StoredInferenceRow | QueuedRow): DescribedCallIdentity {
  return {
    request_id: row.request_id,
    endpoint_name: row.endpoint_name,
    endpoint_id: row.endpoint_id ?? null,
    served_entity_name: row.served_entity_name ?? null,
    model_version: row.model_version ?? null,
    request_time: Number(row.request_time),
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Text descriptors for captured calls, off the request path: capture hands over committed rows, this queues them
 * (bounded; beyond the bound rows are dropped and counted), describes them in batches on a worker thread (or in
 * ~1 ms slices on the main thread), writes `call_descriptors` one transaction per batch, then tells `onDescribed`.
 */
export function createDescriptorService(options: DescriptorServiceOptions): DescriptorService {
  const { db, logger } = options;
  const settings = options.config.monitoring.descriptors;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const useWorker = options.worker ?? settings.worker;
  const demoEmbeddings = options.embedder === undefined;
  const queue: QueuedRow[] = [];
  const listeners = new Set<DescribedListener>();
  const counts: DescriptorServiceStats = { queued: 0, written: 0, skipped: 0, dropped: 0, failed: 0, describeMs: 0, described: 0, describedOnWorker: 0 };
  let worker: DescriptorWorker | undefined;
  let draining: Promise<void> | undefined;
  let closed = false;
  let lastWarning = 0;

  const count = (outcome: 'written' | 'skipped' | 'dropped' | 'failed', amount: number) => {
    if (amount <= 0) return;
    counts[outcome] += amount;
    options.metrics?.descriptorRows?.(outcome, amount);
  };
  const warn = (message: string, detail: Record<string, unknown>) => {
    const time = now();
    if (time - lastWarning < WARN_INTERVAL_MS) return;
    lastWarning = time;
    logger.warn({ ...detail, stats: { ...counts, queued: queue.length } }, message);
  };

  const describeOnMain = async (rows: readonly QueuedRow[]): Promise<BatchResult[]> => {
    const results: BatchResult[] = [];
    let sliceStart = performance.now();
    for (const row of rows) {
      const started = performance.now();
      results.push(options.describe ? safeDescribe(options.describe, row) : describeOne(row, demoEmbeddings));
      const finished = performance.now();
      counts.describeMs += finished - started;
      if (finished - sliceStart >= SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    return results;
  };

  const describeBatch = async (rows: readonly QueuedRow[]): Promise<BatchResult[]> => {
    if (useWorker && !options.describe) {
      worker ??= startDescriptorWorker((error) => logger.error({ err: error }, 'descriptor worker failed; describing on the main thread'));
      if (worker.alive) {
        try {
          const payloads: RowPayload[] = rows.map((row) => ({ request: row.request ?? null, response: row.response ?? null }));
          const answer = await worker.describe(payloads, demoEmbeddings);
          counts.describeMs += answer.elapsedMs;
          counts.describedOnWorker += answer.results.filter((result) => result.ok).length;
          return answer.results;
        } catch {
          // The thread died (logged by its error handler): this batch and the next ones go on the main thread.
        }
      }
    }
    return describeOnMain(rows);
  };

  /** With an endpoint embedder: one call for the whole batch's texts; on failure the rows keep null embeddings. */
  const embedBatch = async (descriptions: CallDescription[]): Promise<void> => {
    const embedder = options.embedder;
    if (!embedder) return;
    const texts: string[] = [];
    for (const description of descriptions) {
      if (description.prompt_text !== null) texts.push(description.prompt_text);
      if (description.response_text !== null) texts.push(description.response_text);
    }
    if (texts.length === 0) return;
    let vectors: number[][];
    try {
      vectors = await embedder.embed(texts, AbortSignal.timeout(EMBED_TIMEOUT_MS));
    } catch (error) {
      warn('descriptor embeddings failed; rows are written without embeddings', { err: error instanceof Error ? error.message : String(error) });
      return;
    }
    let next = 0;
    for (const description of descriptions) {
      const prompt = description.prompt_text === null ? null : (vectors[next++] ?? null);
      const response = description.response_text === null ? null : (vectors[next++] ?? null);
      applyEmbeddings(description, prompt, response);
    }
  };

  const processBatch = async (rows: QueuedRow[]): Promise<void> => {
    const results = await describeBatch(rows);
    const described: Array<{ row: QueuedRow; description: CallDescription }> = [];
    results.forEach((result, index) => {
      const row = rows[index]!;
      if (result.ok) described.push({ row, description: result.description });
      else {
        count('failed', 1);
        warn('a row could not be described', { request_id: row.request_id, error: result.error });
      }
    });
    // A worker answering with fewer results than rows: the missing ones failed.
    if (results.length < rows.length) count('failed', rows.length - results.length);
    counts.described += described.length;
    await embedBatch(described.map((entry) => entry.description));
    const inserts: Array<Insertable<CallDescriptorsTable>> = described.map(({ row, description }) => ({
      ...callIdentity(row),
      status_code: row.status_code,
      descriptors: JSON.stringify(description.descriptors),
      prompt_embedding: description.prompt_embedding === null ? null : JSON.stringify(description.prompt_embedding),
      response_embedding: description.response_embedding === null ? null : JSON.stringify(description.response_embedding),
    }));
    try {
      await writeDescriptorRows(db, inserts);
    } catch (error) {
      count('failed', inserts.length);
      warn('descriptor rows could not be written', { err: error instanceof Error ? error.message : String(error) });
      return;
    }
    count('written', inserts.length);
    if (listeners.size === 0 || described.length === 0) return;
    const calls: DescribedCall[] = described.map(({ row, description }) => ({
      ...callIdentity(row),
      descriptors: description.descriptors,
    }));
    for (const listener of listeners) {
      try {
        listener(calls);
      } catch (error) {
        logger.error({ err: error }, 'an onDescribed callback failed');
      }
    }
  };

  const drain = (): Promise<void> => {
    if (!draining && queue.length === 0) return Promise.resolve();
    draining ??= (async () => {
      // Start asynchronously: were the queue empty, `finally` would otherwise run before `??=` assigns, leaving a
      // settled promise in `draining` for ever, and `flush()` would spin on it without yielding (a hang seen in CI).
      await Promise.resolve();
      try {
        while (queue.length > 0) {
          const batch = queue.splice(0, BATCH_SIZE);
          try {
            await processBatch(batch);
          } catch (error) {
            count('failed', batch.length);
            warn('a descriptor batch failed', { err: error instanceof Error ? error.message : String(error) });
          }
        }
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  };

  const listener: RowsWrittenListener = (rows) => {
    try {
      let skipped = 0;
      let dropped = 0;
      for (const row of rows) {
        // Failed calls have no answer to describe; unattributed rows belong to no endpoint's statistics.
        if (closed || !settings.enabled || Number(row.status_code) >= 400 || row.endpoint_id === '(none)' || !(random() < settings.sample_fraction)) {
          skipped++;
          continue;
        }
        if (queue.length >= settings.queue_size) {
          dropped++;
          continue;
        }
        queue.push(queued(row));
      }
      count('skipped', skipped);
      count('dropped', dropped);
      if (dropped > 0) warn('descriptor queue full; rows dropped', { dropped });
      if (queue.length > 0 && !draining) setImmediate(() => void drain());
    } catch (error) {
      logger.error({ err: error }, 'descriptor listener failed');
    }
  };

  return {
    listener,
    onDescribed(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    start() {
      // Nothing runs on a timer: work starts when capture hands rows over. The worker starts with the first batch.
    },
    async flush() {
      while (queue.length > 0 || draining) await (draining ?? drain());
    },
    async close() {
      if (closed) return;
      await this.flush();
      closed = true;
      await worker?.close();
    },
    stats: () => ({ ...counts, queued: queue.length }),
    query: (query) => queryDescriptorRows(db, query),
  };
}

function safeDescribe(describe: (row: RowPayload) => BatchResult, row: RowPayload): BatchResult {
  try {
    return describe(row);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'describe failed' };
  }
}
