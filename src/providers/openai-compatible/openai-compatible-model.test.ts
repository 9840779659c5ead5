import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { GenerateRequest, LanguageModel } from '../spec.js';
import { type FakeOpenAiUpstream, FAKE_MODE_HEADER, formatFakeMode, startFakeOpenAiUpstream } from '../test-support/fake-openai-upstream.js';
import { FAKE_TOOL_ARGUMENTS } from '../test-support/fake-openai-wire.js';
import { createOpenAiCompatibleModel } from './openai-compatible-model.js';
import { mapEmbeddings } from './response-mapping.js';

const API_KEY = 'sk-test-0123456789abcdefSECRET';

let upstream: FakeOpenAiUpstream;
let model: LanguageModel;

beforeAll(async () => {
  upstream = await startFakeOpenAiUpstream();
  model = createOpenAiCompatibleModel({ baseUrl: upstream.url, apiKey: API_KEY, model: 'gpt-fake', organization: 'org-42' });
});
afterEach(() => upstream.reset());
afterAll(async () => {
  await model.close?.();
  await upstream.close();
});

function chat(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    input: { kind: 'chat', messages: [{ role: 'user', content: 'Say hello to the test suite' }] },
    params: { extra: {} },
    signal: new AbortController().signal,
    requestId: 'req-123',
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (isCairnError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Everything about an error a client, a log line or a capture row could ever show. */
function everythingIn(error: CairnError): string {
  return [error.message, JSON.stringify(error.details), JSON.stringify(error.headers), inspect(error, { depth: 10 })].join('\n');
}

describe('createOpenAiCompatibleModel: generate', () => {
  it('answers a chat completion with text, finish reason, usage, and the upstream id and model', async () => {
    const result = await model.doGenerate(chat());
    expect(result).toEqual({
      id: expect.stringMatching(/^chatcmpl-fake/),
      model: 'gpt-fake',
      choices: [{ index: 0, text: 'Hello from the fake upstream model.', finishReason: 'stop' }],
      usage: { inputTokens: 6, outputTokens: 6 },
    });
    expect(model.provider).toBe('openai');
    expect(model.capabilities).toEqual({ chat: true, completions: true, embeddings: true, streaming: true });
  });

  it('sends the request id, the key and the organization upstream, as JSON to /chat/completions', async () => {
    await model.doGenerate(chat());
    const [received] = upstream.requests;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/v1/chat/completions');
    expect(received?.headers['x-request-id']).toBe('req-123');
    expect(received?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(received?.headers['openai-organization']).toBe('org-42');
    expect(received?.headers['content-type']).toBe('application/json');
  });

  it('maps every sampling parameter and forwards extra fields verbatim, without letting them override model or stream', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }];
    await model.doGenerate(
      chat({
        params: {
          temperature: 0.3,
          top_p: 0.9,
          max_tokens: 12,
          stop: ['END'],
          seed: 7,
          n: 1,
          presence_penalty: 0.5,
          frequency_penalty: -0.5,
          extra: {
            tools,
            tool_choice: 'none',
            response_format: { type: 'json_object' },
            logprobs: true,
            user: 'u-1',
            model: 'attacker-choice',
            stream: true,
          },
        },
      }),
    );
    expect(upstream.requests[0]?.body).toEqual({
      model: 'gpt-fake',
      messages: [{ role: 'user', content: 'Say hello to the test suite' }],
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 12,
      stop: ['END'],
      seed: 7,
      n: 1,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      tools,
      tool_choice: 'none',
      response_format: { type: 'json_object' },
      logprobs: true,
      user: 'u-1',
    });
  });

  it('returns tool calls in the spec shape with finish reason tool_calls', async () => {
    const result = await model.doGenerate(
      chat({ params: { extra: { tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }] } } }),
    );
    expect(result.choices).toEqual([
      {
        index: 0,
        text: '',
        finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_fake_0', type: 'function', function: { name: 'get_weather', arguments: FAKE_TOOL_ARGUMENTS } }],
      },
    ]);
  });

  it('returns every choice when n > 1', async () => {
    const result = await model.doGenerate(chat({ params: { n: 3, extra: {} } }));
    expect(result.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
  });

  it('serves text completions from /completions', async () => {
    const result = await model.doGenerate(chat({ input: { kind: 'completion', prompt: 'Once upon a time' } }));
    expect(result.choices[0]?.text).toBe('Hello from the fake upstream model.');
    expect(result.usage?.inputTokens).toBe(4);
    expect(upstream.requests[0]?.path).toBe('/v1/completions');
    expect(upstream.requests[0]?.body).toMatchObject({ model: 'gpt-fake', prompt: 'Once upon a time' });
  });

  it('keeps a base path and query string (e.g. Azure api-version) and reuses keep-alive connections, shared across models of one origin', async () => {
    const versioned = createOpenAiCompatibleModel({ baseUrl: `${upstream.url}/?api-version=2024-10-21`, model: 'm' });
    for (let call = 0; call < 4; call++) await versioned.doGenerate(chat());
    await versioned.close?.();
    expect(upstream.requests[0]?.path).toBe('/v1/chat/completions?api-version=2024-10-21');
    expect(upstream.requests[0]?.headers.authorization).toBeUndefined();
    // The pool is shared per origin, so this model may even reuse a socket opened by an earlier test.
    expect(upstream.connections).toBeLessThanOrEqual(1);
  });
});

