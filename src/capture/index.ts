// STUB — replaced by the capture implementation.
import type { Logger } from 'pino';
import type { CairnConfig } from '../config/index.js';
import type { MetricsRecorder } from '../monitoring/index.js';
import type { Db } from '../storage/index.js';
import type { CaptureRecord, CaptureSink } from './types.js';

export type * from './types.js';

export interface CaptureDependencies {
  db: Db;
  config: Readonly<CairnConfig>;
  metrics: MetricsRecorder;
  logger: Logger;
}

export type CaptureService = CaptureSink;

export function createCapture(_dependencies: CaptureDependencies): CaptureService {
  const records: CaptureRecord[] = [];
  return {
    enqueue: (record) => void records.push(record),
    stats: () => ({ queued: 0, written: records.length, dropped: 0, failedBatches: 0 }),
    flush: async () => {},
    close: async () => {},
  };
}
