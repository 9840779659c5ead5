import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, StreamPart } from '../../providers/index.js';
import { createTokenCounter } from './token-counter.js';

const counter = createTokenCounter();
const corporaDir = fileURLToPath(new URL('../../../../shared/corpora/', import.meta.url));

describe('count (o200k)', () => {
  it('counts with the o200k tokenizer', () => {
    expect(counter.count('')).toBe(0);
    expect(counter.count('hello world')).toBe(2);
  });

  it('treats special-token strings in user text as text instead of throwing', () => {
    expect(counter.count('hi <|endoftext|> there')).toBeGreaterThan(3);
  });
});

describe('estimate (no tokenizer)', () => {
  it('is within a small factor above the exact count for English prose and code', () => {
    const prose = readFileSync(new URL('../../../assets/demo-corpus.txt', import.meta.url), 'utf8').slice(0, 20_000);
    const source = readFileSync(new URL('./price-table.ts', import.meta.url), 'utf8');
    for (const text of [prose, source]) {
      const ratio = counter.estimate(text) / counter.count(text);
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(1.6);
    }
  });

  it.each([
    ['JSON', JSON.stringify({ id: 12345, items: [{ a: 1, b: 'two' }, { c: null, d: true }], nested: { k: 'v' } })],
    ['hex', 'a3f9c2e17b4d8e0f5a6c9b2d1e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f'],
    ['digits', '12345678901234567890 98765432109876543210'],
    ['Chinese', '我们今天讨论的是一个关于人工智能网关的设计问题，需要考虑速率限制和预算。'],
    ['Japanese', '今日はいい天気ですね。ゲートウェイの設計について話しましょう。'],
    ['emoji', '😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘'],
  ])('does not under-count %s, where length / 3.5 would by 2-3×', (_kind, text) => {
    expect(counter.estimate(text)).toBeGreaterThanOrEqual(counter.count(text));
  });

  it.skipIf(!existsSync(corporaDir))('is rarely far below the exact count on the shared corpora', () => {
    const texts = corpusTexts();
    const farBelow = texts.filter((text) => {
      const exact = counter.count(text);
      const estimate = counter.estimate(text);
      return exact - estimate >= 3 && exact > 1.2 * estimate;
    });
    expect(texts.length).toBeGreaterThan(1000);
    expect(farBelow.length / texts.length).toBeLessThan(0.02);
  });

  it('is at least 1 for any non-empty text and 0 for the empty one (property)', () => {
    expect(counter.estimate('')).toBe(0);
    fc.assert(fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (text) => counter.estimate(text) >= 1));
  });

  it('grows with the text: appending never lowers it by more than a token (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(counter.estimate(a + b)).toBeGreaterThanOrEqual(counter.estimate(a) - 1);
      }),
    );
  });
});

describe('chat input tokens', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'What is the capital of France?', name: 'alice' },
  ];

  it('adds OpenAI framing: 3 per message, role, 1 per name, 3 to prime the reply', () => {
    const texts = ['system', 'You are a helpful assistant.', 'user', 'What is the capital of France?', 'alice'];
    const expected = 3 + 3 * 2 + 1 + texts.reduce((sum, text) => sum + counter.count(text), 0);
    expect(counter.countInputTokens({ kind: 'chat', messages })).toBe(expected);
  });

  it('estimates no lower than the count for ordinary chat', () => {
    expect(counter.estimateChatInputTokens(messages)).toBeGreaterThanOrEqual(counter.countInputTokens({ kind: 'chat', messages }));
  });

  it('counts text parts, images (85 low / 765 otherwise), tool calls and tool definitions', () => {
    const rich: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":"paris"}' } }] },
    ];
    const base = counter.countInputTokens({ kind: 'chat', messages: rich });
    expect(base).toBeGreaterThan(85 + 765);
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    expect(counter.countInputTokens({ kind: 'chat', messages: rich }, tools)).toBe(base + counter.count(JSON.stringify(tools)));
  });

  it('counts a completion prompt as its text', () => {
    expect(counter.countInputTokens({ kind: 'completion', prompt: 'hello world' })).toBe(2);
  });
});