describe('createOpenAiCompatibleModel: embeddings', () => {
  it('returns one vector per input in input order, honouring dimensions, with usage', async () => {
    const result = await model.doEmbed({ input: ['alpha beta', 'gamma'], dimensions: 4, signal: new AbortController().signal, requestId: 'r' });
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings.every((vector) => vector.length === 4)).toBe(true);
    expect(result.embeddings[0]).not.toEqual(result.embeddings[1]);
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 0 });
    expect(upstream.requests[0]?.path).toBe('/v1/embeddings');
    expect(upstream.requests[0]?.body).toEqual({ model: 'gpt-fake', input: ['alpha beta', 'gamma'], dimensions: 4 });
  });

  it('decodes base64 embeddings and reorders by index', () => {
    const encoded = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');
    const result = mapEmbeddings(
      { data: [{ index: 1, embedding: encoded([0.5, -1]) }, { index: 0, embedding: [0.25, 2] }], model: 'm', usage: null },
      2,
    );
    expect(result.embeddings).toEqual([
      [0.25, 2],
      [0.5, -1],
    ]);
  });
});

describe('createOpenAiCompatibleModel: upstream failures', () => {
  it('relays an upstream 429 as REQUEST_LIMIT_EXCEEDED 429 with its Retry-After', async () => {
    upstream.setMode({ kind: 'http-error', status: 429, retryAfter: '17', message: 'Rate limit reached for requests' });
    const error = await failure(model.doGenerate(chat()));
    expect(error.code).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '17' });
    expect(error.message).toBe('Rate limit reached for requests');
  });

  it("keeps an upstream 4xx status and message as UPSTREAM_ERROR (the caller's request was at fault)", async () => {
    upstream.setMode({ kind: 'http-error', status: 400, message: "Invalid value for 'temperature'." });
    const error = await failure(model.doGenerate(chat()));
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.status).toBe(400);
    expect(error.message).toBe("Invalid value for 'temperature'.");
  });

  it('turns an upstream 5xx into UPSTREAM_ERROR 502', async () => {
    upstream.setMode({ kind: 'http-error', status: 503, message: 'overloaded' });
    const error = await failure(model.doGenerate(chat()));
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.status).toBe(502);
    expect(error.message).toContain('503');
    expect(error.details).toEqual({ upstream_status: 503 });
  });

  it('SEC-API7: never follows a redirect', async () => {
    upstream.setMode({ kind: 'http-error', status: 307 });
    const error = await failure(model.doGenerate(chat()));
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/redirect/);
    expect(upstream.requestCount).toBe(1);
  });

  it('SEC-API10: invalid JSON and an unexpected JSON shape are UPSTREAM_INVALID_RESPONSE 502', async () => {
    upstream.setMode('invalid-json');
    const invalidJson = await failure(model.doGenerate(chat()));
    expect([invalidJson.code, invalidJson.status]).toEqual(['UPSTREAM_INVALID_RESPONSE', 502]);
    upstream.setMode('wrong-shape');
    const wrongShape = await failure(model.doGenerate(chat()));
    expect([wrongShape.code, wrongShape.status]).toEqual(['UPSTREAM_INVALID_RESPONSE', 502]);
    const embeddings = await failure(model.doEmbed({ input: ['x'], signal: new AbortController().signal, requestId: 'r' }));
    expect(embeddings.code).toBe('UPSTREAM_INVALID_RESPONSE');
  });

  it('SEC-API10: a connection dropped mid-body is UPSTREAM_CONNECTION_ERROR 502', async () => {
    upstream.setMode('drop-mid-stream');
    const error = await failure(model.doGenerate(chat()));
    expect([error.code, error.status]).toEqual(['UPSTREAM_CONNECTION_ERROR', 502]);
  });

  it('a refused connection is UPSTREAM_CONNECTION_ERROR 502', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createOpenAiCompatibleModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', apiKey: API_KEY });
    const error = await failure(unreachable.doGenerate(chat()));
    await unreachable.close?.();
    expect([error.code, error.status]).toEqual(['UPSTREAM_CONNECTION_ERROR', 502]);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a response that never starts is UPSTREAM_TIMEOUT 504, and the upstream socket is closed', async () => {
    const impatient = createOpenAiCompatibleModel({ baseUrl: upstream.url, model: 'm', headersTimeoutMs: 100 });
    upstream.setMode('hang');
    const error = await failure(impatient.doGenerate(chat()));
    expect([error.code, error.status]).toEqual(['UPSTREAM_TIMEOUT', 504]);
    await upstream.waitForAbortedRequests(1);
    await impatient.close?.();
  });

  it('a body that stalls between chunks is UPSTREAM_TIMEOUT 504', async () => {
    const impatient = createOpenAiCompatibleModel({ baseUrl: upstream.url, model: 'm', idleTimeoutMs: 50 });
    upstream.setMode({ kind: 'slow-stream', ms: 2000 });
    const error = await failure(impatient.doGenerate(chat()));
    expect([error.code, error.status]).toEqual(['UPSTREAM_TIMEOUT', 504]);
    await impatient.close?.();
  });

  it('an abort while waiting for the upstream closes its socket and rethrows a CairnError reason as given', async () => {
    upstream.setMode('hang');
    const controller = new AbortController();
    const pending = failure(model.doGenerate(chat({ signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new CairnError('REQUEST_TIMEOUT', 'The call took longer than the endpoint allows.');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await upstream.waitForAbortedRequests(1);

    const plainAbort = new AbortController();
    const second = failure(model.doGenerate(chat({ signal: plainAbort.signal })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    plainAbort.abort();
    expect((await second).code).toBe('CLIENT_CLOSED_REQUEST');
    await upstream.waitForAbortedRequests(2);
  });

  it('never puts the API key in an error, even when the upstream echoes it', async () => {
    const modes = [
      { kind: 'http-error', status: 401, message: `Incorrect API key provided: ${API_KEY}.` },
      { kind: 'http-error', status: 429, message: `key ${API_KEY} is over quota`, retryAfter: '1' },
      { kind: 'http-error', status: 500, message: API_KEY },
      { kind: 'invalid-json' },
      { kind: 'wrong-shape' },
      { kind: 'drop-mid-stream' },
    ] as const;
    for (const mode of modes) {
      upstream.setMode(mode);
      const errors = [await failure(model.doGenerate(chat()))];
      const streamed = (async () => {
        for await (const _part of model.doStream(chat())) {
          // drain
        }
      })();
      errors.push(await failure(streamed));
      for (const error of errors) expect(everythingIn(error), mode.kind).not.toContain(API_KEY);
    }
  });

  it('refuses a metadata base URL at creation (SEC-API7)', () => {
    expect(() => createOpenAiCompatibleModel({ baseUrl: 'http://169.254.169.254/v1', model: 'm' })).toThrow(/metadata/);
    expect(() => createOpenAiCompatibleModel({ baseUrl: upstream.url, model: 'm', allowPrivateNetworks: false })).toThrow(/private/);
  });
});

describe('fake upstream: per-request mode header', () => {
  it('switches mode for one request through x-fake-mode, for Cairn-level tests and the benchmark', async () => {
    const response = await fetch(`${upstream.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [FAKE_MODE_HEADER]: formatFakeMode({ kind: 'http-error', status: 418, retryAfter: '3' }) },
      body: JSON.stringify({ model: 'x', messages: [] }),
    });
    expect(response.status).toBe(418);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('418');
    const models = await fetch(`${upstream.url}/models`);
    expect(await models.json()).toMatchObject({ object: 'list', data: [{ id: 'fake-model', object: 'model' }] });
  });
});
