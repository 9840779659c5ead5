import type { CairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../../providers/index.js';

interface Waiter<T> {
  readonly enqueuedAt: number;
  resolve(value: T): void;
  reject(error: unknown): void;
  cleanup(): void;
}

export interface CallQueueOptions {
  /** Bound on one call's wait; past it the call is rejected with `timeoutError()`. */
  timeoutMs: number;
  clock: () => number;
  timeoutError(waitedMs: number): CairnError;
  /** Told after a waiter left the queue without being served (timeout, abort), so gauges stay true. */
  onLeave(reason: 'timeout' | 'aborted'): void;
}

/**
 * The FIFO of calls waiting for a replica slot. A Set keeps insertion order and removes an aborted waiter in O(1),
 * wherever it stands. The capacity check is the pool's (it needs the queue depth for `Retry-After`).
 */
export class CallQueue<T> {
  private readonly waiters = new Set<Waiter<T>>();

  constructor(private readonly options: CallQueueOptions) {}

  get size(): number {
    return this.waiters.size;
  }

  /** Waits for `shift()` to hand this call a value; rejects on timeout or when `signal` aborts. */
  enqueue(signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
    return new Promise<T>((resolve, reject) => {
      const enqueuedAt = this.options.clock();
      const leave = (reason: 'timeout' | 'aborted', error: unknown): void => {
        if (!this.waiters.delete(waiter)) return;
        waiter.cleanup();
        reject(error);
        this.options.onLeave(reason);
      };
      const onAbort = (): void => leave('aborted', abortErrorFrom(signal));
      const timer = setTimeout(() => leave('timeout', this.options.timeoutError(this.options.clock() - enqueuedAt)), this.options.timeoutMs);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
      const waiter: Waiter<T> = {
        enqueuedAt,
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Takes the oldest waiter out of the queue; the caller hands it a value with `resolve`. */
  shift(): { enqueuedAt: number; resolve(value: T): void } | undefined {
    const head = this.waiters.values().next();
    if (head.done) return undefined;
    const waiter = head.value;
    this.waiters.delete(waiter);
    waiter.cleanup();
    return waiter;
  }

  /** How long each queued call has waited so far, oldest first. */
  waitAges(now: number): number[] {
    return [...this.waiters].map((waiter) => now - waiter.enqueuedAt);
  }

  /** Fails every queued call (the pool closed, or the entity cannot start a replica). */
  rejectAll(error: unknown): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) {
      waiter.cleanup();
      waiter.reject(error);
    }
  }
}
