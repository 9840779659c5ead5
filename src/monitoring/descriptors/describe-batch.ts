import { describeCall, type CallDescription, type DescribableRow } from './describe-call.js';
import { createDescriptorDemoEmbedder, STORED_DEMO_DIMENSIONS } from './embeddings.js';

/** What the describing side (worker or main thread) gets per row: the payload columns only. */
export type RowPayload = Pick<DescribableRow, 'request' | 'response'>;

export type BatchResult = { ok: true; description: CallDescription } | { ok: false; error: string };

let demo: ReturnType<typeof createDescriptorDemoEmbedder> | undefined;

/** One row, isolated: a row that throws yields an error result and the others go on. */
export function describeOne(row: RowPayload, withDemoEmbeddings: boolean): BatchResult {
  try {
    demo ??= withDemoEmbeddings ? createDescriptorDemoEmbedder() : undefined;
    const description = describeCall(row, withDemoEmbeddings && demo ? { embedSync: demo.embedSync, foldTo: STORED_DEMO_DIMENSIONS } : {});
    return { ok: true, description };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : 'describe failed' };
  }
}
