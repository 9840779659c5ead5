/** Longest line kept; a model that prints megabytes per line must not grow the buffer without bound. */
const MAX_LINE_CHARS = 4_000;

export type LogStream = 'stdout' | 'stderr' | 'system';

/**
 * The entity's runtime log: the last `capacity` lines, each `ISO-time [source] [stream] text`. Overwrites the
 * oldest line in place, so a chatty model costs a fixed amount of memory.
 */
export class LogRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly clock: () => number,
  ) {}

  /** Appends `text`, one entry per line of it. */
  write(source: string, stream: LogStream, text: string): void {
    const time = new Date(this.clock()).toISOString();
    for (const raw of text.split(/\r?\n/)) {
      if (raw.length === 0 && text.length > 0) continue;
      const line = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw;
      this.push(`${time} [${source}] [${stream}] ${line}`);
    }
  }

  /** The most recent `limit` lines (all by default), oldest first. */
  tail(limit?: number): string[] {
    const ordered = this.lines.length < this.capacity ? [...this.lines] : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
    if (limit === undefined || limit >= ordered.length) return ordered;
    return limit <= 0 ? [] : ordered.slice(ordered.length - limit);
  }

  private push(line: string): void {
    if (this.lines.length < this.capacity) {
      this.lines.push(line);
      return;
    }
    this.lines[this.next] = line;
    this.next = (this.next + 1) % this.capacity;
  }
}
