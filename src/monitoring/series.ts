/**
 * Time series that alert rules read. The rollups (request counts, error rate, latency…) and the drift/quality
 * monitors each provide a SeriesSource; alerting routes a rule to the source that knows its series name.
 */

/** How a window's points become one value (rollup series merge their minutes first, so `avg` of a rate is exact). */
export type SeriesAggregation = 'avg' | 'sum' | 'min' | 'max' | 'last' | 'count';

export interface SeriesQuery {
  /** null: every endpoint (admin rules only). */
  endpointName: string | null;
  /** e.g. `error_rate`, `latency_p95_ms`, `drift.prompt-drift.share_drifted`, `quality.q.relevance`. */
  series: string;
  /** Narrows the series (e.g. `served_entity_name`, `model_version`, `error_code`). */
  filter: Readonly<Record<string, string>>;
  /** Evaluate each group separately (e.g. per served entity); null: one value for the whole filter. */
  groupBy: 'served_entity' | 'model_version' | null;
  /** Window [from, to) in ms since the epoch. */
  from: number;
  to: number;
  aggregation: SeriesAggregation;
}

export interface SeriesValue {
  value: number;
  /** Sample size behind the value (requests, rows), when the source knows it; rules may require a minimum. */
  samples?: number;
  /** Context for notifications, e.g. `{ drifted_columns: [...] }`. Never payloads. */
  details?: Record<string, unknown>;
}

export interface SeriesSource {
  /** True when this source serves the series name (routing). */
  handles(series: string): boolean;
  /** Why a series name (and filter keys) cannot be evaluated, or null when fine — shown to the user as a 400. */
  validate(series: string, filter: Readonly<Record<string, string>>): string | null;
  /** Value per group key ('' when ungrouped); an empty map means no data in the window. */
  evaluate(query: SeriesQuery): Promise<Map<string, SeriesValue>>;
  /** Names (or patterns like `drift.{monitor}.share_drifted`) for docs and error messages. */
  describe(): string[];
}
