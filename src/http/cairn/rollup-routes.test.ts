import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

interface Point {
  time: number;
  request_count: number;
  error_count: number;
  error_rate: number | null;
  errors_by_code: Record<string, number>;
  latency_ms: Record<string, number | null>;
  ttft_ms: Record<string, number | null>;
  input_tokens: number;
  output_tokens: number;
}
interface Metrics {
  endpoint_name: string;
  from: number;
  to: number;
  step_seconds: number;
  series: Array<{ served_entity_name?: string; points: Point[] }>;
}

function total(metrics: Metrics, field: 'request_count' | 'error_count' | 'input_tokens' | 'output_tokens'): number {
  return metrics.series.flatMap((series) => series.points).reduce((sum, point) => sum + point[field], 0);
}

describe('metrics API on a real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ config: { monitoring: { rollup_flush_ms: 60_000 } } });
  });
  afterAll(async () => {
    await server?.close();
  });

  const chat = (fields: Record<string, unknown>) =>
    server.request('/v1/chat/completions', { method: 'POST', json: { model: 'demo-chat', messages: [{ role: 'user', content: 'Tell me about rivers.' }], max_tokens: 16, ...fields } });

  it('shows calls to demo-chat, a failing one by its error code, and latency / TTFT percentiles, fresh and after a flush', async () => {
    const started = Date.now();
    for (let k = 0; k < 3; k++) expect((await chat({})).status).toBe(200);
    const streamed = await chat({ stream: true });
    expect(streamed.status).toBe(200);
    await streamed.text();
    const failed = await chat({ temperature: 7 });
    expect(failed.status).toBe(400);
    const failedCode = ((await failed.json()) as { error: { code?: string; type?: string } }).error;
    expect(failedCode).toBeTruthy();

    const read = async (query: string) => {
      const response = await server.request(`/api/2.0/cairn/endpoints/demo-chat/metrics?${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as Metrics;
    };
    const check = (metrics: Metrics) => {
      expect(metrics.endpoint_name).toBe('demo-chat');
      expect(total(metrics, 'request_count')).toBe(5);
      expect(total(metrics, 'error_count')).toBe(1);
      const points = metrics.series.flatMap((series) => series.points).filter((point) => point.request_count > 0);
      const errors = points.reduce<Record<string, number>>((all, point) => {
        for (const [code, count] of Object.entries(point.errors_by_code)) all[code] = (all[code] ?? 0) + count;
        return all;
      }, {});
      expect(errors).toEqual({ INVALID_PARAMETER_VALUE: 1 });
      for (const point of points) {
        expect(point.latency_ms.p50).toBeGreaterThanOrEqual(0);
        expect(point.latency_ms.p99).toBeGreaterThanOrEqual(point.latency_ms.p50 as number);
      }
      expect(points.some((point) => point.ttft_ms.p50 !== null)).toBe(true);
      expect(total(metrics, 'output_tokens')).toBeGreaterThan(0);
    };
    // Fresh: this instance's unflushed minute is merged in memory.
    const from = started - 60_000;
    check(await read(`from=${from}&to=now`));
    await server.app.services.rollups.flush();
    const stored = await server.app.services.storage.db.selectFrom('rollup_minutes').selectAll().where('endpoint_name', '=', 'demo-chat').execute();
    expect(stored.reduce((sum, row) => sum + Number(row.request_count), 0)).toBe(5);
    check(await read(`from=${from}&step=120`));
    const byEntity = await read(`from=-5m&group_by=served_entity`);
    // The invalid call failed before a served entity was picked: it is booked under ''.
    expect(byEntity.series.map((series) => [series.served_entity_name, series.points.reduce((sum, p) => sum + p.error_count, 0)])).toEqual([
      ['', 1],
      ['demo-1', 0],
    ]);
    expect(byEntity.step_seconds).toBe(60);
    expect(byEntity.series[0]?.points).toHaveLength(Math.ceil((byEntity.to - byEntity.from) / 60_000));
  });

  it('answers 400 for a bad step or window, 404 for an unknown endpoint, 401 without a token', async () => {
    const status = async (path: string, token?: string | null) => (await server.request(path, token === undefined ? {} : { token })).status;
    expect(await status('/api/2.0/cairn/endpoints/demo-chat/metrics?step=30')).toBe(400);
    expect(await status('/api/2.0/cairn/endpoints/demo-chat/metrics?from=-90d&step=60')).toBe(400);
    expect(await status('/api/2.0/cairn/endpoints/demo-chat/metrics?from=later')).toBe(400);
    expect(await status('/api/2.0/cairn/endpoints/demo-chat/metrics?group_by=requester')).toBe(400);
    expect(await status('/api/2.0/cairn/endpoints/no-such-endpoint/metrics')).toBe(404);
    expect(await status('/api/2.0/cairn/endpoints/demo-chat/metrics', null)).toBe(401);
    const body = (await (await server.request('/api/2.0/cairn/endpoints/demo-chat/metrics?step=30')).json()) as { error_code: string; message: string };
    expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(body.message).toMatch(/multiple of 60 seconds/);
  });
});
