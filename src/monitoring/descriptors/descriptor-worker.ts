import { parentPort } from 'node:worker_threads';
import { describeOne, type BatchResult, type RowPayload } from './describe-batch.js';

/**
 * The descriptor worker thread: receives batches of row payloads, answers with their descriptions. Loaded by
 * worker-runner.ts (as .ts through tsx under vitest/tsx, as .js from dist).
 */
export interface WorkerRequest {
  id: number;
  rows: RowPayload[];
  demoEmbeddings: boolean;
}
export interface WorkerResponse {
  id: number;
  results: BatchResult[];
  elapsedMs: number;
}

parentPort?.on('message', (message: WorkerRequest) => {
  const started = performance.now();
  const results = message.rows.map((row) => describeOne(row, message.demoEmbeddings));
  const response: WorkerResponse = { id: message.id, results, elapsedMs: performance.now() - started };
  parentPort?.postMessage(response);
});
