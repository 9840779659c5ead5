import { Worker } from 'node:worker_threads';
import { workerBootstrap, workerModule } from '../../lib/worker-module.js';
import { type ColumnDrift, compareEmbeddings, type EmbeddingDriftOptions } from '../drift/index.js';
import type { EmbeddingRequest, EmbeddingResponse, PackedVectors } from './embedding-drift-worker.js';
import { Slicer } from './yield-loop.js';

/**
 * compareEmbeddings off the main thread. MMD over 500 × 500 vectors takes 0.3–0.4 s and the domain classifier
 * (up to 2,000 per side) longer; on the main thread that is a stall every monitor run. A thread per comparison:
 * monitors run every few seconds at most, and starting a thread (tens of ms, off the main thread) is small next to
 * the test itself. Started like every Cairn worker (lib/worker-module.ts).
 */

/** Vectors into one transferable buffer, in time slices (20,000 × 256 numbers is a visible copy). */
async function packVectors(rows: readonly number[][], slicer: Slicer): Promise<PackedVectors> {
  const offsets = new Uint32Array(rows.length + 1);
  for (let index = 0; index < rows.length; index++) offsets[index + 1] = offsets[index]! + rows[index]!.length;
  const values = new Float64Array(offsets[rows.length]!);
  for (let index = 0; index < rows.length; index++) {
    if (index % 100 === 0) await slicer.tick();
    values.set(rows[index]!, offsets[index]);
  }
  return { values, offsets };
}

function runInWorker(request: EmbeddingRequest): Promise<EmbeddingResponse> {
  return new Promise<EmbeddingResponse>((resolve, reject) => {
    const worker = new Worker(workerBootstrap, { eval: true, workerData: workerModule(import.meta.url, 'embedding-drift-worker') });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (response: EmbeddingResponse) => finish(() => resolve(response)));
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', () => finish(() => reject(new Error('embedding drift worker exited'))));
    worker.postMessage(request, [request.reference.values.buffer, request.reference.offsets.buffer, request.current.values.buffer, request.current.offsets.buffer]);
  });
}

/**
 * compareEmbeddings(column, reference, current, options), computed on a worker thread; the same result (the
 * vectors cross as exact float64). If the thread cannot run (it died or failed to start), the comparison runs
 * here instead, so a run still gets its verdict.
 */
export async function compareEmbeddingsOffThread(
  column: string,
  reference: readonly number[][],
  current: readonly number[][],
  options: EmbeddingDriftOptions,
): Promise<ColumnDrift> {
  const slicer = new Slicer();
  const request: EmbeddingRequest = { column, reference: await packVectors(reference, slicer), current: await packVectors(current, slicer), options };
  let response: EmbeddingResponse;
  try {
    response = await runInWorker(request);
  } catch {
    return compareEmbeddings(column, reference, current, options);
  }
  if (!response.ok) throw new Error(response.message);
  return response.drift;
}