describe('stream usage counter', () => {
  const input = { kind: 'chat' as const, messages: [{ role: 'user' as const, content: 'Tell me a story about a fox.' }] };
  const story = 'Once upon a time, a quick brown fox jumped over the lazy dog, and then it ran into the forest to find its friends.';

  function streamOf(text: string, size: number): StreamPart[] {
    const parts: StreamPart[] = [{ type: 'metadata', model: 'gpt-4o' }];
    for (let i = 0; i < text.length; i += size) parts.push({ type: 'text-delta', index: 0, text: text.slice(i, i + size) });
    parts.push({ type: 'finish', index: 0, finishReason: 'stop' });
    return parts;
  }

  it('returns the provider usage when the stream carried one', () => {
    const usage = counter.createStreamUsageCounter(input);
    for (const part of streamOf(story, 7)) usage.observe(part);
    usage.observe({ type: 'usage', usage: { inputTokens: 14, outputTokens: 27 } });
    expect(usage.usage()).toEqual({ inputTokens: 14, outputTokens: 27 });
  });

  it('counts prompt and output exactly, flagged estimated, when the provider sent no usage (never zero)', () => {
    const usage = counter.createStreamUsageCounter(input);
    for (const part of streamOf(story, 5)) usage.observe(part);
    expect(usage.usage()).toEqual({
      inputTokens: counter.countInputTokens(input),
      outputTokens: counter.count(story),
      estimated: true,
    });
  });

  it('counts the assembled text, so the exact count does not depend on how deltas were cut (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (size) => {
        const usage = counter.createStreamUsageCounter(input);
        for (const part of streamOf(story, size)) usage.observe(part);
        expect(usage.countOutputTokens()).toBe(counter.count(story));
      }),
    );
  });

  it('keeps a running estimate that rises with every delta, for mid-stream budget checks', () => {
    const usage = counter.createStreamUsageCounter(input);
    let previous = 0;
    for (const part of streamOf(story, 4)) {
      usage.observe(part);
      expect(usage.estimatedOutputTokens).toBeGreaterThanOrEqual(previous);
      previous = usage.estimatedOutputTokens;
    }
    expect(previous).toBeGreaterThanOrEqual(counter.count(story));
  });

  it('counts tool-call names and arguments and every choice', () => {
    const usage = counter.createStreamUsageCounter(input);
    usage.observe({ type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'c1', name: 'get_weather', argumentsDelta: '{"city":' });
    usage.observe({ type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '"Paris"}' });
    usage.observe({ type: 'text-delta', index: 1, text: 'Hello there' });
    expect(usage.countOutputTokens()).toBe(counter.count('get_weather{"city":"Paris"}') + counter.count('Hello there'));
  });

  it('fills in a field the provider reported as zero while there was output', () => {
    const usage = counter.createStreamUsageCounter(input);
    for (const part of streamOf(story, 9)) usage.observe(part);
    expect(usage.usage({ inputTokens: 14, outputTokens: 0 })).toEqual({ inputTokens: 14, outputTokens: counter.count(story), estimated: true });
  });

  it('reports zero output for an empty answer without calling it an estimate when the provider said so', () => {
    const usage = counter.createStreamUsageCounter(input);
    expect(usage.usage({ inputTokens: 14, outputTokens: 0 })).toEqual({ inputTokens: 14, outputTokens: 0 });
  });

  it('counts buffered answers fed with addOutput', () => {
    const usage = counter.createStreamUsageCounter({ kind: 'completion', prompt: 'Say hi' });
    usage.addOutput('hi there');
    expect(usage.usage()).toEqual({ inputTokens: counter.count('Say hi'), outputTokens: counter.count('hi there'), estimated: true });
  });
});

function corpusTexts(): string[] {
  const texts: string[] = [];
  for (const folder of readdirSync(corporaDir)) {
    const dir = path.join(corporaDir, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.jsonl'))) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const { text } = JSON.parse(line) as { text?: unknown };
        if (typeof text === 'string' && text.length > 0) texts.push(text);
      }
    }
  }
  return texts;
}
