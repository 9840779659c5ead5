import type { Generated } from 'kysely';
import type { RollupMinutesTable, CallDescriptorsTable, MonitorsTable, MonitorReferenceRowsTable, MonitorResultsTable, EvaluationScoresTable, FeedbackTable, ReviewItemsTable, ReviewDecisionsTable, AlertRulesTable, AlertStatesTable, AlertEventsTable, AlertDeliveriesTable, RemediationActionsTable, LeasesTable } from './monitoring-tables.js';
import type { ModelPackageArchivesTable, ModelPackagesTable } from './package-tables.js';
import type { RegistryWebhookAttemptsTable, RegistryWebhookDeliveriesTable, RegistryWebhooksTable } from './webhook-tables.js';

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
  model_packages: ModelPackagesTable;
  model_package_archives: ModelPackageArchivesTable;
  registry_webhooks: RegistryWebhooksTable;
  registry_webhook_deliveries: RegistryWebhookDeliveriesTable;
  registry_webhook_attempts: RegistryWebhookAttemptsTable;
}
