import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../config/index.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { openDatabase, type StorageHandle } from '../../storage/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../storage/test-support/test-databases.js';
import type { JudgeCall } from './judge-call.js';
import { createMonitors, type Monitors } from './monitors.js';
import { stableUnit } from './sampling.js';
import type { FlagForReview } from './types.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const logger = pino({ level: 'silent' });

interface CallSpec {
  endpoint?: string;
  time: number;
  chars: number;
  language: string;
  descriptors?: Record<string, unknown>;
  prompt?: string;
  response?: string;
}

let sequence = 0;

/** Box–Muller normal from a seeded uniform source (synthetic traffic must be reproducible). */
function normal(random: () => number, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function traffic(count: number, from: number, spanMs: number, shape: { mean: number; sd: number; language: string }, seed: number): CallSpec[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => ({
    time: from + Math.floor((index * spanMs) / count),
    chars: Math.max(1, Math.round(normal(random, shape.mean, shape.sd))),
    language: shape.language,
  }));
}

async function insertCalls(storage: StorageHandle, calls: readonly CallSpec[]): Promise<string[]> {
  const ids: string[] = [];
  const descriptorRows = calls.map((call) => {
    const id = `req-${++sequence}`;
    ids.push(id);
    return {
      request_id: id,
      endpoint_name: call.endpoint ?? 'ep',
      endpoint_id: 'ep-id',
      served_entity_name: 'main',
      model_version: '1',
      request_time: call.time,
      status_code: 200,
      descriptors: JSON.stringify({ prompt_chars: call.chars, prompt_language: call.language, ...call.descriptors }),
      prompt_embedding: null,
      response_embedding: null,
    };
  });
  for (let start = 0; start < descriptorRows.length; start += 200) await storage.db.insertInto('call_descriptors').values(descriptorRows.slice(start, start + 200)).execute();
  const logRows = calls
    .map((call, index) => ({ call, id: ids[index]! }))
    .filter(({ call }) => call.prompt !== undefined)
    .map(({ call, id }) => ({
      request_id: id, client_request_id: null, trace_id: null, request_time: call.time, request_date: new Date(call.time).toISOString().slice(0, 10),
      endpoint_name: call.endpoint ?? 'ep', config_version: 1, served_entity_id: 'main', served_entity_name: 'main', model_name: 'demo', model_version: '1',
      requester: 'someone', status_code: 200, error_code: null, execution_duration_ms: 5, ttft_ms: null, overhead_ms: 1, input_tokens: 3, output_tokens: 3,
      stream: 0, request: JSON.stringify({ messages: [{ role: 'user', content: call.prompt }] }),
      response: JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: call.response ?? '' } }] }),
      logging_error_codes: '[]', endpoint_id: 'ep-id', cost_usd: 0, usage_estimated: 0, guardrail_results: null, attempts: null,
    }));
  for (let start = 0; start < logRows.length; start += 100) await storage.db.insertInto('inference_log').values(logRows.slice(start, start + 100)).execute();
  return ids;
}

