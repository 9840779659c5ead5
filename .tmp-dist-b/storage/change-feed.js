/**
 * Tells every instance sharing the database that control-plane state changed, so in-memory caches
 * (tokens, permissions, endpoint configs) are refreshed within `pollMs`. Writers call `publish` after
 * committing; each instance polls one indexed `max(seq)` query. Local publishes notify at once.
 */
export class ChangeFeed {
    db;
    pollMs;
    logger;
    lastSeq = 0;
    timer;
    listeners = new Set();
    polling = false;
    constructor(db, pollMs, logger) {
        this.db = db;
        this.pollMs = pollMs;
        this.logger = logger;
    }
    async start() {
        const row = await this.db
            .selectFrom('change_events')
            .select((eb) => eb.fn.max('seq').as('seq'))
            .executeTakeFirst();
        this.lastSeq = Number(row?.seq ?? 0);
        this.timer = setInterval(() => void this.poll(), this.pollMs);
        this.timer.unref();
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /** Records a change for other instances and notifies local listeners synchronously. */
    async publish(topic, key = null) {
        await this.db.insertInto('change_events').values({ topic, key, created_at: Date.now() }).execute();
        this.emit(topic, key);
    }
    emit(topic, key) {
        for (const listener of this.listeners) {
            try {
                listener(topic, key);
            }
            catch (error) {
                this.logger?.error({ err: error, topic }, 'change listener failed');
            }
        }
    }
    /** Fetches events newer than the last seen one; exposed for tests that do not want to wait. */
    async poll() {
        if (this.polling)
            return;
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
                this.emit(row.topic, row.key);
            }
        }
        catch (error) {
            this.logger?.warn({ err: error }, 'change feed poll failed');
        }
        finally {
            this.polling = false;
        }
    }
}
//# sourceMappingURL=change-feed.js.map