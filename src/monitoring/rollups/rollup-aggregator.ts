import type { CallObservation, CallObserver } from '../../capture/index.js';
import type { RollupMinutesTable } from '../../storage/index.js';
import { type RollupFeedback, RollupState } from './rollup-state.js';

export const MINUTE_MS = 60_000;

export function minuteOf(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}

/** One series-minute held in memory: its cumulative state and how much of it storage has. */
export interface RollupEntry {
  readonly endpoint_name: string;
  readonly served_entity_name: string;
  readonly model_version: string;
  readonly minute: number;
  /**
   * The `instance_id` its row is stored under. Normally the instance's id; an entry re-created for a minute this
   * instance already dropped from memory gets a suffix, so its row never overwrites the row already stored.
   */
  readonly instance_id: string;
  readonly state: RollupState;
  /** Bumped on every change; equal to `flushed` when storage holds the current state. */
  changes: number;
  flushed: number;
}

/** Rows to upsert and the change count each stood for, so a successful write can mark exactly that as stored. */
export interface RollupSnapshot {
  rows: RollupMinutesTable[];
  entries: RollupEntry[];
  changes: number[];
}

export interface RollupAggregatorStats {
  live_keys: number;
  /** Observations (calls, feedback) dropped because the live-key cap was reached (storage down for long). */
  dropped: number;
}

export interface RollupAggregatorOptions {
  instanceId: string;
  /** Cap on series-minutes held in memory; beyond it new series-minutes are dropped and counted. */
  maxKeys: number;
  /**
   * How long after a minute ends its entry stays in memory (once stored), so calls that started in it and finish
   * late still update one row instead of adding late rows.
   */
  graceMs: number;
}

type SeriesMap = Map<string, Map<string, Map<string, RollupEntry>>>;

/**
 * The in-memory half of the rollups, fed for every call on the request path: a minute → endpoint → entity →
 * version map of cumulative states (nested maps: no key string is built per call). Pure apart from the clock
 * passed in; the I/O (upserts, timer) lives in `createRollups`.
 */
export class RollupAggregator implements CallObserver {
  private readonly minutes = new Map<number, SeriesMap>();
  private cachedMinute = Number.NaN;
  private cachedSeries: SeriesMap | undefined;
  private live = 0;
  private dropped = 0;
  /** Minutes before this have been dropped from memory once; entries for them are late entries. */
  private sealedBefore = Number.NEGATIVE_INFINITY;
  /** Bumped whenever entries are dropped, so every late entry gets an instance suffix no earlier entry used. */
  private seals = 0;

  constructor(private readonly options: RollupAggregatorOptions) {}

  /** Books one finished call in the minute it started (as the inference table's `request_time`). Never throws. */
  observe(observation: CallObservation): void {
    if (!observation.authorised) return;
    try {
      const record = observation.record;
      const entry = this.entryFor(record.endpoint_name, record.served_entity_name ?? '', record.model_version ?? '', record.request_time);
      if (!entry) return;
      entry.state.addCall(record);
      entry.changes++;
    } catch {
      // A malformed record must not fail a response; the call is simply not counted.
    }
  }

  /** Books feedback in the minute it was given. */
  recordFeedback(feedback: RollupFeedback): void {
    try {
      const entry = this.entryFor(feedback.endpoint_name, feedback.served_entity_name ?? '', feedback.model_version ?? '', feedback.time);
      if (!entry) return;
      entry.state.addFeedback(feedback);
      entry.changes++;
    } catch {
      // Same contract as observe.
    }
  }

  private entryFor(endpoint: string, entity: string, version: string, time: number): RollupEntry | undefined {
    const minute = minuteOf(time);
    if (!Number.isFinite(minute)) return undefined;
    let series = minute === this.cachedMinute ? this.cachedSeries : this.minutes.get(minute);
    let byEntity = series?.get(endpoint);
    let byVersion = byEntity?.get(entity);
    const existing = byVersion?.get(version);
    if (existing) {
      if (minute !== this.cachedMinute) this.remember(minute, series);
      return existing;
    }
    if (this.live >= this.options.maxKeys) {
      this.dropped++;
      return undefined;
    }
    const late = minute < this.sealedBefore;
    const entry: RollupEntry = {
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

  private remember(minute: number, series: SeriesMap | undefined): void {
    this.cachedMinute = minute;
    this.cachedSeries = series;
  }

  /** Every entry in memory, optionally one endpoint's within [fromMinute, toTime). */
  *entries(filter?: { endpointName: string | null; fromMinute: number; to: number }): Iterable<RollupEntry> {
    for (const [minute, series] of this.minutes) {
      if (filter && (minute < filter.fromMinute || minute >= filter.to)) continue;
      for (const [endpoint, byEntity] of series) {
        if (filter && filter.endpointName !== null && endpoint !== filter.endpointName) continue;
        for (const byVersion of byEntity.values()) yield* byVersion.values();
      }
    }
  }

  /** Full cumulative rows of every entry changed since its last successful write. */
  snapshot(now: number): RollupSnapshot {
    const snapshot: RollupSnapshot = { rows: [], entries: [], changes: [] };
    for (const entry of this.entries()) {
      if (entry.changes === entry.flushed) continue;
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
  markStored(snapshot: RollupSnapshot): void {
    for (let k = 0; k < snapshot.entries.length; k++) {
      const entry = snapshot.entries[k] as RollupEntry;
      entry.flushed = Math.max(entry.flushed, snapshot.changes[k] as number);
    }
  }

  /**
   * Drops stored entries of minutes that ended more than `graceMs` before `now`. Entries with unstored changes
   * stay (a failed write is retried with them). Returns how many were dropped.
   */
  seal(now: number): number {
    const cutoff = minuteOf(now - this.options.graceMs) - MINUTE_MS;
    let removed = 0;
    for (const [minute, series] of this.minutes) {
      if (minute > cutoff) continue;
      for (const [endpoint, byEntity] of series) {
        for (const [entity, byVersion] of byEntity) {
          for (const [version, entry] of byVersion) {
            if (entry.changes !== entry.flushed) continue;
            byVersion.delete(version);
            removed++;
          }
          if (byVersion.size === 0) byEntity.delete(entity);
        }
        if (byEntity.size === 0) series.delete(endpoint);
      }
      if (series.size === 0) this.minutes.delete(minute);
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

  stats(): RollupAggregatorStats {
    return { live_keys: this.live, dropped: this.dropped };
  }
}
