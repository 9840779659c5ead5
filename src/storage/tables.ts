import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of every table. Conventions that keep one set of queries valid on SQLite and PostgreSQL:
 * timestamps are integer milliseconds (bigint in PostgreSQL, parsed to number), booleans are 0/1
 * integers, JSON documents are text columns holding JSON, ids are text (UUIDs or names).
 */

export interface RegisteredModelsTable {
  id: string;
  name: string;
  description: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string | null;
}

export interface ModelVersionsTable {
  model_id: string;
  version: number;
  source: string;
  run_id: string;
  run_link: string;
  description: string;
  status: string;
  status_message: string;
  current_stage: string;
  user_id: string | null;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

export interface RegisteredModelTagsTable {
  model_id: string;
  key: string;
  value: string;
}

export interface ModelVersionTagsTable {
  model_id: string;
  version: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasesTable {
  model_id: string;
  alias: string;
  version: number;
}

export type PrincipalKind = 'user' | 'service_principal' | 'group';

export interface PrincipalsTable {
  id: string;
  kind: PrincipalKind;
  /** user name, application id or group display name; unique per kind. */
  name: string;
  display_name: string;
  is_admin: number;
  active: number;
  created_at: number;
}

export interface GroupMembersTable {
  group_id: string;
  member_id: string;
}

export interface TokensTable {
  id: string;
  principal_id: string;
  /** sha256 of the token value, hex. The value itself is never stored. */
  token_hash: string;
  comment: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  created_by: string | null;
}

export interface PermissionsTable {
  /** 'serving-endpoints' | 'registered-models' */
  object_type: string;
  object_id: string;
  principal_id: string;
  /** CAN_VIEW | CAN_QUERY | CAN_MANAGE */
  level: string;
}

export interface SecretScopesTable {
  name: string;
  created_at: number;
}

export interface SecretsTable {
  scope: string;
  key: string;
  /** AES-256-GCM: base64 of iv | tag | ciphertext. */
  ciphertext: string;
  created_at: number;
  updated_at: number;
}

export interface EndpointsTable {
  id: string;
  name: string;
  creator: string | null;
  created_at: number;
  updated_at: number;
  /** JSON array of {key, value}. */
  tags: string;
  /** Version of the config traffic is served from. */
  current_config_version: number;
  /** NOT_UPDATING | IN_PROGRESS | UPDATE_FAILED */
  config_update: string;
  /** Message of the last failed update, if any. */
  config_update_message: string | null;
  /** JSON of the AI-gateway config, when set. */
  ai_gateway: string | null;
  /** JSON {reason, by, at} while a remediation (or an admin) has disabled the endpoint: it answers 503. */
  disabled: string | null;
}

export interface EndpointConfigsTable {
  endpoint_id: string;
  version: number;
  /** JSON of the stored config (served_entities, traffic_config). Secrets appear as references only. */
  config: string;
  created_at: number;
  created_by: string | null;
}

export interface InferenceLogTable {
  request_id: string;
  client_request_id: string | null;
  trace_id: string | null;
  request_time: number;
  /** YYYY-MM-DD in UTC, for partition-style filtering. */
  request_date: string;
  endpoint_name: string;
  config_version: number | null;
  served_entity_id: string | null;
  served_entity_name: string | null;
  model_name: string | null;
  model_version: string | null;
  requester: string | null;
  status_code: number;
  error_code: string | null;
  execution_duration_ms: number;
  ttft_ms: number | null;
  overhead_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  stream: number;
  /** The request body as JSON text (masked, capped). */
  request: string | null;
  /** The response body as JSON text; a streamed response is stored assembled. */
  response: string | null;
  /** JSON array of strings, e.g. ["REQUEST_PAYLOAD_TOO_LARGE"]. */
  logging_error_codes: string;
  /** Id of the endpoint that served the row (names can be reused after a delete); null when not known. */
  endpoint_id: string | null;
  /** Cost of the call in USD from the price table; null when usage tracking is off or the call used nothing. */
  cost_usd: number | null;
  /** 1 when Cairn counted the tokens itself because the provider reported none. */
  usage_estimated: number | null;
  /** JSON array of guardrail verdicts (findings carry types and offsets, never values). */
  guardrail_results: string | null;
  /** JSON array of attempts (retries, fallbacks) when there was more than one. */
  attempts: string | null;
}

export interface GatewayEventsTable {
  id: Generated<number>;
  time: number;
  /** e.g. budget_soft_threshold, budget_exhausted. */
  kind: string;
  endpoint_name: string | null;
  /** JSON object. */
  details: string;
}

export interface ChangeEventsTable {
  seq: Generated<number>;
  topic: string;
  key: string | null;
  created_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  time: number;
  principal_id: string | null;
  action: string;
  object_type: string;
  object_id: string;
  /** JSON object; never secrets. */
  details: string;
}

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

export interface Database {
  registered_models: RegisteredModelsTable;
  model_versions: ModelVersionsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_version_tags: ModelVersionTagsTable;
  registered_model_aliases: RegisteredModelAliasesTable;
  principals: PrincipalsTable;
  group_members: GroupMembersTable;
  tokens: TokensTable;
  permissions: PermissionsTable;
  secret_scopes: SecretScopesTable;
  secrets: SecretsTable;
  endpoints: EndpointsTable;
  endpoint_configs: EndpointConfigsTable;
  inference_log: InferenceLogTable;
  change_events: ChangeEventsTable;
  audit_log: AuditLogTable;
  gateway_events: GatewayEventsTable;
  rollup_minutes: RollupMinutesTable;
  call_descriptors: CallDescriptorsTable;
  monitors: MonitorsTable;
  monitor_reference_rows: MonitorReferenceRowsTable;
  monitor_results: MonitorResultsTable;
  evaluation_scores: EvaluationScoresTable;
  feedback: FeedbackTable;
  review_items: ReviewItemsTable;
  review_decisions: ReviewDecisionsTable;
  alert_rules: AlertRulesTable;
  alert_states: AlertStatesTable;
  alert_events: AlertEventsTable;
  alert_deliveries: AlertDeliveriesTable;
  remediation_actions: RemediationActionsTable;
  leases: LeasesTable;
}
