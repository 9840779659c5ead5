import type { Logger } from 'pino';
import type { Db } from './open-database.js';

export type ChangeTopic = 'auth' | 'endpoints' | 'registry' | 'secrets';

type Listener = (topic: ChangeTopic, key: string | null) => void;

/**
 * Tells every instance sharing the database that control-plane state changed, so in-memory caches
 * (tokens, permissions, endpoint configs) are refreshed within `pollMs`. Writers call `publish` after
 * committing; each instance polls one indexed `max(seq)` query. Local publishes notify at once.
 */
export class ChangeFeed {
  private lastSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<Listener>();
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly pollMs: number,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<void> {
    const row = await this.db
      .selectFrom('change_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    this.lastSeq = Number(row?.seq ?? 0);
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a change for other instances and notifies local listeners synchronously. */
  async publish(topic: ChangeTopic, key: string | null = null): Promise<void> {
    await this.db.insertInto('change_events').values({ topic, key, created_at: Date.now() }).execute();
    this.emit(topic, key);
  }

  private emit(topic: ChangeTopic, key: string | null): void {
    for (const listener of this.listeners) {
      try {
        listener(topic, key);
      } catch (error) {
        this.logger?.error({ err: error, topic }, 'change listener failed');
      }
    }
  }

  /** Fetches events newer than the last seen one; exposed for tests that do not want to wait. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rows = await this.db
        .selectFrom('change_events')
        .select(['seq', 'topic', 'key'])
        .where('seq', '>', this.lastSeq)
        .orderBy('seq')
        .limit(1000)
        .execute();
      for (const row of rows) {
        this.lastSeq = Math.max(this.lastSeq, Number(row.seq));
        this.emit(row.topic as ChangeTopic, row.key);
      }
    } catch (error) {
      this.logger?.warn({ err: error }, 'change feed poll failed');
    } finally {
      this.polling = false;
    }
  }
}
