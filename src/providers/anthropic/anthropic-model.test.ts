import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { GenerateRequest, GenerationParams, LanguageModel, StreamPart } from '../spec.js';
import {
  DEFAULT_ANTHROPIC_REPLY,
  type FakeAnthropicUpstream,
  fakeAnthropicStreamEvents,
  startFakeAnthropicUpstream,
} from '../test-support/fake-anthropic-upstream.js';
import { createAnthropicModel } from './anthropic-model.js';
import { AnthropicStreamTranslator } from './anthropic-stream.js';

const API_KEY = 'sk-ant-test-0123456789abcdefghijklmnop';
let upstream: FakeAnthropicUpstream;
let model: LanguageModel;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: API_KEY });
  model = createAnthropicModel({ baseUrl: upstream.url, apiKey: API_KEY, model: 'claude-fake', allowPrivateNetworks: true });
});
afterEach(() => upstream.reset());
afterAll(async () => {
  await model.close?.();
  await upstream.close();
});

function request(overrides: { messages?: GenerateRequest['input']; params?: Partial<GenerationParams>; signal?: AbortSignal } = {}): GenerateRequest {
  return {
    input: overrides.messages ?? { kind: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }] },
    params: { extra: {}, ...overrides.params },
    signal: overrides.signal ?? new AbortController().signal,
    requestId: 'req-anthropic',
  };
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<{ parts: StreamPart[]; error?: CairnError }> {
  const parts: StreamPart[] = [];
  try {
    for await (const part of stream) parts.push(part);
    return { parts };
  } catch (error) {
    if (!isCairnError(error)) throw error;
    return { parts, error };
  }
}

async function failure(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (isCairnError(error)) return error;
    throw error;
  }
  throw new Error('expected a CairnError');
}

