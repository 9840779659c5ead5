import { Worker } from 'node:worker_threads';
import { workerBootstrap, workerModule } from '../../lib/worker-module.js';
import type { BatchResult, RowPayload } from './describe-batch.js';
import type { WorkerRequest, WorkerResponse } from './descriptor-worker.js';


export interface DescriptorWorker {
  describe(rows: RowPayload[], demoEmbeddings: boolean): Promise<{ results: BatchResult[]; elapsedMs: number }>;
  /** False once the thread has died; callers then describe on the main thread. */
  readonly alive: boolean;
  close(): Promise<void>;
}

export function startDescriptorWorker(onError: (error: unknown) => void): DescriptorWorker {
  const worker = new Worker(workerBootstrap, { eval: true, workerData: workerModule(import.meta.url, 'descriptor-worker') });
  worker.unref();
  let alive = true;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: WorkerResponse) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    alive = false;
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };
  worker.on('message', (message: WorkerResponse) => {
    const entry = pending.get(message.id);
    pending.delete(message.id);
    entry?.resolve(message);
  });
  worker.on('error', (error) => {
    onError(error);
    failAll(error instanceof Error ? error : new Error(String(error)));
  });
  worker.on('exit', () => failAll(new Error('descriptor worker exited')));
  return {
    get alive() {
      return alive;
    },
    describe(rows, demoEmbeddings) {
      if (!alive) return Promise.reject(new Error('descriptor worker is not running'));
      const id = nextId++;
      return new Promise<WorkerResponse>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Keep the process alive while a batch is out; unref'd again when idle.
        worker.ref();
        const request: WorkerRequest = { id, rows, demoEmbeddings };
        worker.postMessage(request);
      }).then(
        (response) => {
          if (pending.size === 0) worker.unref();
          return { results: response.results, elapsedMs: response.elapsedMs };
        },
        (error: unknown) => {
          if (pending.size === 0) worker.unref();
          throw error;
        },
      );
    },
    async close() {
      alive = false;
      await worker.terminate();
    },
  };
}
