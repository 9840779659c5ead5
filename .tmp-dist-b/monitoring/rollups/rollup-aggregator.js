import { RollupState } from './rollup-state.js';
export const MINUTE_MS = 60_000;
export function minuteOf(time) {
    return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}
/**
 * The in-memory half of the rollups, fed for every call on the request path: a minute → endpoint → entity →
 * version map of cumulative states (nested maps: no key string is built per call). Pure apart from the clock
 * passed in; the I/O (upserts, timer) lives in `createRollups`.
 */
export class RollupAggregator {
    options;
    minutes = new Map();
    cachedMinute = Number.NaN;
    cachedSeries;
    live = 0;
    dropped = 0;
    /** Minutes before this have been dropped from memory once; entries for them are late entries. */
    sealedBefore = Number.NEGATIVE_INFINITY;
    /** Bumped whenever entries are dropped, so every late entry gets an instance suffix no earlier entry used. */
    seals = 0;
    constructor(options) {
        this.options = options;
    }
    /** Books one finished call in the minute it started (as the inference table's `request_time`). Never throws. */
    observe(observation) {
        if (!observation.authorised)
            return;
        try {
            const record = observation.record;
            const entry = this.entryFor(record.endpoint_name, record.served_entity_name ?? '', record.model_version ?? '', record.request_time);
            if (!entry)
                return;
            entry.state.addCall(record);
            entry.changes++;
        }
        catch {
            // A malformed record must not fail a response; the call is simply not counted.
        }
    }
    /** Books feedback in the minute it was given. */
    recordFeedback(feedback) {
        try {
            const entry = this.entryFor(feedback.endpoint_name, feedback.served_entity_name ?? '', feedback.model_version ?? '', feedback.time);
            if (!entry)
                return;
            entry.state.addFeedback(feedback);
            entry.changes++;
        }
        catch {
            // Same contract as observe.
        }
    }
    entryFor(endpoint, entity, version, time) {
        const minute = minuteOf(time);
        if (!Number.isFinite(minute))
            return undefined;
        let series = minute === this.cachedMinute ? this.cachedSeries : this.minutes.get(minute);
        let byEntity = series?.get(endpoint);
        let byVersion = byEntity?.get(entity);
        const existing = byVersion?.get(version);
        if (existing) {
            if (minute !== this.cachedMinute)
                this.remember(minute, series);
            return existing;
        }
        if (this.live >= this.options.maxKeys) {
            this.dropped++;
            return undefined;
        }
        const late = minute < this.sealedBefore;
        const entry = {
            endpoint_name: endpoint,
            served_entity_name: entity,
            model_version: version,
            minute,
            instance_id: late ? `${this.options.instanceId}~${this.seals}` : this.options.instanceId,
            state: new RollupState(),
            changes: 0,
            flushed: 0,
        };
        if (!series) {
            series = new Map();
            this.minutes.set(minute, series);
        }
        if (!byEntity) {
            byEntity = new Map();
            series.set(endpoint, byEntity);
        }
        if (!byVersion) {
            byVersion = new Map();
            byEntity.set(entity, byVersion);
        }
        byVersion.set(version, entry);
        this.live++;
        this.remember(minute, series);
        return entry;
    }
    remember(minute, series) {
        this.cachedMinute = minute;
        this.cachedSeries = series;
    }
    /** Every entry in memory, optionally one endpoint's within [fromMinute, toTime). */
    *entries(filter) {
        for (const [minute, series] of this.minutes) {
            if (filter && (minute < filter.fromMinute || minute >= filter.to))
                continue;
            for (const [endpoint, byEntity] of series) {
                if (filter && filter.endpointName !== null && endpoint !== filter.endpointName)
                    continue;
                for (const byVersion of byEntity.values())
                    yield* byVersion.values();
            }
        }
    }
    /** Full cumulative rows of every entry changed since its last successful write. */
    snapshot(now) {
        const snapshot = { rows: [], entries: [], changes: [] };
        for (const entry of this.entries()) {
            if (entry.changes === entry.flushed)
                continue;
            snapshot.rows.push({
                endpoint_name: entry.endpoint_name,
                served_entity_name: entry.served_entity_name,
                model_version: entry.model_version,
                minute: entry.minute,
                instance_id: entry.instance_id,
                ...entry.state.toColumns(),
                updated_at: now,
            });
            snapshot.entries.push(entry);
            snapshot.changes.push(entry.changes);
        }
        return snapshot;
    }
    /** After the snapshot's rows committed: they are stored as of the snapshot (later changes stay dirty). */
    markStored(snapshot) {
        for (let k = 0; k < snapshot.entries.length; k++) {
            const entry = snapshot.entries[k];
            entry.flushed = Math.max(entry.flushed, snapshot.changes[k]);
        }
    }
    /**
     * Drops stored entries of minutes that ended more than `graceMs` before `now`. Entries with unstored changes
     * stay (a failed write is retried with them). Returns how many were dropped.
     */
    seal(now) {
        const cutoff = minuteOf(now - this.options.graceMs) - MINUTE_MS;
        let removed = 0;
        for (const [minute, series] of this.minutes) {
            if (minute > cutoff)
                continue;
            for (const [endpoint, byEntity] of series) {
                for (const [entity, byVersion] of byEntity) {
                    for (const [version, entry] of byVersion) {
                        if (entry.changes !== entry.flushed)
                            continue;
                        byVersion.delete(version);
                        removed++;
                    }
                    if (byVersion.size === 0)
                        byEntity.delete(entity);
                }
                if (byEntity.size === 0)
                    series.delete(endpoint);
            }
            if (series.size === 0)
                this.minutes.delete(minute);
        }
        if (removed > 0) {
            this.live -= removed;
            this.seals++;
            this.sealedBefore = Math.max(this.sealedBefore, cutoff + MINUTE_MS);
            this.cachedMinute = Number.NaN;
            this.cachedSeries = undefined;
        }
        return removed;
    }
    stats() {
        return { live_keys: this.live, dropped: this.dropped };
    }
}
//# sourceMappingURL=rollup-aggregator.js.map