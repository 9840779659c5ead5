import { describe, expect, it } from 'vitest';
import { RollupAggregator } from './rollup-aggregator.js';
import { observation } from './test-support.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

function aggregator(options: Partial<{ maxKeys: number; graceMs: number }> = {}): RollupAggregator {
  return new RollupAggregator({ instanceId: 'i1', maxKeys: options.maxKeys ?? 1_000, graceMs: options.graceMs ?? 0 });
}

function rowsOf(subject: RollupAggregator, now: number) {
  return subject.snapshot(now).rows;
}

describe('RollupAggregator', () => {
  it('counts per endpoint, served entity, model version and minute, and skips unauthorised calls', () => {
    const subject = aggregator();
    subject.observe(observation({ request_time: T0 + 1_000, execution_duration_ms: 50 }));
    subject.observe(observation({ request_time: T0 + 59_999, execution_duration_ms: 150, ttft_ms: 20, cost_usd: 0.5 }));
    subject.observe(observation({ request_time: T0 + MINUTE, status_code: 502, error_code: 'UPSTREAM_ERROR' }));
    subject.observe(observation({ request_time: T0, served_entity_name: 'b', model_version: null, status_code: 429, error_code: null }));
    subject.observe(observation({ request_time: T0, served_entity_name: null, input_tokens: null, output_tokens: null }));
    subject.observe(observation({ request_time: T0, authorised: false }));
    const rows = rowsOf(subject, T0 + 2 * MINUTE);
    const key = (row: { served_entity_name: string; model_version: string; minute: number }) => `${row.served_entity_name}|${row.model_version}|${row.minute - T0}`;
    expect(rows.map(key).sort()).toEqual(['a|1|0', 'a|1|60000', 'b||0', '|1|0']);
    const first = rows.find((row) => key(row) === 'a|1|0');
    expect(first).toMatchObject({ instance_id: 'i1', request_count: 2, error_count: 0, input_tokens: 20, output_tokens: 10, cost_usd: 0.5 });
    expect(JSON.parse(first?.ttft_hist ?? '')).toMatchObject({ n: 1 });
    expect(JSON.parse(first?.latency_hist ?? '')).toMatchObject({ n: 2, lo: 50, hi: 150 });
    expect(rows.find((row) => key(row) === 'a|1|60000')).toMatchObject({ error_count: 1, errors_by_code: '{"UPSTREAM_ERROR":1}' });
    expect(rows.find((row) => key(row) === 'b||0')).toMatchObject({ error_count: 1, errors_by_code: '{"429":1}' });
    expect(rows.find((row) => key(row) === '|1|0')).toMatchObject({ request_count: 1, input_tokens: 0 });
    expect(subject.stats().live_keys).toBe(4);
  });

  it('counts a guardrail once per call, only when it flagged, masked or blocked', () => {
    const subject = aggregator();
    const verdict = (guardrail: string, action: string) => ({ guardrail, stage: 'output', action, findings: [] });
    subject.observe(observation({ request_time: T0, guardrail_results: [verdict('pii', 'mask'), verdict('pii', 'mask'), verdict('topics', 'allow')] }));
    subject.observe(observation({ request_time: T0, guardrail_results: [verdict('injection', 'block'), verdict('pii', 'flag')] }));
    subject.observe(observation({ request_time: T0, guardrail_results: [verdict('topics', 'allow')] }));
    subject.observe(observation({ request_time: T0, guardrail_results: [null, 'junk', { action: 'flag' }] }));
    const [row] = rowsOf(subject, T0);
    expect(row?.request_count).toBe(4);
    expect(row?.guardrail_triggers).toBe(3);
    expect(JSON.parse(row?.guardrails_by_name ?? '')).toEqual({ pii: 2, injection: 1, unknown: 1 });
  });

  it('books feedback: thumbs and ratings', () => {
    const subject = aggregator();
    const base = { endpoint_name: 'ep', served_entity_name: 'a', model_version: '1', time: T0 };
    subject.recordFeedback({ ...base, thumbs: 'up', rating: 5 });
    subject.recordFeedback({ ...base, thumbs: 'down', rating: null });
    subject.recordFeedback({ ...base, thumbs: null, rating: 2 });
    const [row] = rowsOf(subject, T0);
    expect(row).toMatchObject({ request_count: 0, feedback_positive: 1, feedback_negative: 1, rating_sum: 7, rating_count: 2 });
  });

  it('snapshots only what changed since the last stored write, and keeps later changes dirty', () => {
    const subject = aggregator();
    subject.observe(observation({ request_time: T0 }));
    const first = subject.snapshot(T0);
    expect(first.rows).toHaveLength(1);
    subject.observe(observation({ request_time: T0 }));
    subject.markStored(first);
    const second = subject.snapshot(T0);
    expect(second.rows.map((row) => row.request_count)).toEqual([2]);
    subject.markStored(second);
    expect(subject.snapshot(T0).rows).toHaveLength(0);
  });

  it('drops stored minutes once they are over, keeps unstored ones, and gives late entries their own instance id', () => {
    const subject = aggregator({ graceMs: 0 });
    subject.observe(observation({ request_time: T0 }));
    subject.observe(observation({ request_time: T0 + MINUTE }));
    // Nothing stored yet: nothing may be dropped.
    expect(subject.seal(T0 + 2 * MINUTE)).toBe(0);
    subject.markStored(subject.snapshot(T0 + MINUTE));
    // At T0 + 1 min the minute T0 is over: dropped; the current minute stays.
    expect(subject.seal(T0 + MINUTE + 1)).toBe(1);
    expect(subject.stats().live_keys).toBe(1);
    // A call that started in minute T0 and finished now must not overwrite the stored row of T0.
    subject.observe(observation({ request_time: T0 + 5 }));
    const rows = subject.snapshot(T0 + MINUTE + 2).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minute: T0, instance_id: 'i1~1', request_count: 1 });
    subject.markStored(subject.snapshot(T0 + MINUTE + 2));
    expect(subject.seal(T0 + MINUTE + 3)).toBe(1);
    subject.observe(observation({ request_time: T0 + 6 }));
    expect(subject.snapshot(T0 + MINUTE + 4).rows[0]?.instance_id).toBe('i1~2');
  });

  it('keeps a finished minute during the grace period so late calls update the same row', () => {
    const subject = aggregator({ graceMs: 60_000 });
    subject.observe(observation({ request_time: T0 }));
    subject.markStored(subject.snapshot(T0));
    expect(subject.seal(T0 + MINUTE + 30_000)).toBe(0);
    subject.observe(observation({ request_time: T0 + 1 }));
    expect(subject.snapshot(T0 + MINUTE + 30_000).rows[0]).toMatchObject({ instance_id: 'i1', request_count: 2 });
    subject.markStored(subject.snapshot(T0 + MINUTE + 30_000));
    expect(subject.seal(T0 + 2 * MINUTE)).toBe(1);
  });

  it('caps live series-minutes and counts what it drops', () => {
    const subject = aggregator({ maxKeys: 2 });
    for (let k = 0; k < 5; k++) subject.observe(observation({ request_time: T0, served_entity_name: `e${k}` }));
    subject.observe(observation({ request_time: T0, served_entity_name: 'e0' }));
    expect(subject.stats()).toEqual({ live_keys: 2, dropped: 3 });
    expect(rowsOf(subject, T0).map((row) => row.request_count).sort()).toEqual([1, 2]);
  });

  it('never throws on a malformed record', () => {
    const subject = aggregator();
    const bad = observation({ request_time: T0 });
    (bad.record as { guardrail_results: unknown }).guardrail_results = 5;
    expect(() => subject.observe(bad)).not.toThrow();
    expect(() => subject.observe(observation({ request_time: Number.NaN }))).not.toThrow();
    expect(() => subject.observe({} as never)).not.toThrow();
  });
});
