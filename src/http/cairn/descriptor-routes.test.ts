import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

describe('descriptor route on a real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The worker thread is the production default; the route reads whatever it wrote.
    server = await startTestServer({ config: { capture: { flush_interval_ms: 20 }, monitoring: { descriptors: { worker: true } } } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a chat call to demo-chat produces a descriptors row readable through the route', async () => {
    const started = Date.now();
    const chat = await server.request('/v1/chat/completions', {
      method: 'POST',
      json: { model: 'demo-chat', messages: [{ role: 'user', content: 'Please explain how plants turn sunlight into energy.' }], max_tokens: 32 },
    });
    expect(chat.status).toBe(200);
    const requestId = chat.headers.get('x-request-id');
    expect(requestId).toBeTruthy();

    type Rows = { rows: Array<{ request_id: string; descriptors: Record<string, unknown>; prompt_embedding?: number[] | null }> };
    let body: Rows = { rows: [] };
    await vi.waitFor(
      async () => {
        const response = await server.request(`/api/2.0/cairn/endpoints/demo-chat/descriptors?from=${started - 1000}&max_results=10`);
        expect(response.status).toBe(200);
        body = (await response.json()) as Rows;
        expect(body.rows.map((row) => row.request_id)).toContain(requestId);
      },
      { timeout: 20_000, interval: 100 },
    );
    const row = body.rows.find((entry) => entry.request_id === requestId)!;
    expect(row.descriptors).toMatchObject({ operation: 'chat', prompt_language: 'en', prompt_empty: false, response_empty: false });
    expect(row.descriptors.prompt_chars).toBe('Please explain how plants turn sunlight into energy.'.length);
    expect(row).not.toHaveProperty('prompt_embedding');

    const withEmbeddings = (await (await server.request(`/api/2.0/cairn/endpoints/demo-chat/descriptors?include_embeddings=true&max_results=1`)).json()) as Rows;
    expect(withEmbeddings.rows[0]!.prompt_embedding).toHaveLength(256);
    expect(server.app.services.descriptors.stats().describedOnWorker).toBeGreaterThan(0);

    const metrics = await (await server.request('/metrics')).text();
    expect(metrics).toMatch(/cairn_descriptor_rows_total\{outcome="written"\} [1-9]/);
  });

  it('rejects a bad window and answers 404 for an unknown endpoint to non-admins', async () => {
    expect((await server.request('/api/2.0/cairn/endpoints/demo-chat/descriptors?from=10&to=5')).status).toBe(400);
    expect((await server.request('/api/2.0/cairn/endpoints/demo-chat/descriptors?max_results=0')).status).toBe(400);
    expect((await server.request('/api/2.0/cairn/endpoints/demo-chat/descriptors', { token: null })).status).toBe(401);
    // Admins may read rows of a name with no current endpoint (deleted); they get an empty list here.
    const unknown = await server.request('/api/2.0/cairn/endpoints/no-such-endpoint/descriptors');
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as { rows: unknown[] }).rows).toEqual([]);
  });
});