const text = (parts: StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
const sentBody = () => upstream.requests.at(-1)!.body as Record<string, unknown>;

describe('createAnthropicModel: JSON', () => {
  it('sends the Messages API request with the key, version and system prompt, and maps the answer with usage', async () => {
    const result = await model.doGenerate(request({ params: { temperature: 0.3, top_p: 0.9, stop: ['END'] } }));
    expect(result.choices).toEqual([{ index: 0, text: DEFAULT_ANTHROPIC_REPLY, finishReason: 'stop' }]);
    expect(result.usage).toEqual({ inputTokens: 4, outputTokens: 6 });
    expect(result.id).toMatch(/^msg_fake/);
    expect(result.warnings).toBeUndefined();
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(API_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-fake',
      max_tokens: 4096,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Say hello' }],
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
    });
  });

  it('accepts a base URL that already ends in /v1', async () => {
    const withV1 = createAnthropicModel({ baseUrl: `${upstream.url}/v1`, apiKey: API_KEY, model: 'claude-fake', allowPrivateNetworks: true });
    try {
      await withV1.doGenerate(request());
      expect(upstream.requests.at(-1)!.path).toBe('/v1/messages');
    } finally {
      await withV1.close?.();
    }
  });

  it('maps max_tokens and stop sequences to OpenAI finish reasons', async () => {
    const cut = await model.doGenerate(request({ params: { max_tokens: 2 } }));
    expect(cut.choices[0]).toMatchObject({ text: 'Hello from', finishReason: 'length' });
    expect(sentBody().max_tokens).toBe(2);
    const stopped = await model.doGenerate(request({ params: { stop: ['fake'] } }));
    expect(stopped.choices[0]).toMatchObject({ text: 'Hello from the ', finishReason: 'stop' });
  });

  it('reports parameters Anthropic cannot honour as warnings instead of dropping them silently', async () => {
    const result = await model.doGenerate(
      request({ params: { seed: 7, n: 2, presence_penalty: 0.5, frequency_penalty: 0.1, temperature: 1.5, extra: { response_format: { type: 'json_object' }, user: 'alice', top_k: 5 } } }),
    );
    expect(result.warnings).toEqual([
      'temperature 1.5 was lowered to 1, the anthropic maximum',
      'seed is not supported by the anthropic provider and was ignored',
      'n > 1 is not supported by the anthropic provider; one choice was generated',
      'presence_penalty is not supported by the anthropic provider and was ignored',
      'frequency_penalty is not supported by the anthropic provider and was ignored',
      'response_format is not supported by the anthropic provider and was ignored',
    ]);
    expect(sentBody()).toMatchObject({ temperature: 1, metadata: { user_id: 'alice' }, top_k: 5 });
    expect(sentBody()).not.toHaveProperty('seed');
  });

  it('translates tools, tool calls and tool results both ways', async () => {
    const result = await model.doGenerate(
      request({
        messages: {
          kind: 'chat',
          messages: [
            { role: 'developer', content: 'Use tools.' },
            { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
                { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
              ],
            },
            { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
            { role: 'tool', tool_call_id: 'call_2', content: 'rainy' },
            { role: 'user', content: 'And Oslo?' },
          ],
        },
        params: {
          extra: {
            tools: [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
            tool_choice: 'required',
            parallel_tool_calls: false,
          },
        },
      }),
    );
    expect(sentBody()).toMatchObject({
      system: 'Use tools.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Rome' } },
          ],
        },
        {
          // Parallel tool results and the next user text share one user turn.
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'call_2', content: 'rainy' },
            { type: 'text', text: 'And Oslo?' },
          ],
        },
      ],
      tools: [{ name: 'weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(result.choices[0]).toMatchObject({
      text: 'Let me look that up.',
      finishReason: 'tool_calls',
      toolCalls: [{ id: expect.stringMatching(/^toolu_/), type: 'function', function: { name: 'weather', arguments: '{"query":"fake"}' } }],
    });
  });

  it('refuses requests Anthropic cannot express, before calling upstream', async () => {
    const badArguments = request({
      messages: { kind: 'chat', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] },
    });
    expect((await failure(model.doGenerate(badArguments))).code).toBe('INVALID_PARAMETER_VALUE');
    const badTools = request({ params: { extra: { tools: [{ type: 'retrieval' }] } } });
    expect((await failure(model.doGenerate(badTools))).code).toBe('INVALID_PARAMETER_VALUE');
    expect(upstream.requests).toHaveLength(0);
  });

  it('maps upstream HTTP errors like every adapter, and never shows the key', async () => {
    const wrongKey = createAnthropicModel({ baseUrl: upstream.url, apiKey: 'sk-ant-wrong-key-000000', model: 'claude-fake', allowPrivateNetworks: true });
    try {
      const unauthorised = await failure(wrongKey.doGenerate(request()));
      expect(unauthorised).toMatchObject({ code: 'UPSTREAM_ERROR', status: 401, message: 'invalid x-api-key' });
    } finally {
      await wrongKey.close?.();
    }
    upstream.setMode({ kind: 'http-error', status: 429, retryAfter: '7' });
    const limited = await failure(model.doGenerate(request()));
    expect(limited).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', status: 429, headers: { 'retry-after': '7' } });
    upstream.setMode({ kind: 'http-error', status: 529, message: `Overloaded for key ${API_KEY}` });
    const overloaded = await failure(model.doGenerate(request()));
    expect(overloaded).toMatchObject({ code: 'UPSTREAM_ERROR', status: 502 });
    expect(overloaded.message).toContain('HTTP 529');
    expect(overloaded.message).not.toContain(API_KEY);
  });

  it('refuses invalid JSON and unexpected shapes', async () => {
    upstream.setMode({ kind: 'invalid-json' });
    expect((await failure(model.doGenerate(request()))).code).toBe('UPSTREAM_INVALID_RESPONSE');
    upstream.setMode({ kind: 'wrong-shape' });
    expect((await failure(model.doGenerate(request()))).code).toBe('UPSTREAM_INVALID_RESPONSE');
  });

  it('does not serve embeddings', async () => {
    expect(model.capabilities.embeddings).toBe(false);
    const error = await failure(model.doEmbed({ input: ['x'], signal: new AbortController().signal, requestId: 'r' }));
    expect(error.code).toBe('CAPABILITY_NOT_SUPPORTED');
  });

  it('stops waiting when the caller aborts or the headers never come', async () => {
    upstream.setMode({ kind: 'hang' });
    const controller = new AbortController();
    const pending = failure(model.doGenerate(request({ signal: controller.signal })));
    controller.abort();
    expect((await pending).code).toBe('CLIENT_CLOSED_REQUEST');
    const impatient = createAnthropicModel({ baseUrl: upstream.url, apiKey: API_KEY, model: 'claude-fake', allowPrivateNetworks: true, headersTimeoutMs: 50 });
    try {
      expect((await failure(impatient.doGenerate(request()))).code).toBe('UPSTREAM_TIMEOUT');
    } finally {
      await impatient.close?.();
    }
  });

  it('refuses private upstreams when the configuration says so', () => {
    expect(() => createAnthropicModel({ baseUrl: upstream.url, apiKey: API_KEY, model: 'claude-fake', allowPrivateNetworks: false })).toThrow(CairnError);
  });
});

