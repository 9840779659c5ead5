import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

/** The official `openai` SDK against the built-in demo model, end to end through a real server. */
describe.each(testDialects)('openai SDK against demo-chat on %s', (dialect) => {
  let server: TestServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.adminToken, maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a chat completion with usage, request id and served-model-name headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'demo-chat', messages: [{ role: 'user', content: 'How do I monitor a model in production?' }], max_tokens: 20 })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('demo-chat');
    expect(data.choices[0]?.message.role).toBe('assistant');
    expect(typeof data.choices[0]?.message.content).toBe('string');
    expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(data.choices[0]?.finish_reason);
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBeLessThanOrEqual(20);
    expect(data.usage?.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('served-model-name')).toBe('demo-1');
    expect(Number(response.headers.get('x-cairn-overhead-ms'))).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic for a fixed seed', async () => {
    const ask = () =>
      client.chat.completions.create({ model: 'demo-chat', messages: [{ role: 'user', content: 'deploy a canary' }], seed: 7, temperature: 1, max_tokens: 16 });
    const [first, second] = await Promise.all([ask(), ask()]);
    expect(first.choices[0]?.message.content).toBe(second.choices[0]?.message.content);
  });

  it('streams chunks, a usage chunk when asked, and ends cleanly', async () => {
    const stream = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Tell me about traffic splits' }],
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? '';
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(finish);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('answers text completions and embeddings', async () => {
    const completion = await client.completions.create({ model: 'demo-chat', prompt: 'Models are', max_tokens: 8 });
    expect(completion.object).toBe('text_completion');
    expect(typeof completion.choices[0]?.text).toBe('string');

    const embeddings = await client.embeddings.create({ model: 'demo-chat', input: ['monitor drift', 'monitor drift daily', 'banana bread'] });
    expect(embeddings.data).toHaveLength(3);
    const [a, b, c] = embeddings.data.map((item) => item.embedding);
    const dot = (x: number[], y: number[]) => x.reduce((sum, value, index) => sum + value * y[index]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });

  it('lists the endpoints the caller may query as models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('demo-chat');
    const one = await client.models.retrieve('demo-chat');
    expect(one.id).toBe('demo-chat');
  });

  it('maps errors to the SDK error classes with OpenAI error bodies', async () => {
    await expect(client.chat.completions.create({ model: 'no-such-endpoint', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'RESOURCE_DOES_NOT_EXIST',
    });
    await expect(
      client.chat.completions.create({ model: 'demo-chat', messages: [{ role: 'user', content: 'hi' }], temperature: 9 }),
    ).rejects.toMatchObject({ status: 400, code: 'INVALID_PARAMETER_VALUE', param: 'temperature' });
    const anonymous = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'cairn_not-a-real-token', maxRetries: 0 });
    await expect(anonymous.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('captures every call, including failures, in the inference table', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'demo-chat', messages: [{ role: 'user', content: 'write to alice@example.com' }], max_tokens: 5 })
      .withResponse();
    const requestId = response.headers.get('x-request-id')!;
    await client.chat.completions.create({ model: 'demo-chat', messages: [], max_tokens: 5 }).catch(() => undefined);
    await server.app.services.capture.flush();
    const rows = await server.app.services.storage.db.selectFrom('inference_log').selectAll().where('endpoint_name', '=', 'demo-chat').execute();
    const ok = rows.find((row) => row.request_id === requestId);
    expect(ok).toMatchObject({ status_code: 200, served_entity_name: 'demo-1', model_name: 'demo', model_version: '1', requester: 'admin', stream: 0 });
    expect(ok!.input_tokens).toBeGreaterThan(0);
    expect(ok!.request).not.toContain('alice@example.com');
    expect(rows.some((row) => row.status_code === 400 && row.error_code === 'INVALID_PARAMETER_VALUE')).toBe(true);
  });
});
