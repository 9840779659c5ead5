import type { Logger } from 'pino';
import type { CairnConfig } from '../config/index.js';
import type { MetricsRecorder } from '../monitoring/index.js';
import type { Db } from '../storage/index.js';
import { CaptureWriter } from './capture-writer.js';
import { createInferenceLogReader } from './inference-log-query.js';
import type { CaptureSink, InferenceLogReader, RowsWrittenListener } from './types.js';

export type * from './types.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodePageToken, encodePageToken, type Cursor } from './inference-log-query.js';

export interface CaptureDependencies {
  db: Db;
  config: Readonly<CairnConfig>;
  metrics: MetricsRecorder;
  logger: Logger;
  /** Waits before each retry of a failed batch (default 100, 500, 2000 ms); tests shorten them. */
  retryDelaysMs?: readonly number[];
}

/** The inference table: the batched writer the serving pipeline feeds, and the query API that reads it back. */
export interface CaptureService extends CaptureSink, InferenceLogReader {
  onRowsWritten(listener: RowsWrittenListener): () => void;
}

export function createCapture(dependencies: CaptureDependencies): CaptureService {
  const { db, config, metrics, logger } = dependencies;
  const writer = new CaptureWriter({
    db,
    metrics,
    logger,
    enabled: config.capture.enabled,
    queueSize: config.capture.queue_size,
    batchSize: config.capture.batch_size,
    flushIntervalMs: config.capture.flush_interval_ms,
    row: { maskPii: config.capture.mask_pii, maxPayloadBytes: config.capture.max_payload_bytes },
    ...(dependencies.retryDelaysMs ? { retryDelaysMs: dependencies.retryDelaysMs } : {}),
  });
  const reader = createInferenceLogReader(db);
  return {
    enqueue: (record) => writer.enqueue(record),
    onRowsWritten: (listener) => writer.onRowsWritten(listener),
    stats: () => writer.stats(),
    flush: () => writer.flush(),
    close: () => writer.close(),
    query: (filters) => reader.query(filters),
    get: (requestId) => reader.get(requestId),
  };
}
