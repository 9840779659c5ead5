import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Monitoring that acts (issue 5). Every table here is written off the request path.
 * - rollup_minutes: per-minute aggregates, one row per (series, minute, instance) so instances never contend on a
 *   row; readers merge instances (counters add, histograms add bucket by bucket).
 * - call_descriptors: text descriptors and quality scores of a captured call, computed after capture.
 * - monitors / monitor_reference_rows / monitor_results: drift and quality monitors and their time series.
 * - evaluation_scores: LLM-as-judge and other evaluator scores (OpenTelemetry `gen_ai.evaluation.result`).
 * - feedback, review_items, review_decisions: user feedback and the human review queue.
 * - alert_rules / alert_states / alert_events / alert_deliveries / remediation_actions: alerting and what it did.
 * - leases: one instance at a time runs each background loop (alert evaluation, monitors, retention).
 * - endpoints.disabled: set by the "disable" remediation; the endpoint answers 503 while it is set.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { autoIncrement, bigint, double } = context;
  await db.schema.alterTable('endpoints').addColumn('disabled', 'text').execute();

  await db.schema
    .createTable('rollup_minutes')
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('served_entity_name', 'text', (c) => c.notNull())
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('minute', bigint, (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('request_count', bigint, (c) => c.notNull())
    .addColumn('error_count', bigint, (c) => c.notNull())
    .addColumn('errors_by_code', 'text', (c) => c.notNull())
    .addColumn('latency_hist', 'text', (c) => c.notNull())
    .addColumn('ttft_hist', 'text', (c) => c.notNull())
    .addColumn('input_tokens', bigint, (c) => c.notNull())
    .addColumn('output_tokens', bigint, (c) => c.notNull())
    .addColumn('cost_usd', double, (c) => c.notNull())
    .addColumn('guardrail_triggers', bigint, (c) => c.notNull())
    .addColumn('guardrails_by_name', 'text', (c) => c.notNull())
    .addColumn('feedback_positive', bigint, (c) => c.notNull())
    .addColumn('feedback_negative', bigint, (c) => c.notNull())
    .addColumn('rating_sum', double, (c) => c.notNull())
    .addColumn('rating_count', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_minutes_pk', ['endpoint_name', 'served_entity_name', 'model_version', 'minute', 'instance_id'])
    .execute();
  await db.schema.createIndex('rollup_minutes_endpoint_minute').on('rollup_minutes').columns(['endpoint_name', 'minute']).execute();
  await db.schema.createIndex('rollup_minutes_minute').on('rollup_minutes').columns(['minute']).execute();

  await db.schema
    .createTable('call_descriptors')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text')
    .addColumn('served_entity_name', 'text')
    .addColumn('model_version', 'text')
    .addColumn('request_time', bigint, (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('descriptors', 'text', (c) => c.notNull())
    .addColumn('prompt_embedding', 'text')
    .addColumn('response_embedding', 'text')
    .execute();
  // request_id last: a monitor pages a window by (request_time, request_id), so each page is one index range.
  await db.schema.createIndex('call_descriptors_endpoint_time').on('call_descriptors').columns(['endpoint_name', 'request_time', 'request_id']).execute();
  await db.schema.createIndex('call_descriptors_time').on('call_descriptors').columns(['request_time']).execute();

  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addColumn('last_run_at', bigint)
    .addUniqueConstraint('monitors_endpoint_name', ['endpoint_name', 'name'])
    .execute();
  await db.schema
    .createTable('monitor_reference_rows')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('row_index', 'integer', (c) => c.notNull())
    .addColumn('values', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitor_reference_rows_pk', ['monitor_id', 'row_index'])
    .execute();
  await db.schema
    .createTable('monitor_results')
    .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('time', bigint, (c) => c.notNull())
    .addColumn('window_start', bigint, (c) => c.notNull())
    .addColumn('window_end', bigint, (c) => c.notNull())
    .addColumn('share_drifted', double)
    .addColumn('drifted', 'integer')
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitor_results_monitor_time').on('monitor_results').columns(['monitor_id', 'time']).execute();
  await db.schema.createIndex('monitor_results_time').on('monitor_results').columns(['time']).execute();

  await db.schema
    .createTable('evaluation_scores')
    .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('served_entity_name', 'text')
    .addColumn('time', bigint, (c) => c.notNull())
    .addColumn('evaluator', 'text', (c) => c.notNull())
    .addColumn('score_value', double)
    .addColumn('score_label', 'text')
    .addColumn('explanation', 'text')
    .addColumn('judge_endpoint', 'text')
    .addColumn('cost_usd', double)
    .execute();
  await db.schema.createIndex('evaluation_scores_endpoint_time').on('evaluation_scores').columns(['endpoint_name', 'time']).execute();
  await db.schema.createIndex('evaluation_scores_request').on('evaluation_scores').columns(['request_id']).execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text')
    .addColumn('served_entity_name', 'text')
    .addColumn('principal_id', 'text')
    .addColumn('thumbs', 'text')
    .addColumn('rating', 'integer')
    .addColumn('correction', 'text')
    .addColumn('comment', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_request').on('feedback').columns(['request_id']).execute();
  await db.schema.createIndex('feedback_endpoint_time').on('feedback').columns(['endpoint_name', 'created_at']).execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_items_endpoint_status').on('review_items').columns(['endpoint_name', 'status', 'created_at']).execute();
  await db.schema
    .createTable('review_decisions')
    .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('correction', 'text')
    .addColumn('comment', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_decisions_item').on('review_decisions').columns(['item_id']).execute();
  await db.schema.createIndex('review_decisions_endpoint_time').on('review_decisions').columns(['endpoint_name', 'decided_at']).execute();

  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('endpoint_name', 'text')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_states')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', bigint, (c) => c.notNull())
    .addColumn('last_value', double)
    .addColumn('last_evaluated_at', bigint, (c) => c.notNull())
    .addColumn('last_notified_at', bigint)
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_states_pk', ['rule_id', 'series_key'])
    .execute();
  await db.schema
    .createTable('alert_events')
    .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text')
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('value', double)
    .addColumn('threshold', double)
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('time', bigint, (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_events_rule_time').on('alert_events').columns(['rule_id', 'time']).execute();
  await db.schema.createIndex('alert_events_time').on('alert_events').columns(['time']).execute();
  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', bigint, (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', bigint, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('delivered_at', bigint)
    .execute();
  await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('alert_deliveries_rule').on('alert_deliveries').columns(['rule_id', 'created_at']).execute();
  await db.schema
    .createTable('remediation_actions')
    .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('event_id', bigint)
    .addColumn('endpoint_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('time', bigint, (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('remediation_actions_time').on('remediation_actions').columns(['time']).execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .execute();
}
