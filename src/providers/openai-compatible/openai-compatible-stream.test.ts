import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { GenerateRequest, LanguageModel, StreamPart } from '../spec.js';
import { type FakeOpenAiUpstream, startFakeOpenAiUpstream } from '../test-support/fake-openai-upstream.js';
import { FAKE_TOOL_ARGUMENTS, OpenAiWire } from '../test-support/fake-openai-wire.js';
import { createOpenAiCompatibleModel } from './openai-compatible-model.js';
import { OpenAiStreamTranslator } from './openai-stream.js';

let upstream: FakeOpenAiUpstream;
let model: LanguageModel;

beforeAll(async () => {
  upstream = await startFakeOpenAiUpstream();
  model = createOpenAiCompatibleModel({ baseUrl: upstream.url, apiKey: 'sk-stream-test-key', model: 'gpt-fake' });
});
afterEach(() => upstream.reset());
afterAll(async () => {
  await model.close?.();
  await upstream.close();
});

function chat(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    input: { kind: 'chat', messages: [{ role: 'user', content: 'Stream to me' }] },
    params: { extra: {} },
    signal: new AbortController().signal,
    requestId: 'req-stream',
    ...overrides,
  };
}

/** Collects parts until the stream ends or fails; the failure (if any) comes back beside the parts. */
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

