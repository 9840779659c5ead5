import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiUpstream, type FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

const API_KEY = 'sk-test-upstream-key-0123456789abcdefghijkl';

/**
 * The official `openai` SDK → Cairn → a fake OpenAI-compatible upstream speaking OpenAI's wire format.
 * Every failure mode of the upstream must reach the client as a clear error and still be captured.
 */
describe('openai SDK against an external OpenAI-compatible model', () => {
  let server: TestServer;
  let upstream: FakeOpenAiUpstream;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startFakeOpenAiUpstream();
    server = await startTestServer({ config: { server: { request_timeout_ms: 1500 } } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.adminToken, maxRetries: 0 });
    const created = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: {
        name: 'gpt',
        config: {
          served_entities: [
            {
              name: 'upstream',
              external_model: { name: 'gpt-4o-mini', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_base: upstream.url, openai_api_key_plaintext: API_KEY } },
            },
          ],
        },
      },
    });
    expect(created.status).toBe(200);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await server?.close();
    await upstream?.close();
  });

  async function rows(endpoint = 'gpt') {
    await server.app.services.capture.flush();
    return server.app.services.storage.db.selectFrom('inference_log').selectAll().where('endpoint_name', '=', endpoint).orderBy('request_time').execute();
  }

  it('relays a chat completion with the decrypted key upstream and never shows the key', async () => {
    const reply = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, max_tokens: 30 });
    expect(reply.choices[0]?.message.content).toBe('Hello from the fake upstream model.');
    expect(reply.usage?.total_tokens).toBeGreaterThan(0);
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 30 });

    const endpoint = await (await server.request('/api/2.0/serving-endpoints/gpt')).text();
    expect(endpoint).not.toContain(API_KEY);
    const { db } = server.app.services.storage;
    const stored = JSON.stringify(await db.selectFrom('endpoint_configs').selectAll().execute()) + JSON.stringify(await db.selectFrom('secrets').selectAll().execute());
    expect(stored).not.toContain(API_KEY);
    expect(stored).toContain('{{secrets/');
  });

  it('streams from the upstream chunk by chunk with usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage ??= chunk.usage;
    }
    expect(text).toBe('Hello from the fake upstream model.');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    const row = (await rows()).at(-1)!;
    expect(row.stream).toBe(1);
    expect(JSON.parse(row.response!)).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'Hello from the fake upstream model.' } }] });
    expect(row.ttft_ms).toBeGreaterThan(0);
  });

  it('turns upstream 5xx, invalid JSON and 429 into clear errors, all captured', async () => {
    upstream.setMode({ kind: 'http-error', status: 503 });
    await expect(client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'a' }] })).rejects.toMatchObject({ status: 502, code: 'UPSTREAM_ERROR' });
    upstream.setMode('invalid-json');
    await expect(client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'b' }] })).rejects.toMatchObject({ status: 502, code: 'UPSTREAM_INVALID_RESPONSE' });
    upstream.setMode({ kind: 'http-error', status: 429, retryAfter: '7' });
    const limited = await server.request('/v1/chat/completions', { method: 'POST', json: { model: 'gpt', messages: [{ role: 'user', content: 'c' }] } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const captured = (await rows()).slice(-3);
    expect(captured.map((row) => [row.status_code, row.error_code])).toEqual([
      [502, 'UPSTREAM_ERROR'],
      [502, 'UPSTREAM_INVALID_RESPONSE'],
      [429, 'REQUEST_LIMIT_EXCEEDED'],
    ]);
    expect(JSON.stringify(captured)).not.toContain(API_KEY);
  });

  it('ends a stream that the upstream drops with an error event, never a silent truncation', async () => {
    upstream.setMode({ kind: 'drop-mid-stream', afterChunks: 2 });
    const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const failure = await (async () => {
      try {
        for await (const _chunk of stream) {
          // consume
        }
        return undefined;
      } catch (error) {
        return error as { code?: string; message: string };
      }
    })();
    expect(failure?.code).toBe('UPSTREAM_CONNECTION_ERROR');
    const row = (await rows()).at(-1)!;
    expect(row.status_code).toBe(502);
    expect(row.error_code).toBe('UPSTREAM_CONNECTION_ERROR');
  });

  it('bounds the whole call with the request timeout and aborts the upstream', async () => {
    upstream.setMode('hang');
    const started = Date.now();
    await expect(client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 504, code: 'REQUEST_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(10_000);
    await upstream.waitForAbortedRequests(1, 5_000);
    expect((await rows()).at(-1)).toMatchObject({ status_code: 504, error_code: 'REQUEST_TIMEOUT' });
  });

  it('aborts the upstream call when the client disconnects mid-stream', async () => {
    upstream.setMode({ kind: 'slow-stream', ms: 200 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: controller.signal });
    // The SDK ends iteration quietly when its own signal aborts.
    await (async () => {
      for await (const _chunk of stream) controller.abort();
    })().catch(() => undefined);
    await upstream.waitForAbortedRequests(1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await rows()).at(-1)).toMatchObject({ status_code: 499, error_code: 'CLIENT_CLOSED_REQUEST' });
  });

  it('applies a config update without dropping the call in flight', async () => {
    upstream.setMode({ kind: 'slow-stream', ms: 60 });
    const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const collected = (async () => {
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    })();
    const update = await server.request('/api/2.0/serving-endpoints/gpt/config', {
      method: 'PUT',
      json: { served_entities: [{ name: 'demo-1', entity_name: 'demo', entity_version: '1' }] },
    });
    expect(update.status).toBe(200);
    expect(((await update.json()) as { config: { config_version: number } }).config.config_version).toBe(2);
    const next = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }).withResponse();
    expect(next.response.headers.get('served-model-name')).toBe('demo-1');
    expect(await collected).toBe('Hello from the fake upstream model.');
  });
});
