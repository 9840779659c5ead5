import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError, isCairnError } from '../../errors/index.js';
import type { GenerateRequest, GenerationParams, StreamPart } from '../spec.js';
import { createDemoModel } from './demo-model.js';
import { countTokens } from './tokenizer.js';

const model = createDemoModel();

function chat(content: string, params: Partial<GenerationParams> = {}, signal = new AbortController().signal): GenerateRequest {
  return { input: { kind: 'chat', messages: [{ role: 'user', content }] }, params: { extra: {}, ...params }, signal, requestId: 'r' };
}

async function streamed(request: GenerateRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of createDemoModel().doStream(request)) parts.push(part);
  return parts;
}

async function failure(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (isCairnError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('demo model: generation', () => {
  it('describes itself as the demo provider with every capability', () => {
    expect([model.provider, model.modelName]).toEqual(['demo', 'demo']);
    expect(model.capabilities).toEqual({ chat: true, completions: true, embeddings: true, streaming: true });
  });

  it('answers on the topic of the question (its rarest known word opens the answer)', async () => {
    const result = await model.doGenerate(chat('How do I keep an eye on latency?', { temperature: 0 }));
    expect(result.choices[0]?.text).toMatch(/^Latency\b/);
    const drift = await model.doGenerate(chat('Tell me about drift', { temperature: 0 }));
    expect(drift.choices[0]?.text).toMatch(/^Drift\b/);
  });

  it('temperature 0 is greedy: the same input gives the same answer every time', async () => {
    const first = await model.doGenerate(chat('What should I monitor?', { temperature: 0 }));
    const second = await model.doGenerate(chat('What should I monitor?', { temperature: 0 }));
    expect(second.choices).toEqual(first.choices);
  });

  it('the same seed and input give the same answer; different seeds explore different answers', async () => {
    const answers = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      const once = await model.doGenerate(chat('How do budgets work?', { seed, temperature: 1.2 }));
      const again = await model.doGenerate(chat('How do budgets work?', { seed, temperature: 1.2 }));
      expect(again.choices).toEqual(once.choices);
      answers.add(once.choices[0]!.text);
    }
    expect(answers.size).toBeGreaterThan(1);
  });

  it('counts usage exactly with its own tokenizer', async () => {
    const question = "What's the p99 latency, in milliseconds?";
    const result = await model.doGenerate(chat(question, { seed: 3 }));
    expect(result.usage?.inputTokens).toBe(countTokens(question));
    expect(result.usage?.outputTokens).toBe(countTokens(result.choices[0]!.text));
  });

  it('stops at max_tokens with finish reason length', async () => {
    const result = await model.doGenerate(chat('Explain rollbacks', { max_tokens: 5, temperature: 0 }));
    expect(result.choices[0]?.finishReason).toBe('length');
    expect(result.usage?.outputTokens).toBe(5);
    expect(countTokens(result.choices[0]!.text)).toBe(5);
  });

  it('cuts the answer just before a stop sequence, with finish reason stop', async () => {
    const full = (await model.doGenerate(chat('Explain rollbacks', { temperature: 0, max_tokens: 40 }))).choices[0]!.text;
    const stop = full.split(' ')[3]!;
    const result = await model.doGenerate(chat('Explain rollbacks', { temperature: 0, max_tokens: 40, stop: [stop] }));
    expect(result.choices[0]).toMatchObject({ text: full.slice(0, full.indexOf(stop)), finishReason: 'stop' });
  });

  it('continues a completion prompt', async () => {
    const result = await model.doGenerate({
      input: { kind: 'completion', prompt: 'Every request to an endpoint should' },
      params: { extra: {}, temperature: 0 },
      signal: new AbortController().signal,
      requestId: 'r',
    });
    expect(result.choices[0]?.text).toMatch(/^ leave a record\./);
    expect(result.usage?.inputTokens).toBe(6);
  });

  it('returns n choices and warns about parameters it cannot honour', async () => {
    const result = await model.doGenerate(chat('Hello', { n: 3, extra: { tools: [{ type: 'function' }], user: 'u' } }));
    expect(result.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(result.warnings).toEqual(["'tools' is not supported by the demo model and was ignored."]);
  });

  it('rejects out-of-range parameters with INVALID_PARAMETER_VALUE', async () => {
    for (const params of [{ temperature: 3 }, { top_p: -0.1 }, { max_tokens: 0 }, { max_tokens: 1.5 }, { n: 99 }, { presence_penalty: 5 }]) {
      const error = await failure(model.doGenerate(chat('Hi', params)));
      expect(error.code, JSON.stringify(params)).toBe('INVALID_PARAMETER_VALUE');
    }
  });
});

describe('demo model: streaming', () => {
  it('streams metadata, one word per delta, the finish and then the usage; the text equals the non-streamed answer', async () => {
    const request = chat('How should I test a deployment?', { seed: 11 });
    const parts = await streamed(request);
    const whole = await model.doGenerate(request);
    expect(parts[0]).toEqual({ type: 'metadata', model: 'demo' });
    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.map((part) => part.text).join('')).toBe(whole.choices[0]!.text);
    expect(deltas.every((part) => countTokens(part.text) === 1)).toBe(true);
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', index: 0, finishReason: whole.choices[0]!.finishReason },
      { type: 'usage', usage: whole.usage },
    ]);
  });

  it('stops promptly when the signal aborts, with the abort reason when it is a CairnError', async () => {
    const slow = createDemoModel({ tokenDelayMs: 30 });
    const controller = new AbortController();
    const reason = new CairnError('REQUEST_TIMEOUT', 'Too slow.');
    const parts: StreamPart[] = [];
    let caught: unknown;
    try {
      for await (const part of slow.doStream(chat('Tell me about alerts', { max_tokens: 200 }, controller.signal))) {
        parts.push(part);
        if (part.type === 'text-delta') controller.abort(reason);
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(reason);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);

    const plain = new AbortController();
    plain.abort();
    const error = await failure(model.doGenerate(chat('Hi', {}, plain.signal)));
    expect(error.code).toBe('CLIENT_CLOSED_REQUEST');
  });
});

