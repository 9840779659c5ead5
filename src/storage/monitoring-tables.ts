import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the monitoring tables (migration 004): rollups, descriptors, monitors, evaluation scores, feedback
 * and review, alerting, leases. Same conventions as tables.ts.
 */
/** Per-minute aggregates of one series on one instance; readers merge instances. JSON columns are objects. */
export interface RollupMinutesTable {
  endpoint_name: string;
  /** '' when no entity served the call (rejected before routing). */
  served_entity_name: string;
  /** '' when unknown. */
  model_version: string;
  /** Start of the minute, ms since the epoch. */
  minute: number;
  instance_id: string;
  request_count: number;
  error_count: number;
  /** JSON {error_code: count}. */
  errors_by_code: string;
  /** JSON of a mergeable histogram (see monitoring/rollups). */
  latency_hist: string;
  ttft_hist: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  guardrail_triggers: number;
  /** JSON {guardrail: count} of flag/block/mask verdicts. */
  guardrails_by_name: string;
  feedback_positive: number;
  feedback_negative: number;
  rating_sum: number;
  rating_count: number;
  updated_at: number;
}

/** Text descriptors and per-call quality scores of a captured call (computed after capture, from masked text). */
export interface CallDescriptorsTable {
  request_id: string;
  endpoint_name: string;
  endpoint_id: string | null;
  served_entity_name: string | null;
  model_version: string | null;
  request_time: number;
  status_code: number;
  /** JSON {name: number | string | boolean | null}. */
  descriptors: string;
  /** JSON number array, or null. */
  prompt_embedding: string | null;
  response_embedding: string | null;
}

export interface MonitorsTable {
  id: string;
  endpoint_name: string;
  name: string;
  /** drift | quality */
  kind: string;
  /** JSON of the monitor's validated config. */
  config: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  last_run_at: number | null;
}

/** Rows of an uploaded reference dataset (JSON object each). */
export interface MonitorReferenceRowsTable {
  monitor_id: string;
  row_index: number;
  values: string;
}

export interface MonitorResultsTable {
  id: Generated<number>;
  monitor_id: string;
  endpoint_name: string;
  time: number;
  window_start: number;
  window_end: number;
  share_drifted: number | null;
  /** 0/1; null for quality monitors. */
  drifted: number | null;
  /** JSON: the drift report, or the quality scores of the window. */
  result: string;
}

/** One evaluator score for one call: OpenTelemetry `gen_ai.evaluation.result`. */
export interface EvaluationScoresTable {
  id: Generated<number>;
  request_id: string;
  endpoint_name: string;
  served_entity_name: string | null;
  time: number;
  /** gen_ai.evaluation.name */
  evaluator: string;
  /** gen_ai.evaluation.score.value */
  score_value: number | null;
  /** gen_ai.evaluation.score.label */
  score_label: string | null;
  /** gen_ai.evaluation.explanation */
  explanation: string | null;
  judge_endpoint: string | null;
  cost_usd: number | null;
}

export interface FeedbackTable {
  id: string;
  request_id: string;
  endpoint_name: string;
  endpoint_id: string | null;
  served_entity_name: string | null;
  principal_id: string | null;
  /** up | down | null */
  thumbs: string | null;
  /** 1–5 or null. */
  rating: number | null;
  correction: string | null;
  comment: string | null;
  /** JSON string array; defaults to `[]` when an insert leaves it out. */
  labels: ColumnType<string, string | undefined, string>;
  created_at: number;
}

export interface ReviewItemsTable {
  id: string;
  request_id: string;
  endpoint_name: string;
  endpoint_id: string | null;
  /** JSON array of {source: guardrail | quality | feedback | sample, detail}. */
  reasons: string;
  /** open | claimed | decided */
  status: string;
  /** Principal id of the claim holder (names are unique only per kind). */
  claimed_by: string | null;
  claimed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ReviewDecisionsTable {
  id: Generated<number>;
  item_id: string;
  request_id: string;
  endpoint_name: string;
  /** approve | reject | label | correct */
  decision: string;
  /** JSON string array. */
  labels: string;
  correction: string | null;
  comment: string | null;
  /** Principal id of the reviewer. */
  decided_by: string;
  decided_at: number;
}

export interface AlertRulesTable {
  id: string;
  name: string;
  endpoint_name: string | null;
  /** JSON of the validated rule (secrets replaced by secret references). */
  config: string;
  enabled: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertStatesTable {
  rule_id: string;
  /** '' for an ungrouped rule, else the group's key (e.g. a served entity name). */
  series_key: string;
  /** ok | pending | firing | no_data */
  state: string;
  since: number;
  last_value: number | null;
  last_evaluated_at: number;
  last_notified_at: number | null;
  /** JSON. */
  details: string;
}

export interface AlertEventsTable {
  id: Generated<number>;
  rule_id: string;
  rule_name: string;
  endpoint_name: string | null;
  series_key: string;
  /** pending | firing | renotify | resolved | no_data */
  kind: string;
  from_state: string;
  to_state: string;
  value: number | null;
  threshold: number | null;
  severity: string;
  time: number;
  /** JSON (e.g. the drifted columns). */
  details: string;
}

export interface AlertDeliveriesTable {
  id: string;
  event_id: number;
  rule_id: string;
  /** JSON of the channel without secrets ({kind, name, url host…}). */
  channel: string;
  /** webhook | slack | pagerduty | email */
  kind: string;
  payload: string;
  /** pending | delivered | dead */
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface RemediationActionsTable {
  id: Generated<number>;
  rule_id: string;
  rule_name: string;
  event_id: number | null;
  endpoint_name: string | null;
  /** rollback | shift_traffic | disable | webhook */
  action: string;
  dry_run: number;
  /** applied | dry_run | failed | skipped */
  status: string;
  time: number;
  /** JSON: the values that fired it and what changed. */
  details: string;
}

/** One holder at a time per background loop; a lease not renewed before expires_at may be taken over. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}
