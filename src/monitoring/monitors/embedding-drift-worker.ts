import { parentPort } from 'node:worker_threads';
import { compareEmbeddings, type EmbeddingDriftOptions } from '../drift/index.js';
import type { ColumnDrift } from '../drift/index.js';

/**
 * The embedding-drift worker thread: one compareEmbeddings per message (MMD or the domain classifier take
 * 0.1–1 s, too long for the main thread). Vectors arrive packed (see embedding-drift.ts) and are unpacked to the
 * exact arrays the main thread held, so the verdict is the one compareEmbeddings gives there.
 */
export interface PackedVectors {
  values: Float64Array<ArrayBuffer>;
  /** Row i is values[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array<ArrayBuffer>;
}
export interface EmbeddingRequest {
  column: string;
  reference: PackedVectors;
  current: PackedVectors;
  options: EmbeddingDriftOptions;
}
export type EmbeddingResponse = { ok: true; drift: ColumnDrift } | { ok: false; message: string };

export function unpackVectors(packed: PackedVectors): number[][] {
  const rows: number[][] = [];
  for (let index = 0; index + 1 < packed.offsets.length; index++) {
    rows.push(Array.from(packed.values.subarray(packed.offsets[index]!, packed.offsets[index + 1]!)));
  }
  return rows;
}

parentPort?.on('message', (message: EmbeddingRequest) => {
  let response: EmbeddingResponse;
  try {
    response = { ok: true, drift: compareEmbeddings(message.column, unpackVectors(message.reference), unpackVectors(message.current), message.options) };
  } catch (error) {
    response = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
