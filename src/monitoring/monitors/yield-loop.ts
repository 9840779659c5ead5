/**
 * Cooperative yielding for monitor runs. A run reads and compares up to 20,000 rows per side on the main thread,
 * and the SQLite driver is synchronous, so an `await` alone never lets requests in: without these, a run stalled
 * the event loop for seconds. `setImmediate` lets pending I/O callbacks run before the loop continues.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Main-thread work is kept to slices of about this long between yields. */
export const SLICE_MS = 5;

/**
 * A time slicer for loops: `await slicer.tick()` each iteration yields once the slice has run for SLICE_MS. Only
 * when work happens is affected, never what it computes.
 */
export class Slicer {
  private started = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True when the slice is used up (check every few iterations; `performance.now()` is not free). */
  get due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  async tick(): Promise<void> {
    if (!this.due) return;
    await yieldToLoop();
    this.started = performance.now();
  }

  async yield(): Promise<void> {
    await yieldToLoop();
    this.started = performance.now();
  }
}
