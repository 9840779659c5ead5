import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../config/index.js';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { useSuiteDatabase } from '../test-support.js';
import { createRetentionSweeper } from './retention-sweeper.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
const logger = pino({ level: 'silent' });

describe.each(testDialects)('retention sweeper on %s', (dialect) => {
  const suite = useSuiteDatabase(dialect);

  async function seed(): Promise<void> {
    const db = suite.storage.db;
    for (const table of ['inference_log', 'call_descriptors', 'rollup_minutes', 'alert_deliveries', 'alert_events', 'feedback', 'leases'] as const) {
      await db.deleteFrom(table).execute();
    }
    // Raw rows: 7 older than 30 days, 2 newer (one just inside the cut).
    const rawTimes = [...Array.from({ length: 7 }, (_, k) => NOW - 31 * DAY - k * 1000), NOW - 30 * DAY + 1, NOW - DAY];
    for (const [k, time] of rawTimes.entries()) {
      await db
        .insertInto('inference_log')
        .values({
          request_id: `r${k}`, client_request_id: null, trace_id: null, request_time: time, request_date: '2025-01-01', endpoint_name: 'ep',
          config_version: 1, served_entity_id: null, served_entity_name: null, model_name: null, model_version: null, requester: null,
          status_code: 200, error_code: null, execution_duration_ms: 1, ttft_ms: null, overhead_ms: null, input_tokens: null,
          output_tokens: null, stream: 0, request: null, response: null, logging_error_codes: '[]', endpoint_id: null, cost_usd: null,
          usage_estimated: null, guardrail_results: null, attempts: null,
        })
        .execute();
      await db
        .insertInto('call_descriptors')
        .values({ request_id: `r${k}`, endpoint_name: 'ep', endpoint_id: null, served_entity_name: null, model_version: null, request_time: time, status_code: 200, descriptors: '{}', prompt_embedding: null, response_embedding: null })
        .execute();
    }
    await db
      .insertInto('feedback')
      .values([NOW - 40 * DAY, NOW].map((time, k) => ({ id: `f${k}`, request_id: `r${k}`, endpoint_name: 'ep', endpoint_id: null, served_entity_name: null, principal_id: null, thumbs: 'up', rating: null, correction: null, comment: null, created_at: time })))
      .execute();
    // History: rollups kept 400 days.
    for (const [k, minute] of [NOW - 401 * DAY, NOW - 500 * DAY, NOW - 399 * DAY, NOW - 31 * DAY].entries()) {
      await db
        .insertInto('rollup_minutes')
        .values({
          endpoint_name: 'ep', served_entity_name: '', model_version: '', minute, instance_id: `i${k}`, request_count: 1, error_count: 0, errors_by_code: '{}',
          latency_hist: '{}', ttft_hist: '{}', input_tokens: 0, output_tokens: 0, cost_usd: 0, guardrail_triggers: 0, guardrails_by_name: '{}',
          feedback_positive: 0, feedback_negative: 0, rating_sum: 0, rating_count: 0, updated_at: minute,
        })
        .execute();
    }
    for (const [k, status] of ['delivered', 'dead', 'pending'].entries()) {
      await db
        .insertInto('alert_deliveries')
        .values({ id: `d${k}`, event_id: 1, rule_id: 'r', channel: '{}', kind: 'webhook', payload: '{}', status, attempts: 1, next_attempt_at: 0, last_error: null, created_at: NOW - 401 * DAY, delivered_at: null })
        .execute();
    }
  }

  const sweeperWith = (retention: Record<string, number>, holder = 'i1') =>
    createRetentionSweeper({
      db: suite.storage.db,
      dialect,
      config: configFrom({ monitoring: { retention: { raw_days: 30, rollup_days: 400, batch_size: 3, ...retention } } }),
      logger,
      holder,
      now: () => NOW,
    });

  it('deletes rows older than the cut in bounded batches and keeps the newer ones', async () => {
    await seed();
    const sweeper = sweeperWith({});
    const run = await sweeper.runOnce();
    expect(run?.deleted).toEqual({ inference_log: 7, call_descriptors: 7, feedback: 1, rollup_minutes: 2, alert_deliveries: 2 });
    // 7 rows at 3 a statement: 3 + 3 + 1 → three statements each; every other table one; 12 tables in all.
    expect(run?.statements).toBe(3 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1);
    const ids = await suite.storage.db.selectFrom('inference_log').select('request_id').orderBy('request_id').execute();
    expect(ids.map((row) => row.request_id)).toEqual(['r7', 'r8']);
    expect(await suite.storage.db.selectFrom('call_descriptors').select('request_id').orderBy('request_id').execute()).toEqual([{ request_id: 'r7' }, { request_id: 'r8' }]);
    expect((await suite.storage.db.selectFrom('rollup_minutes').select('instance_id').orderBy('instance_id').execute()).map((row) => row.instance_id)).toEqual(['i2', 'i3']);
    // A delivery still pending is never deleted, however old.
    expect(await suite.storage.db.selectFrom('alert_deliveries').select('id').execute()).toEqual([{ id: 'd2' }]);
    expect(sweeper.stats()).toMatchObject({ runs: 1, rows_deleted: 19, rows_deleted_by_table: { inference_log: 7 } });
    // Nothing left to do: one statement per table.
    expect((await sweeper.runOnce())?.statements).toBe(12);
    await sweeper.close();
  });

  it('keeps everything of a tier set to 0 (forever)', async () => {
    await seed();
    const sweeper = sweeperWith({ raw_days: 0 });
    const run = await sweeper.sweep();
    expect(run.deleted).toEqual({ rollup_minutes: 2, alert_deliveries: 2 });
    expect(await suite.storage.db.selectFrom('inference_log').select('request_id').execute()).toHaveLength(9);
    await sweeper.close();
  });

  it('lets one instance at a time sweep', async () => {
    await seed();
    const first = sweeperWith({}, 'i1');
    const second = sweeperWith({}, 'i2');
    expect(await first.runOnce()).not.toBeNull();
    expect(await second.runOnce()).toBeNull();
    expect(second.stats().skipped_no_lease).toBe(1);
    await first.close();
    expect(await second.runOnce()).not.toBeNull();
    await second.close();
  });
});
