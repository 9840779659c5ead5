/** Recent queue waits, for the autoscaler's p90: a fixed ring of (time, wait) samples read over a time window. */
export class WaitWindow {
  private readonly at: Float64Array;
  private readonly waits: Float64Array;
  private count = 0;
  private next = 0;

  constructor(
    private readonly windowMs: number,
    capacity = 1024,
  ) {
    this.at = new Float64Array(capacity);
    this.waits = new Float64Array(capacity);
  }

  record(now: number, waitMs: number): void {
    this.at[this.next] = now;
    this.waits[this.next] = waitMs;
    this.next = (this.next + 1) % this.at.length;
    this.count = Math.min(this.count + 1, this.at.length);
  }

  /** Forgets every sample (after a scale-up, waits measured on the old capacity no longer say anything). */
  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  /** p90 of the samples inside the window plus `pending` (waits of calls still queued); null when there are none. */
  p90(now: number, pending: readonly number[] = []): number | null {
    const values = [...pending];
    for (let index = 0; index < this.count; index++) {
      if (now - this.at[index]! <= this.windowMs) values.push(this.waits[index]!);
    }
    if (values.length === 0) return null;
    values.sort((left, right) => left - right);
    return values[Math.min(values.length - 1, Math.ceil(values.length * 0.9) - 1)]!;
  }
}
