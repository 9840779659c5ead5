import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { principalWithToken } from '../src/http/databricks/test-support/auth-fixtures.js';
import { DEFAULT_ANTHROPIC_REPLY, type FakeAnthropicUpstream, startFakeAnthropicUpstream } from '../src/providers/test-support/fake-anthropic-upstream.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

const UPSTREAM_KEY = 'sk-ant-upstream-key-0123456789abcdefghij';

/**
 * The official Anthropic SDK → Cairn's `/v1/messages` front door → any chat endpoint (the demo model, and an
 * `anthropic`-flavour endpoint backed by a fake Anthropic API); and the OpenAI SDK → that anthropic endpoint.
 */
describe('Anthropic SDK and the anthropic flavour', () => {
  let server: TestServer;
  let upstream: FakeAnthropicUpstream;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    upstream = await startFakeAnthropicUpstream({ apiKey: UPSTREAM_KEY });
    server = await startTestServer({ config: { server: { request_timeout_ms: 5000 } } });
    anthropic = new Anthropic({ baseURL: server.url, apiKey: server.adminToken, maxRetries: 0, timeout: 10_000 });
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.adminToken, maxRetries: 0, timeout: 10_000 });
    const created = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: {
        name: 'claude',
        config: {
          served_entities: [
            {
              name: 'sonnet',
              external_model: {
                name: 'claude-sonnet-fake',
                provider: 'anthropic',
                task: 'llm/v1/chat',
                anthropic_config: { anthropic_api_base: upstream.url, anthropic_api_key_plaintext: UPSTREAM_KEY },
              },
            },
          ],
        },
      },
    });
    expect(created.status, await created.clone().text()).toBe(200);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await server?.close();
    await upstream?.close();
  });

  async function rows(endpoint: string) {
    await server.app.services.capture.flush();
    return server.app.services.storage.db.selectFrom('inference_log').selectAll().where('endpoint_name', '=', endpoint).orderBy('request_time').execute();
  }

  describe('configuration', () => {
    it('stores the plaintext key as a secret and never returns or stores it in the config', async () => {
      const endpoint = await (await server.request('/api/2.0/serving-endpoints/claude')).text();
      expect(endpoint).not.toContain(UPSTREAM_KEY);
      const entity = (JSON.parse(endpoint) as { config: { served_entities: Array<{ external_model: { anthropic_config: Record<string, string> } }> } }).config.served_entities[0]!;
      expect(entity.external_model.anthropic_config).not.toHaveProperty('anthropic_api_key_plaintext');
      expect(entity.external_model.anthropic_config.anthropic_api_key).toMatch(/^\{\{secrets\/[^/]+\/[^/]+\}\}$/);
      const { db } = server.app.services.storage;
      const stored = JSON.stringify(await db.selectFrom('endpoint_configs').selectAll().execute()) + JSON.stringify(await db.selectFrom('secrets').selectAll().execute());
      expect(stored).not.toContain(UPSTREAM_KEY);
    });

    it('lets only admins configure an anthropic model, and checks the config', async () => {
      const user = await principalWithToken(server, 'anthropic-config-user');
      const config = {
        served_entities: [
          { name: 'x', external_model: { name: 'claude-x', provider: 'anthropic', task: 'llm/v1/chat', anthropic_config: { anthropic_api_key_plaintext: 'sk-ant-user' } } },
        ],
      };
      const refused = await server.request('/api/2.0/serving-endpoints', { method: 'POST', token: user.token, json: { name: 'user-claude', config } });
      expect(refused.status).toBe(403);
      const noKey = await server.request('/api/2.0/serving-endpoints', {
        method: 'POST',
        json: { name: 'no-key', config: { served_entities: [{ external_model: { name: 'c', provider: 'anthropic', task: 'llm/v1/chat', anthropic_config: {} } }] } },
      });
      expect(noKey.status).toBe(400);
      expect(await noKey.text()).toContain('anthropic_api_key');
      const metadataBase = await server.request('/api/2.0/serving-endpoints', {
        method: 'POST',
        json: {
          name: 'metadata-claude',
          config: {
            served_entities: [
              { external_model: { name: 'c', provider: 'anthropic', task: 'llm/v1/chat', anthropic_config: { anthropic_api_base: 'http://169.254.169.254', anthropic_api_key_plaintext: 'k' } } },
            ],
          },
        },
      });
      expect(metadataBase.status).toBe(400);
    });
  });

  describe('the Anthropic SDK against /v1/messages', () => {
    it('answers from the demo endpoint with usage, sending the token as x-api-key', async () => {
      const { data, response } = await anthropic.messages
        .create({ model: 'demo-chat', max_tokens: 20, system: 'You are terse.', messages: [{ role: 'user', content: 'How do I monitor a model in production?' }] })
        .withResponse();
      expect(data).toMatchObject({ type: 'message', role: 'assistant', model: 'demo-chat', stop_sequence: null });
      expect(data.id).toMatch(/^msg_/);
      expect(['end_turn', 'max_tokens']).toContain(data.stop_reason);
      const block = data.content[0];
      expect(block?.type).toBe('text');
      expect(block?.type === 'text' && block.text.length > 0).toBe(true);
      expect(data.usage.input_tokens).toBeGreaterThan(0);
      expect(data.usage.output_tokens).toBeGreaterThan(0);
      expect(data.usage.output_tokens).toBeLessThanOrEqual(20);
      expect(response.headers.get('served-model-name')).toBe('demo-1');
    });

    it('relays an anthropic-flavour endpoint with the upstream key, usage and system prompt', async () => {
      const message = await anthropic.messages.create({
        model: 'claude',
        max_tokens: 64,
        system: [{ type: 'text', text: 'Be brief.' }],
        temperature: 0.2,
        stop_sequences: ['###'],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }],
        // This SDK version no longer types the sampling fields; older clients and the Messages API still use them.
      } as Anthropic.MessageCreateParamsNonStreaming);
      expect(message.content).toEqual([{ type: 'text', text: DEFAULT_ANTHROPIC_REPLY }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage).toMatchObject({ input_tokens: 4, output_tokens: 6 });
      const sent = upstream.requests.at(-1)!;
      expect(sent.headers['x-api-key']).toBe(UPSTREAM_KEY);
      expect(sent.body).toMatchObject({
        model: 'claude-sonnet-fake',
        max_tokens: 64,
        system: 'Be brief.',
        temperature: 0.2,
        stop_sequences: ['###'],
        messages: [{ role: 'user', content: 'Say hello' }],
      });
    });

    it('streams text deltas and the final usage (messages.stream) from the demo and the anthropic endpoints', async () => {
      for (const model of ['demo-chat', 'claude']) {
        const stream = anthropic.messages.stream({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Tell me about traffic splits' }] });
        let text = '';
        let deltas = 0;
        stream.on('text', (delta) => {
          text += delta;
          deltas++;
        });
        const final = await stream.finalMessage();
        expect(deltas, model).toBeGreaterThan(1);
        expect(text.length).toBeGreaterThan(0);
        expect(final.content[0]).toEqual({ type: 'text', text, citations: undefined });
        expect(final.usage.output_tokens).toBeGreaterThan(0);
        expect(final.usage.input_tokens).toBeGreaterThan(0);
        if (model === 'claude') {
          expect(text).toBe(DEFAULT_ANTHROPIC_REPLY);
          expect(final.usage).toMatchObject({ input_tokens: 5, output_tokens: 6 });
        }
      }
    });

    it('emits Anthropic’s event sequence for stream: true', async () => {
      const stream = await anthropic.messages.create({ model: 'claude', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      expect(types[0]).toBe('message_start');
      expect(types[1]).toBe('content_block_start');
      expect(types.filter((type) => type === 'content_block_delta')).toHaveLength(6);
      expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    });

    it('round-trips tool use: tools in, tool_use out, tool_result back', async () => {
      const tools: Anthropic.Tool[] = [{ name: 'search', description: 'Search docs', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }];
      const first = await anthropic.messages.create({ model: 'claude', max_tokens: 64, tools, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'Find the docs' }] });
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((block) => block.type === 'tool_use');
      expect(toolUse).toMatchObject({ type: 'tool_use', name: 'search', input: { query: 'fake' } });
      expect(upstream.requests.at(-1)!.body).toMatchObject({
        tools: [{ name: 'search', description: 'Search docs', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }],
        tool_choice: { type: 'any' },
      });

      const streamed = await anthropic.messages.stream({ model: 'claude', max_tokens: 64, tools, messages: [{ role: 'user', content: 'Find the docs' }] }).finalMessage();
      expect(streamed.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'search', input: { query: 'fake' } });

      await anthropic.messages.create({
        model: 'claude',
        max_tokens: 64,
        messages: [
          { role: 'user', content: 'Find the docs' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.type === 'tool_use' ? toolUse!.id : '', content: 'Cairn docs live in docs/' }] },
        ],
      });
      const followUp = upstream.requests.at(-1)!.body as { messages: unknown[] };
      expect(followUp.messages).toEqual([
        { role: 'user', content: 'Find the docs' },
        { role: 'assistant', content: [{ type: 'text', text: 'Let me look that up.' }, { type: 'tool_use', id: toolUse!.type === 'tool_use' ? toolUse!.id : '', name: 'search', input: { query: 'fake' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.type === 'tool_use' ? toolUse!.id : '', content: 'Cairn docs live in docs/' }] },
      ]);
    });

    it('answers errors as the SDK’s typed errors', async () => {
      const ask = (client: Anthropic, model: string, content: Anthropic.MessageParam['content'] = 'hi') =>
        client.messages.create({ model, max_tokens: 8, messages: [{ role: 'user', content }] });
      await expect(ask(anthropic, 'no-such-endpoint')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
      const stranger = new Anthropic({ baseURL: server.url, apiKey: 'cairn_not-a-real-token-000000000000000000', maxRetries: 0 });
      await expect(ask(stranger, 'demo-chat')).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
      const image = ask(anthropic, 'demo-chat', [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }]);
      await expect(image).rejects.toBeInstanceOf(Anthropic.BadRequestError);
      await expect(image).rejects.toMatchObject({ error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('Image content blocks are not supported') } } });
      upstream.setMode({ kind: 'http-error', status: 429, retryAfter: '3' });
      await expect(ask(anthropic, 'claude')).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    });

    it('ends a stream that fails upstream mid-way with an error event the SDK raises', async () => {
      upstream.setMode({ kind: 'stream-error', afterEvents: 5 });
      const stream = anthropic.messages.stream({ model: 'claude', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      stream.on('error', () => undefined);
      const failure = await stream.finalMessage().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Anthropic.APIError);
      expect(String((failure as Error).message)).toContain('Overloaded');
      expect(text).toBe('Hello from');
    });

    it('captures /v1/messages calls in the inference table, with unsupported fields flagged', async () => {
      await anthropic.messages.create({ model: 'claude', max_tokens: 8, metadata: { user_id: 'u-1' }, messages: [{ role: 'user', content: 'capture me' }] });
      const row = (await rows('claude')).at(-1)!;
      expect(row.status_code).toBe(200);
      expect(JSON.parse(row.request!)).toMatchObject({ model: 'claude', max_tokens: 8, messages: [{ role: 'user', content: 'capture me' }] });
      // Every surface's answers are stored in one (OpenAI) shape, so monitors and reviews read them alike.
      expect(JSON.parse(row.response!)).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: expect.any(String) } }] });
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(JSON.parse(row.logging_error_codes ?? '[]')).toContain('UNSUPPORTED_PARAMETERS');
      const failed = await anthropic.messages.create({ model: 'claude', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }] }] }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(Anthropic.BadRequestError);
      expect((await rows('claude')).at(-1)!.status_code).toBe(400);
    });
  });

  describe('the OpenAI SDK against an anthropic-flavour endpoint', () => {
    it('translates chat completions both ways, with usage', async () => {
      const reply = await openai.chat.completions.create({
        model: 'claude',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello' },
        ],
        max_tokens: 30,
        seed: 3,
      });
      expect(reply.choices[0]?.message.content).toBe(DEFAULT_ANTHROPIC_REPLY);
      expect(reply.choices[0]?.finish_reason).toBe('stop');
      expect(reply.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
      expect(upstream.requests.at(-1)!.body).toMatchObject({ system: 'Be brief.', max_tokens: 30, messages: [{ role: 'user', content: 'Say hello' }] });
      const row = (await rows('claude')).at(-1)!;
      expect(JSON.parse(row.logging_error_codes ?? '[]')).toContain('UNSUPPORTED_PARAMETERS');
    });

    it('streams with a usage chunk, and returns tool calls in OpenAI’s shape', async () => {
      const stream = await openai.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage ??= chunk.usage;
      }
      expect(text).toBe(DEFAULT_ANTHROPIC_REPLY);
      expect(usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 6 });

      const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'search', parameters: { type: 'object', properties: {} } } }];
      const called = await openai.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'find' }], tools });
      expect(called.choices[0]?.finish_reason).toBe('tool_calls');
      expect(called.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'search', arguments: '{"query":"fake"}' } });
    });

    it('refuses embeddings on the anthropic endpoint', async () => {
      await expect(openai.embeddings.create({ model: 'claude', input: 'x' })).rejects.toMatchObject({ status: 400 });
    });
  });
});