const text = (parts: StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

describe('createOpenAiCompatibleModel: streaming', () => {
  it('streams metadata, word deltas, the finish and the usage (always asked for upstream)', async () => {
    const { parts, error } = await collect(model.doStream(chat()));
    expect(error).toBeUndefined();
    expect(parts[0]).toEqual({ type: 'metadata', id: expect.stringMatching(/^chatcmpl-fake/), model: 'gpt-fake' });
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(6);
    expect(text(parts)).toBe('Hello from the fake upstream model.');
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 6 } },
    ]);
    const [received] = upstream.requests;
    expect(received?.headers.accept).toBe('text/event-stream');
    expect(received?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams text completions', async () => {
    const { parts } = await collect(model.doStream(chat({ input: { kind: 'completion', prompt: 'Once' } })));
    expect(text(parts)).toBe('Hello from the fake upstream model.');
    expect(upstream.requests[0]?.path).toBe('/v1/completions');
  });

  it('streams tool calls as deltas: id and name first, then argument pieces', async () => {
    const { parts } = await collect(
      model.doStream(chat({ params: { extra: { tools: [{ type: 'function', function: { name: 'get_weather' } }] } } })),
    );
    const deltas = parts.filter((part) => part.type === 'tool-call-delta');
    expect(deltas[0]).toEqual({ type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_fake_0', name: 'get_weather', argumentsDelta: '' });
    expect(deltas.map((delta) => delta.argumentsDelta).join('')).toBe(FAKE_TOOL_ARGUMENTS);
    expect(parts).toContainEqual({ type: 'finish', index: 0, finishReason: 'tool_calls' });
  });

  it('returns the socket to the pool after [DONE]: sequential streams reuse keep-alive connections', async () => {
    const own = await startFakeOpenAiUpstream();
    const pooled = createOpenAiCompatibleModel({ baseUrl: own.url, model: 'm' });
    for (let call = 0; call < 8; call++) expect((await collect(pooled.doStream(chat()))).error).toBeUndefined();
    // undici's pool opens a second socket once while the first is new; after that both are reused.
    expect(own.connections).toBeLessThanOrEqual(2);
    expect(own.abortedRequests).toBe(0);
    await pooled.close?.();
    await own.close();
  });

  it('passes slow streams through while chunks keep coming within the idle timeout', async () => {
    upstream.setMode({ kind: 'slow-stream', ms: 10 });
    const patient = createOpenAiCompatibleModel({ baseUrl: upstream.url, model: 'm', idleTimeoutMs: 1000 });
    const { parts, error } = await collect(patient.doStream(chat()));
    await patient.close?.();
    expect(error).toBeUndefined();
    expect(text(parts)).toBe('Hello from the fake upstream model.');
  });

  it('SEC-API10: a stream dropped mid-way yields what arrived, then UPSTREAM_CONNECTION_ERROR 502', async () => {
    upstream.setMode({ kind: 'drop-mid-stream', afterChunks: 3 });
    const { parts, error } = await collect(model.doStream(chat()));
    expect(text(parts)).toBe('Hello from');
    expect([error?.code, error?.status]).toEqual(['UPSTREAM_CONNECTION_ERROR', 502]);
  });

  it('SEC-API10: invalid JSON or an unexpected shape in a stream event is UPSTREAM_INVALID_RESPONSE 502', async () => {
    for (const mode of ['invalid-json', 'wrong-shape'] as const) {
      upstream.setMode(mode);
      const { error } = await collect(model.doStream(chat()));
      expect([error?.code, error?.status], mode).toEqual(['UPSTREAM_INVALID_RESPONSE', 502]);
    }
  });

  it('maps upstream HTTP errors before the stream starts', async () => {
    upstream.setMode({ kind: 'http-error', status: 429, retryAfter: '2' });
    const { parts, error } = await collect(model.doStream(chat()));
    expect(parts).toEqual([]);
    expect([error?.code, error?.status, error?.headers]).toEqual(['REQUEST_LIMIT_EXCEEDED', 429, { 'retry-after': '2' }]);
  });

  it('times out a stream that never starts or goes silent (UPSTREAM_TIMEOUT 504) and closes the upstream socket', async () => {
    const impatient = createOpenAiCompatibleModel({ baseUrl: upstream.url, model: 'm', headersTimeoutMs: 100, idleTimeoutMs: 50 });
    upstream.setMode('hang');
    const neverStarted = await collect(impatient.doStream(chat()));
    expect([neverStarted.error?.code, neverStarted.error?.status]).toEqual(['UPSTREAM_TIMEOUT', 504]);
    await upstream.waitForAbortedRequests(1);

    upstream.setMode({ kind: 'slow-stream', ms: 2000 });
    const silent = await collect(impatient.doStream(chat()));
    expect(silent.parts[0]?.type).toBe('metadata');
    expect([silent.error?.code, silent.error?.status]).toEqual(['UPSTREAM_TIMEOUT', 504]);
    await upstream.waitForAbortedRequests(2);
    await impatient.close?.();
  });

  it('SEC-DOS-3: aborting the signal mid-stream stops the stream and closes the upstream socket', async () => {
    upstream.setMode({ kind: 'slow-stream', ms: 200 });
    const controller = new AbortController();
    const reason = new CairnError('REQUEST_LIMIT_EXCEEDED', 'Budget exhausted.');
    const parts: StreamPart[] = [];
    let caught: unknown;
    try {
      for await (const part of model.doStream(chat({ signal: controller.signal }))) {
        parts.push(part);
        if (part.type === 'text-delta') controller.abort(reason);
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(reason);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
    await upstream.waitForAbortedRequests(1);
  });

  it('a consumer that stops reading early closes the upstream socket too', async () => {
    upstream.setMode({ kind: 'slow-stream', ms: 200 });
    for await (const part of model.doStream(chat())) {
      if (part.type === 'text-delta') break;
    }
    await upstream.waitForAbortedRequests(1);
  });
});

describe('OpenAiStreamTranslator', () => {
  const wire = new OpenAiWire('Ünïcödé ✓ words 🙂 flow here.', 1_700_000_000);
  const plans = [
    { kind: 'chat' as const, model: 'm', n: 2, toolName: undefined, promptTokens: 3 },
    { kind: 'chat' as const, model: 'm', n: 1, toolName: 'lookup', promptTokens: 1 },
    { kind: 'completion' as const, model: 'm', n: 1, toolName: undefined, promptTokens: 2 },
  ];

  function translate(pieces: Uint8Array[]): StreamPart[] {
    const translator = new OpenAiStreamTranslator((value) => value);
    const parts: StreamPart[] = [];
    for (const piece of pieces) translator.push(piece, parts);
    translator.end(parts);
    return parts;
  }

  it('produces the same parts however the upstream bytes are split', () => {
    fc.assert(
      fc.property(fc.constantFrom(...plans), fc.boolean(), fc.array(fc.nat(), { maxLength: 30 }), (plan, crlf, cuts) => {
        let body = wire.chunks('chatcmpl-1', plan, true).join('');
        if (crlf) body = body.replaceAll('\n', '\r\n');
        const bytes = new TextEncoder().encode(body);
        const whole = translate([bytes]);
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((start, index) => bytes.subarray(start, points[index] ?? bytes.length));
        expect(translate(pieces)).toEqual(whole);
        expect(whole.at(-1)?.type).toBe('usage');
      }),
      { numRuns: 200 },
    );
  });

  it('accepts a stream that ends after a finish without [DONE], but not one cut before any finish', () => {
    const chunks = wire.chunks('c', plans[2]!, false);
    const withoutDone = new TextEncoder().encode(chunks.slice(0, -1).join(''));
    expect(translate([withoutDone]).at(-1)).toEqual({ type: 'finish', index: 0, finishReason: 'stop' });
    const cut = new TextEncoder().encode(chunks.slice(0, 2).join(''));
    expect(() => translate([cut])).toThrow(expect.objectContaining({ code: 'UPSTREAM_CONNECTION_ERROR' }));
  });

  it('turns an error event inside a 200 stream into UPSTREAM_ERROR, with the key redacted', () => {
    const translator = new OpenAiStreamTranslator((value) => value.replaceAll('sk-secret', '[REDACTED]'));
    const event = new TextEncoder().encode('data: {"error":{"message":"engine crashed near sk-secret"}}\n\n');
    expect(() => translator.push(event, [])).toThrow(
      expect.objectContaining({ code: 'UPSTREAM_ERROR', message: 'The upstream model failed mid-stream: engine crashed near [REDACTED]' }),
    );
  });
});