describe.each(testDialects)('monitors on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let monitors: Monitors;
  let clock = T0 + 2 * HOUR;
  const judged: Array<{ endpoint: string; prompt: string }> = [];
  const flagged: Array<Parameters<FlagForReview>[0]> = [];
  const judgeCall: JudgeCall = async (endpoint, messages) => {
    const prompt = messages[1]!.content;
    judged.push({ endpoint, prompt });
    if (prompt.includes('broken judge')) throw new Error('judge endpoint is down');
    if (prompt.includes('garble')) return { text: 'I would rather not say.', costUsd: 0.01 };
    if (prompt.includes('bad answer')) return { text: '{"score": 0.1, "label": "bad", "explanation": "off topic"}', costUsd: 0.01 };
    return { text: '{"score": 0.9, "label": "good", "explanation": "on topic"}', costUsd: 0.01 };
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    const config = configFrom({ data_dir: database.dataDir, database_url: database.url, monitoring: { monitor_interval_ms: 1000 } });
    monitors = createMonitors({
      db: storage.db, config, logger, now: () => clock, judge: judgeCall,
      flagForReview: async (input) => {
        flagged.push(input);
      },
    });
    // Reference hour: English prompts around 100 characters.
    await insertCalls(storage, traffic(400, T0, HOUR, { mean: 100, sd: 20, language: 'en' }, 1));
  });

  afterAll(async () => {
    await monitors?.close();
    await storage?.close();
    await database?.cleanup();
  });

  const driftMonitor = (name: string, extra: Record<string, unknown> = {}) => ({
    endpoint_name: 'ep', name, kind: 'drift', reference: { type: 'window', start: T0, end: T0 + HOUR },
    current_window_seconds: 600, columns: ['prompt_chars', 'prompt_language'], ...extra,
  });

  it('finds no drift when the current window looks like the reference', async () => {
    clock = T0 + 2 * HOUR;
    await insertCalls(storage, traffic(300, clock - 600_000, 590_000, { mean: 100, sd: 20, language: 'en' }, 2));
    const monitor = await monitors.create(driftMonitor('same'), { createdBy: null, endpointId: 'ep-id' });
    const run = await monitors.runNow(monitor.id);
    expect(run.result).toMatchObject({ status: 'ok', reference_size: 400, current_size: 300, drifted_columns: [] });
    expect(run.drifted).toBe(0);
    expect(run.share_drifted).toBe(0);
  });

  it('finds drift in prompt length and language, and names them', async () => {
    clock = T0 + 3 * HOUR;
    await insertCalls(storage, traffic(300, clock - 600_000, 590_000, { mean: 400, sd: 60, language: 'de' }, 3));
    const monitor = await monitors.create(driftMonitor('shift'), { createdBy: null, endpointId: 'ep-id' });
    const run = await monitors.runNow(monitor.id);
    expect(run.drifted).toBe(1);
    expect(run.share_drifted).toBe(1);
    expect([...(run.result.drifted_columns as string[])].sort()).toEqual(['prompt_chars', 'prompt_language']);

    await monitors.refresh();
    const value = await monitors.series.evaluate({
      endpointName: 'ep', series: 'drift.shift.share_drifted', filter: {}, groupBy: null, from: clock - 60_000, to: clock + 1, aggregation: 'last',
    });
    expect(value.get('')).toMatchObject({ value: 1, samples: 300, details: { monitor: 'shift', drifted_columns: expect.arrayContaining(['prompt_chars', 'prompt_language']) } });
    const statistic = await monitors.series.evaluate({
      endpointName: 'ep', series: 'drift.shift.prompt_chars', filter: {}, groupBy: null, from: clock - 60_000, to: clock + 1, aggregation: 'max',
    });
    expect(statistic.get('')!.value).toBeGreaterThan(0.5);
    // Another endpoint's monitor of the same name is not this one's.
    expect((await monitors.series.evaluate({ endpointName: 'other', series: 'drift.shift.drifted', filter: {}, groupBy: null, from: 0, to: clock + 1, aggregation: 'max' })).size).toBe(0);
  });

  it('validates series names against the monitors it knows', async () => {
    await monitors.refresh();
    const { series } = monitors;
    expect(series.handles('drift.shift.drifted')).toBe(true);
    expect(series.handles('error_rate')).toBe(false);
    expect(series.validate('drift.shift.share_drifted', {})).toBeNull();
    expect(series.validate('drift.shift.prompt_language', {})).toBeNull();
    expect(series.validate('drift.nobody.share_drifted', {})).toContain('No drift monitor is named nobody');
    expect(series.validate('drift.shift.response_chars', {})).toContain('valid: share_drifted, drifted, prompt_chars, prompt_language');
    expect(series.validate('drift.shift.drifted', { served_entity_name: 'x' })).toContain('takes no filter');
    expect(series.validate('evaluation.judge:q', { served_entity_name: 'main' })).toBeNull();
    expect(series.validate('evaluation.judge:q', { error_code: 'x' })).toContain('only the filter served_entity_name');
    expect(series.validate('drift.too.many.parts', {})).toContain('is not one of');
  });

  it('gives insufficient_data, and no series point, below min_rows', async () => {
    clock = T0 + 5 * HOUR;
    await insertCalls(storage, traffic(5, clock - 60_000, 50_000, { mean: 400, sd: 60, language: 'de' }, 4));
    const monitor = await monitors.create(driftMonitor('thin'), { createdBy: null, endpointId: 'ep-id' });
    const run = await monitors.runNow(monitor.id);
    expect(run.result).toMatchObject({ status: 'insufficient_data', current_size: 5, reference_size: 400, min_rows: 30 });
    expect(run.share_drifted).toBeNull();
    await monitors.refresh();
    const value = await monitors.series.evaluate({ endpointName: 'ep', series: 'drift.thin.share_drifted', filter: {}, groupBy: null, from: 0, to: clock + 1, aggregation: 'avg' });
    expect(value.size).toBe(0);
  });

  it('runs due monitors once per interval under the lease, and records a failing monitor without stopping the others', async () => {
    clock = T0 + 6 * HOUR;
    await insertCalls(storage, traffic(100, clock - 300_000, 290_000, { mean: 100, sd: 20, language: 'en' }, 5));
    const failing = await monitors.create(driftMonitor('failing', { interval_seconds: 60, stattest: { prompt_language: 'ks' } }), { createdBy: null, endpointId: 'ep-id' });
    const steady = await monitors.create(driftMonitor('steady', { interval_seconds: 60 }), { createdBy: null, endpointId: 'ep-id' });
    // The monitors created earlier ran at older clock values and are due too; only these two are counted.
    const count = async (id: string) => (await monitors.results((await monitors.get(id))!, 0, clock + HOUR, 1000)).length;
    await monitors.tick();
    expect(await count(failing.id)).toBe(1);
    expect(await count(steady.id)).toBe(1);
    const [failed] = await monitors.results((await monitors.get(failing.id))!, 0, clock + 1, 10);
    expect(failed!.result.status).toBe('error');
    expect(String(failed!.result.error)).toContain('prompt_language');
    await monitors.tick();
    expect(await count(steady.id)).toBe(1);
    clock += 60_000;
    await monitors.tick();
    expect(await count(steady.id)).toBe(2);
  });

  it('caches a complete reference until the monitor changes', async () => {
    clock = T0 + 7 * HOUR;
    const monitor = await monitors.create(driftMonitor('cached', { min_rows: 5 }), { createdBy: null, endpointId: 'ep-id' });
    await insertCalls(storage, traffic(50, clock - 300_000, 290_000, { mean: 100, sd: 20, language: 'en' }, 6));
    expect((await monitors.runNow(monitor.id)).result.reference_size).toBe(400);
    // Late rows inside the reference window are not seen while the cache holds…
    await insertCalls(storage, traffic(10, T0 + 100, 1000, { mean: 100, sd: 20, language: 'en' }, 7));
    expect((await monitors.runNow(monitor.id)).result.reference_size).toBe(400);
    // …and are once the monitor changes.
    const record = (await monitors.get(monitor.id))!;
    await monitors.update(record, { min_rows: 6 });
    expect((await monitors.runNow(monitor.id)).result.reference_size).toBe(410);
  });

  it('compares against the first traffic of a model version', async () => {
    clock = T0 + 8 * HOUR;
    const monitor = await monitors.create(
      driftMonitor('version', { reference: { type: 'version_start', model_version: '1', duration_seconds: 1800 }, min_rows: 5, current_window_seconds: 3 * 3600 }),
      { createdBy: null, endpointId: 'ep-id' },
    );
    const run = await monitors.runNow(monitor.id);
    expect(run.result).toMatchObject({ status: 'ok', reference_window: { start: T0, end: T0 + 1_800_000 } });
  });

  it('takes an uploaded dataset reference and refuses rows that do not fit', async () => {
    clock = T0 + 9 * HOUR;
    await insertCalls(storage, traffic(60, clock - 300_000, 290_000, { mean: 100, sd: 20, language: 'en' }, 8));
    const monitor = await monitors.create(
      { endpoint_name: 'ep', name: 'dataset', kind: 'drift', reference: { type: 'dataset' }, current_window_seconds: 600, columns: ['prompt_chars'], min_rows: 20 },
      { createdBy: null, endpointId: 'ep-id' },
    );
    const record = (await monitors.get(monitor.id))!;
    await expect(monitors.uploadReference(record, '{"prompt_chars": 3, "mood": "sad"}\n')).rejects.toThrow(/unknown columns: mood/);
    await expect(monitors.uploadReference(record, '{"prompt_language": "en"}\n')).rejects.toThrow(/missing columns: prompt_chars/);
    const random = seededRandom(9);
    const lines = Array.from({ length: 200 }, () => JSON.stringify({ prompt: 'x'.repeat(Math.max(1, Math.round(normal(random, 100, 20)))) })).join('\n');
    expect(await monitors.uploadReference(record, lines)).toEqual({ rows: 200, columns: ['prompt_chars'] });
    expect((await monitors.view((await monitors.get(monitor.id))!)).reference_rows).toBe(200);
    const run = await monitors.runNow(monitor.id);
    expect(run.result).toMatchObject({ status: 'ok', reference_size: 200, current_size: 60, drifted_columns: [] });
  });

  it('aggregates quality scores, diversity and per-call review flags', async () => {
    clock = T0 + 10 * HOUR;
    const base = { chars: 10, language: 'en' };
    const calls: CallSpec[] = [
      { ...base, time: clock - 5000, descriptors: { relevance: 0.9, response_refusal: false, response_empty: false }, prompt: 'capital of France?', response: 'Paris' },
      { ...base, time: clock - 4000, descriptors: { relevance: 0.7, response_refusal: false, response_empty: false }, prompt: 'capital of France?', response: 'Paris' },
      { ...base, time: clock - 3000, descriptors: { relevance: 0.2, response_refusal: true, response_empty: false }, prompt: 'capital of France?', response: 'I cannot help' },
      { ...base, time: clock - 2000, descriptors: { relevance: 0.6, response_refusal: false, response_empty: true }, prompt: 'hello', response: '' },
    ];
    await insertCalls(storage, calls.map((call) => ({ ...call, endpoint: 'qa' })));
    const monitor = await monitors.create(
      { endpoint_name: 'qa', name: 'q', kind: 'quality', current_window_seconds: 60, min_rows: 2, evaluators: ['relevance', 'refusal_rate', 'empty_rate', 'diversity'], flag_thresholds: { relevance: 0.5 } },
      { createdBy: null, endpointId: 'ep-id' },
    );
    const run = await monitors.runNow(monitor.id);
    const scores = run.result.scores as Record<string, number>;
    expect(scores.relevance).toBeCloseTo(0.6);
    expect(scores.refusal_rate).toBeCloseTo(0.25);
    expect(scores.empty_rate).toBeCloseTo(0.25);
    // "capital of France?" asked 3 times, 2 distinct answers; "hello" once.
    expect(scores.diversity).toBeCloseTo(2 / 3);
    expect(run.result.samples).toMatchObject({ diversity: 3, relevance: 4 });
    expect(flagged.filter((flag) => flag.endpoint_name === 'qa')).toEqual([
      expect.objectContaining({ source: 'quality', endpoint_id: 'ep-id', detail: expect.objectContaining({ monitor: 'q', scores: { relevance: 0.2 } }) }),
    ]);
    await monitors.refresh();
    const series = await monitors.series.evaluate({ endpointName: 'qa', series: 'quality.q.diversity', filter: {}, groupBy: null, from: 0, to: clock + 1, aggregation: 'last' });
    expect(series.get('')!.value).toBeCloseTo(2 / 3);
  });

  it('judges a stable sample within the cost cap, stores OTel-named scores and flags low ones', async () => {
    clock = T0 + 12 * HOUR;
    const prompts = ['good answer 1', 'bad answer 2', 'garble 3', 'good answer 4', 'good answer 5', 'good answer 6', 'good answer 7', 'good answer 8'];
    const ids = await insertCalls(storage, prompts.map((prompt, index) => ({ endpoint: 'jd', time: clock - 10_000 + index, chars: 10, language: 'en', prompt, response: 'r' })));
    judged.length = 0;
    const monitor = await monitors.create(
      {
        endpoint_name: 'jd', name: 'helpful', kind: 'quality', current_window_seconds: 60, min_rows: 1, evaluators: ['refusal_rate'],
        judge: { endpoint: 'judge-ep', rubric: 'Rate: {{prompt}} -> {{response}}', sample_fraction: 1, max_cost_usd_per_day: 0.05, max_calls_per_minute: 100, flag_below: 0.5 },
      },
      { createdBy: 'creator', endpointId: 'ep-id' },
    );
    const run = await monitors.runNow(monitor.id);
    // 5 calls spend the 0.05 USD of the day; the other 3 are skipped and counted.
    expect(run.result.judge).toMatchObject({ evaluator: 'judge:helpful', sampled: 8, judged: 4, parse_failures: 1, skipped_cost_cap: 3, errors: 0 });
    expect((run.result.judge as { cost_usd_today: number }).cost_usd_today).toBeCloseTo(0.05);
    expect(judged.map((call) => call.endpoint)).toEqual(Array(5).fill('judge-ep'));
    expect(judged[0]!.prompt).toBe('Rate: good answer 1 -> r');
    const stored = await monitors.evaluations('jd', { from: 0, to: clock + 1, maxResults: 100 });
    expect(stored).toHaveLength(5);
    expect(stored.find((score) => score.request_id === ids[1])).toMatchObject({ evaluator: 'judge:helpful', score_value: 0.1, score_label: 'bad', explanation: 'off topic', judge_endpoint: 'judge-ep', cost_usd: 0.01 });
    expect(stored.find((score) => score.request_id === ids[2])).toMatchObject({ score_value: null, score_label: 'unparsed' });
    expect(flagged.filter((flag) => flag.endpoint_name === 'jd')).toEqual([expect.objectContaining({ request_id: ids[1], source: 'quality', detail: expect.objectContaining({ evaluator: 'judge:helpful', score: 0.1 }) })]);
    // Average of the four parsed scores: (0.9 + 0.1 + 0.9 + 0.9) / 4.
    expect((run.result.scores as Record<string, number>).judge).toBeCloseTo(0.7);
    const series = await monitors.series.evaluate({ endpointName: 'jd', series: 'evaluation.judge:helpful', filter: {}, groupBy: 'served_entity', from: 0, to: clock + 1, aggregation: 'avg' });
    expect(series.get('main')).toMatchObject({ samples: 4 });
    expect(series.get('main')!.value).toBeCloseTo(0.7);

    // Next day: the cap resets; calls already scored are not judged again.
    clock += 24 * HOUR;
    await insertCalls(storage, [{ endpoint: 'jd', time: clock - 1000, chars: 10, language: 'en', prompt: 'good answer 9', response: 'r' }]);
    judged.length = 0;
    const record = (await monitors.get(monitor.id))!;
    await monitors.update(record, { current_window_seconds: 25 * 3600 });
    const next = await monitors.runNow(monitor.id);
    expect(next.result.judge).toMatchObject({ sampled: 9, already_judged: 5, judged: 4, skipped_cost_cap: 0 });
    expect(judged).toHaveLength(4);
  });

  it('samples a stable fraction, respects calls per minute and counts judge failures', async () => {
    clock = T0 + 40 * HOUR;
    const prompts = Array.from({ length: 40 }, (_, index) => `broken judge ${index}`);
    const ids = await insertCalls(storage, prompts.map((prompt, index) => ({ endpoint: 'js', time: clock - 20_000 + index, chars: 10, language: 'en', prompt, response: 'r' })));
    const monitor = await monitors.create(
      {
        endpoint_name: 'js', name: 'sampled', kind: 'quality', current_window_seconds: 60, min_rows: 1, evaluators: ['refusal_rate'],
        judge: { endpoint: 'judge-ep', rubric: '{{prompt}}', sample_fraction: 0.3, max_calls_per_minute: 2 },
      },
      { createdBy: 'creator', endpointId: 'ep-id' },
    );
    const expected = ids.filter((id) => stableUnit(`${monitor.id}:${id}`) < 0.3).length;
    expect(expected).toBeGreaterThan(2);
    judged.length = 0;
    const run = await monitors.runNow(monitor.id);
    expect(run.result.judge).toMatchObject({ sampled: expected, errors: 2, judged: 0, skipped_rate_limit: expected - 2, last_error: 'judge endpoint is down' });
    expect(judged).toHaveLength(2);
    // Same minute: the two slots are used up.
    judged.length = 0;
    expect((await monitors.runNow(monitor.id)).result.judge).toMatchObject({ sampled: expected, errors: 0, skipped_rate_limit: expected });
    expect(judged).toHaveLength(0);
  });

  it('refuses duplicates, checks columns on create and patch, and deletes', async () => {
    await expect(monitors.create(driftMonitor('shift'), { createdBy: null, endpointId: 'ep-id' })).rejects.toThrow(/already has a monitor named shift/);
    await expect(monitors.create(driftMonitor('cols', { columns: ['prompt_colour'] }), { createdBy: null, endpointId: 'ep-id' })).rejects.toThrow(/Unknown column prompt_colour\. Valid columns: .*prompt_chars/);
    const record = (await monitors.list('ep')).find((monitor) => monitor.name === 'shift')!;
    await expect(monitors.update(record, { current_window_seconds: 0 })).rejects.toThrow(/current_window_seconds/);
    await expect(monitors.update(record, { kind: 'quality' })).rejects.toThrow(/cannot change/);
    await monitors.delete(record);
    expect(await monitors.get(record.id)).toBeUndefined();
    await expect(monitors.runNow(record.id)).rejects.toThrow(/does not exist/);
  });
});