describe('createAnthropicModel: streaming', () => {
  it('streams metadata, text deltas, the finish and the usage', async () => {
    const { parts, error } = await collect(model.doStream(request()));
    expect(error).toBeUndefined();
    expect(parts[0]).toEqual({ type: 'metadata', id: expect.stringMatching(/^msg_fake/), model: 'claude-fake' });
    expect(text(parts)).toBe(DEFAULT_ANTHROPIC_REPLY);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(6);
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 4, outputTokens: 6 } },
    ]);
    expect(upstream.requests.at(-1)!.headers.accept).toBe('text/event-stream');
    expect(sentBody()).toMatchObject({ stream: true, max_tokens: 4096 });
  });

  it('streams tool calls as tool-call deltas and passes warnings on', async () => {
    const { parts, error } = await collect(
      model.doStream(request({ params: { seed: 1, extra: { tools: [{ type: 'function', function: { name: 'search' } }] } } })),
    );
    expect(error).toBeUndefined();
    expect(parts).toContainEqual({ type: 'warning', message: 'seed is not supported by the anthropic provider and was ignored' });
    const toolDeltas = parts.filter((part) => part.type === 'tool-call-delta');
    expect(toolDeltas[0]).toMatchObject({ toolCallIndex: 0, id: expect.stringMatching(/^toolu_/), name: 'search' });
    expect(toolDeltas.map((part) => part.argumentsDelta).join('')).toBe('{"query": "fake"}');
    expect(text(parts)).toBe('Let me look that up.');
    expect(parts).toContainEqual({ type: 'finish', index: 0, finishReason: 'tool_calls' });
  });

  it('turns malformed events, mid-stream errors and dropped connections into clear errors', async () => {
    upstream.setMode({ kind: 'invalid-json' });
    expect((await collect(model.doStream(request()))).error?.code).toBe('UPSTREAM_INVALID_RESPONSE');
    upstream.setMode({ kind: 'wrong-shape' });
    expect((await collect(model.doStream(request()))).error?.code).toBe('UPSTREAM_INVALID_RESPONSE');
    upstream.setMode({ kind: 'stream-error', afterEvents: 4 });
    const overloaded = await collect(model.doStream(request()));
    expect(overloaded.error).toMatchObject({ code: 'UPSTREAM_ERROR', message: 'The upstream model failed mid-stream: Overloaded' });
    expect(text(overloaded.parts)).toBe('Hello');
    upstream.setMode({ kind: 'drop-mid-stream', afterEvents: 4 });
    expect((await collect(model.doStream(request()))).error?.code).toBe('UPSTREAM_CONNECTION_ERROR');
  });

  it('fails before the first part when the upstream refuses the request', async () => {
    upstream.setMode({ kind: 'http-error', status: 400, message: 'messages: at least one message is required' });
    const { parts, error } = await collect(model.doStream(request()));
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', status: 400, message: 'messages: at least one message is required' });
  });

  it('yields the same parts however the bytes are split (property)', () => {
    const plans = [
      fakeAnthropicStreamEvents({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content: 'héllo wörld ✓' }] }, 'Grüße aus Zürich ✓ done'),
      fakeAnthropicStreamEvents({ model: 'm', max_tokens: 50, messages: [], tools: [{ name: 'search' }] }),
    ];
    const translate = (chunks: Uint8Array[]) => {
      const translator = new AnthropicStreamTranslator((value) => value);
      const parts: StreamPart[] = [];
      for (const chunk of chunks) translator.push(chunk, parts);
      translator.end(parts);
      return parts;
    };
    fc.assert(
      fc.property(fc.constantFrom(...plans), fc.boolean(), fc.array(fc.nat(), { maxLength: 30 }), (events, crlf, cuts) => {
        const bytes = Buffer.from(crlf ? events.join('').replaceAll('\n', '\r\n') : events.join(''), 'utf8');
        const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let start = 0;
        for (const position of [...positions, bytes.length]) {
          chunks.push(bytes.subarray(start, position));
          start = position;
        }
        expect(translate(chunks)).toEqual(translate([bytes]));
      }),
    );
  });
});