describe('demo model: properties', () => {
  const params = fc.record(
    {
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      top_p: fc.double({ min: 0, max: 1, noNaN: true }),
      max_tokens: fc.integer({ min: 1, max: 80 }),
      seed: fc.integer(),
      n: fc.integer({ min: 1, max: 3 }),
      presence_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
      frequency_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
      stop: fc.array(fc.oneof(fc.constantFrom('.', ' the', 'model', ','), fc.string({ maxLength: 4 })), { maxLength: 4 }),
    },
    { requiredKeys: [] },
  );
  const input = fc.oneof(
    fc.string({ maxLength: 60 }).map((content) => ({ kind: 'chat' as const, messages: [{ role: 'user' as const, content }] })),
    fc.string({ maxLength: 60 }).map((prompt) => ({ kind: 'completion' as const, prompt })),
  );

  it('never throws for parameters in range, respects max_tokens and never shows a stop sequence (streamed or not)', async () => {
    await fc.assert(
      fc.asyncProperty(params, input, async (generation, generateInput) => {
        const request: GenerateRequest = { input: generateInput, params: { extra: {}, ...generation }, signal: new AbortController().signal, requestId: 'r' };
        const result = await model.doGenerate(request);
        const maxTokens = generation.max_tokens ?? 64;
        const stops = (generation.stop ?? []).filter((stop) => stop.length > 0);
        expect(result.choices).toHaveLength(generation.n ?? 1);
        for (const choice of result.choices) {
          expect(countTokens(choice.text)).toBeLessThanOrEqual(maxTokens);
          for (const stop of stops) expect(choice.text).not.toContain(stop);
        }
        expect(result.usage!.outputTokens).toBeLessThanOrEqual(maxTokens * (generation.n ?? 1));

        const texts = new Map<number, string>();
        for await (const part of model.doStream(request)) {
          if (part.type === 'text-delta') texts.set(part.index, (texts.get(part.index) ?? '') + part.text);
        }
        for (const text of texts.values()) for (const stop of stops) expect(text).not.toContain(stop);
        if (generation.seed !== undefined) {
          expect([...texts.entries()].sort(([a], [b]) => a - b).map(([, text]) => text)).toEqual(
            result.choices.map((choice) => choice.text).filter((text) => text.length > 0),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
