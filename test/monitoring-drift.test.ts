import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';
import { driveLanguageShift, languageShiftMonitor, type ShiftWindows } from './support/drift-traffic.js';

/**
 * Scenario (a), the monitor half: on a real server, English traffic then longer German traffic on demo-chat; the
 * drift monitor (reference = the English window) reports drift and names prompt_language and prompt_chars, through
 * the API and as an alert series. The alert/webhook half is assembled with the alerting scenario.
 */
describe('drift monitor on live traffic', () => {
  let server: TestServer;
  let windows: ShiftWindows;

  beforeAll(async () => {
    server = await startTestServer({ config: { capture: { flush_interval_ms: 20 }, monitoring: { monitor_interval_ms: 1000, descriptors: { worker: false } } } });
    windows = await driveLanguageShift(server, 'demo-chat', 60);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('reports drift naming the shifted descriptors', async () => {
    const create = await server.request('/api/2.0/cairn/monitors', { method: 'POST', json: languageShiftMonitor('demo-chat', windows, { intervalSeconds: 1 }) });
    expect(create.status, await create.clone().text()).toBe(201);
    const monitor = (await create.json()) as { id: string };

    const run = await server.request(`/api/2.0/cairn/monitors/${monitor.id}/run`, { method: 'POST' });
    expect(run.status).toBe(200);
    const result = (await run.json()) as { drifted: number; share_drifted: number; result: { status: string; drifted_columns: string[]; reference_size: number; current_size: number } };
    // The window slides with the clock: on a slow machine its start may pass the first German calls, never English ones.
    expect(result.result).toMatchObject({ status: 'ok', reference_size: 60 });
    expect(result.result.current_size).toBeGreaterThanOrEqual(20);
    expect(result.result.current_size).toBeLessThanOrEqual(60);
    expect(result.drifted).toBe(1);
    expect(result.result.drifted_columns).toEqual(expect.arrayContaining(['prompt_language', 'prompt_chars']));

    const listed = (await (await server.request(`/api/2.0/cairn/monitors/${monitor.id}/results`)).json()) as { results: unknown[] };
    // The loop (1 s interval) may have run it as well.
    expect(listed.results.length).toBeGreaterThanOrEqual(1);

    const { series } = server.app.services.monitors;
    expect(series.validate('drift.prompt-drift.prompt_language', {})).toBeNull();
    const value = await series.evaluate({ endpointName: 'demo-chat', series: 'drift.prompt-drift.drifted', filter: {}, groupBy: null, from: windows.reference.start, to: Date.now() + 1, aggregation: 'max' });
    expect(value.get('')).toMatchObject({ value: 1, details: { drifted_columns: expect.arrayContaining(['prompt_language', 'prompt_chars']) } });
  });

  it('answers bad monitor definitions and reference uploads with 400s', async () => {
    const post = (json: unknown) => server.request('/api/2.0/cairn/monitors', { method: 'POST', json });
    const base = { endpoint_name: 'demo-chat', name: 'bad', kind: 'drift', reference: { type: 'dataset' }, current_window_seconds: 60 };
    for (const [json, fragment] of [
      [{ ...base, current_window_seconds: 0 }, 'current_window_seconds'],
      [{ ...base, current_window_seconds: -1 }, 'current_window_seconds'],
      [{ ...base, columns: ['prompt_colour'] }, 'Valid columns: '],
      [{ ...base, reference: { type: 'window', start: 10, end: 5 } }, 'reference.end'],
    ] as const) {
      const response = await post(json);
      const body = (await response.json()) as { error_code: string; message: string };
      expect(response.status, body.message).toBe(400);
      expect(body.message).toContain(fragment);
    }
    expect((await post({ ...base, endpoint_name: 'no-such-endpoint' })).status).toBe(404);
    expect((await post({ ...base, kind: 'quality', reference: undefined, judge: { endpoint: 'no-such-judge', rubric: 'x' } })).status).toBe(404);

    const created = (await (await post({ ...base, columns: ['prompt_chars', 'response_chars'] })).json()) as { id: string };
    const upload = (body: string, type = 'application/x-ndjson') =>
      server.request(`/api/2.0/cairn/monitors/${created.id}/reference`, { method: 'POST', body, headers: { 'content-type': type } });
    const wrong = await upload('{"prompt_chars": 10, "colour": "red"}\n{"prompt_chars": 12}\n');
    const wrongBody = (await wrong.json()) as { message: string; unknown_columns: string[]; missing_columns: string[] };
    expect(wrong.status).toBe(400);
    expect(wrongBody).toMatchObject({ unknown_columns: ['colour'], missing_columns: ['response_chars'] });
    const good = await upload('{"prompt": "How do I reset my router?", "response": "Unplug it."}\n{"prompt_chars": 12, "response_chars": 40}\n', 'text/plain');
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ rows: 2, columns: ['prompt_chars', 'response_chars'] });
    expect(((await (await server.request(`/api/2.0/cairn/monitors/${created.id}`)).json()) as { reference_rows: number }).reference_rows).toBe(2);
  });
});
