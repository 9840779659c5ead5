import { CairnError } from '../../errors/index.js';

export interface StartRetry {
  baseMs: number;
  maxMs: number;
  /** Failed starts in a row, with no replica running, before the entity is FAILED. */
  failuresBeforeFailed: number;
}

/**
 * A pool's failed replica starts: how many in a row, the last error, whether the entity is FAILED, and the doubling
 * backoff before the next try. The pool asks it whether it may start now and what to tell callers while FAILED.
 */
export class StartBackoff {
  private failures = 0;
  private lastErrorValue: CairnError | null = null;
  private failedValue = false;
  private delayMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly retry: StartRetry) {
    this.delayMs = retry.baseMs;
  }

  get failed(): boolean {
    return this.failedValue;
  }

  get lastError(): CairnError | null {
    return this.lastErrorValue;
  }

  /** A retry is scheduled: no replica may start before it fires. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /** The last start failed and none has succeeded since. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** A start succeeded: everything resets. Returns whether the entity was FAILED until now. */
  succeeded(): boolean {
    const wasFailed = this.failedValue;
    this.failedValue = false;
    this.failures = 0;
    this.lastErrorValue = null;
    this.delayMs = this.retry.baseMs;
    return wasFailed;
  }

  /**
   * A start failed: counts it, schedules `retry` after the backoff (unless one is scheduled) and returns whether the
   * entity just became FAILED (enough failures in a row with no replica running).
   */
  failedWith(error: CairnError, liveReplicas: number, retry: () => void): { becameFailed: boolean; failures: number } {
    this.failures++;
    this.lastErrorValue = error;
    const becameFailed = this.failures >= this.retry.failuresBeforeFailed && liveReplicas === 0 && !this.failedValue;
    if (becameFailed) this.failedValue = true;
    if (this.timer === undefined) {
      const delay = this.delayMs;
      this.delayMs = Math.min(this.retry.maxMs, this.delayMs * 2);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        retry();
      }, delay);
      this.timer.unref();
    }
    return { becameFailed, failures: this.failures };
  }

  /** Why calls fail while no replica can start: a 503 start error keeps its code (e.g. PACKAGE_INTEGRITY_ERROR). */
  failureError(entityName: string): CairnError {
    const cause = this.lastErrorValue;
    const headers = { 'Retry-After': String(Math.ceil(this.delayMs / 1000)) };
    if (cause && cause.status === 503) return new CairnError(cause.code, cause.message, { headers });
    return new CairnError('ENTITY_UNAVAILABLE', `Served entity ${entityName} cannot start a replica: ${cause?.message ?? 'unknown error'}`, { headers });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
