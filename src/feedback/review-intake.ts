import type { Logger } from 'pino';
import type { StoredInferenceRow } from '../capture/index.js';
import type { FlagForReviewInput } from './types.js';

/** Endpoint id capture records for calls not authorised on the endpoint they named: they belong to no endpoint. */
const UNATTRIBUTED = '(none)';

/** Names of the guardrails whose verdict on this row flagged or blocked it, from the stored `guardrail_results`. */
export function triggeredGuardrails(guardrailResults: string | null | undefined): string[] {
  if (!guardrailResults) return [];
  let verdicts: unknown;
  try {
    verdicts = JSON.parse(guardrailResults);
  } catch {
    return [];
  }
  if (!Array.isArray(verdicts)) return [];
  const names = new Set<string>();
  for (const verdict of verdicts) {
    const { guardrail, action } = (verdict ?? {}) as { guardrail?: unknown; action?: unknown };
    if (typeof guardrail === 'string' && (action === 'flag' || action === 'block')) names.add(guardrail);
  }
  return [...names];
}

/**
 * Why a freshly captured row goes to review, if at all: guardrails that flagged or blocked it, and random sampling
 * of successful calls at `sampleFraction`. Pure: randomness is injected.
 */
export function intakeFlags(row: StoredInferenceRow, sampleFraction: number, random: () => number): FlagForReviewInput[] {
  const endpointId = row.endpoint_id ?? null;
  if (endpointId === UNATTRIBUTED || !row.request_id || !row.endpoint_name) return [];
  const base = { request_id: row.request_id, endpoint_name: row.endpoint_name, endpoint_id: endpointId };
  const flags: FlagForReviewInput[] = [];
  const guardrails = triggeredGuardrails(row.guardrail_results);
  if (guardrails.length > 0) flags.push({ ...base, source: 'guardrail', detail: { guardrails } });
  const status = Number(row.status_code);
  if (sampleFraction > 0 && status >= 200 && status < 300 && random() < sampleFraction) {
    flags.push({ ...base, source: 'sample', detail: { fraction: sampleFraction } });
  }
  return flags;
}

export interface IntakeQueueOptions {
  /** Writes one batch; may throw (the error is logged and the batch counted as failed). */
  write(flags: readonly FlagForReviewInput[]): Promise<void>;
  logger: Logger;
  /** Flags waiting beyond this are dropped and counted, never queued without bound. */
  capacity?: number;
  batchSize?: number;
}

interface Pending {
  flag: FlagForReviewInput;
  done: () => void;
}

/**
 * The review queue's intake: flags are queued in memory and written in batches on the next turn of the event loop,
 * one batch at a time, so capture's listener and the monitors return at once and a slow database only lengthens
 * the queue. Errors are logged and counted; nothing here ever throws to a caller.
 */
export class IntakeQueue {
  private readonly pending: Pending[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private dropped = 0;
  private failed = 0;
  private readonly capacity: number;
  private readonly batchSize: number;

  constructor(private readonly options: IntakeQueueOptions) {
    this.capacity = options.capacity ?? 10_000;
    this.batchSize = options.batchSize ?? 200;
  }

  /** Queues a flag; the promise resolves once it is written (or dropped, or its batch failed). */
  push(flag: FlagForReviewInput): Promise<void> {
    if (this.closed || this.pending.length >= this.capacity) {
      this.dropped += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.pending.push({ flag, done: resolve });
      this.schedule();
    });
  }

  stats(): { queued: number; dropped: number; failed: number } {
    return { queued: this.pending.length, dropped: this.dropped, failed: this.failed };
  }

  /** Resolves when everything queued so far is written. */
  async flush(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      this.schedule();
      await this.running;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.running || this.pending.length === 0) return;
    this.running = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).finally(() => {
      this.running = undefined;
      if (this.pending.length > 0) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      try {
        await this.options.write(batch.map((entry) => entry.flag));
      } catch (error) {
        this.failed += batch.length;
        this.options.logger.error({ err: error, flags: batch.length }, 'review intake: writing flagged calls failed');
      } finally {
        for (const entry of batch) entry.done();
      }
    }
  }
}
