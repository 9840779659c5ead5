import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capJson } from '../../capture/capture-row.js';
import { describeCall } from './describe-call.js';
import { extractCallTexts, MIN_SYSTEM_CONTEXT_WORDS } from './extract-call.js';
import { parseLenient } from './lenient-json.js';

const json = (value: unknown) => JSON.stringify(value);
const CONTEXT = 'Photosynthesis converts light energy into chemical energy stored in glucose. ' + 'Chlorophyll absorbs red and blue light in the chloroplasts of plant cells. '.repeat(3);

describe('extractCallTexts', () => {
  it('chat: last user message, assistant content, long system and tool messages as context', () => {
    const texts = extractCallTexts({
      request: json({
        model: 'demo-chat',
        messages: [
          { role: 'system', content: CONTEXT },
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          { role: 'tool', content: 'tool output' },
          { role: 'user', content: [{ type: 'text', text: 'What does chlorophyll absorb?' }, { type: 'image_url', image_url: { url: 'x' } }] },
        ],
      }),
      response: json({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Red and blue light.' } }] }),
    });
    expect(texts).toMatchObject({ operation: 'chat', prompt: 'What does chlorophyll absorb?', response: 'Red and blue light.', truncated: false });
    expect(texts.context).toBe(`${CONTEXT}\n\ntool output`);
    expect(texts.conversation_chars).toBe(CONTEXT.length + 'first question'.length + 'first answer'.length + 'tool output'.length + 'What does chlorophyll absorb?'.length);
  });

  it('a short system prompt is instructions, not context', () => {
    const texts = extractCallTexts({ request: json({ messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'hi' }] }), response: null });
    expect('You are a helpful assistant.'.split(' ').length).toBeLessThan(MIN_SYSTEM_CONTEXT_WORDS);
    expect(texts.context).toBeNull();
    expect(texts.response).toBeNull();
  });

  it('a reply made only of tool calls reads as those calls', () => {
    const texts = extractCallTexts({
      request: json({ messages: [{ role: 'user', content: 'weather?' }] }),
      response: json({ choices: [{ message: { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] } }] }),
    });
    expect(texts.response).toBe('get_weather({"city":"Paris"})');
  });

  it('completions, with a documents field as context', () => {
    const texts = extractCallTexts({
      request: json({ model: 'm', prompt: ['ignored', 'Once upon a time'], documents: [{ text: 'doc one' }, { page_content: 'doc two' }] }),
      response: json({ object: 'text_completion', choices: [{ index: 0, text: ' there was a fox.' }] }),
    });
    expect(texts).toMatchObject({ operation: 'text_completion', prompt: 'Once upon a time', response: ' there was a fox.', context: 'doc one\ndoc two' });
  });

  it('embeddings: the input as prompt, no response', () => {
    const texts = extractCallTexts({
      request: json({ model: 'e', input: ['alpha', 'beta'] }),
      response: json({ object: 'list', data: [{ object: 'embedding', index: 0, dimensions: 8 }], usage: { prompt_tokens: 2 } }),
    });
    expect(texts).toMatchObject({ operation: 'embeddings', prompt: 'alpha\nbeta', response: null });
    const described = describeCall({ request: json({ input: 'alpha' }), response: json({ object: 'list', data: [] }) });
    expect(described.descriptors.response_chars).toBeNull();
    expect(described.descriptors.relevance).toBeNull();
  });

  it('Databricks invocations shapes', () => {
    expect(extractCallTexts({ request: json({ inputs: { prompt: 'tell me' } }), response: json({ predictions: ['told'] }) })).toMatchObject({ prompt: 'tell me', response: 'told' });
    expect(extractCallTexts({ request: json({ dataframe_records: [{ question: 'q1' }] }), response: json({ predictions: [{ answer: 'a1' }] }) })).toMatchObject({ prompt: 'q1', response: 'a1' });
    expect(extractCallTexts({ request: json({ dataframe_split: { columns: ['x'], data: [['row text']] } }), response: json({ outputs: 'out' }) })).toMatchObject({ prompt: 'row text', response: 'out' });
    expect(extractCallTexts({ request: json({ inputs: { messages: [{ role: 'user', content: 'nested' }] } }), response: null })).toMatchObject({ operation: 'chat', prompt: 'nested' });
  });

  it('error bodies and odd payloads give no response and never throw', () => {
    expect(extractCallTexts({ request: json({ messages: 'nope' }), response: json({ error: { message: 'bad' } }) }).response).toBeNull();
    for (const value of ['', 'null', '42', '"just a string"', '{', '[[[', '{"choices":[null]}', '{"messages":[null,1,{"role":"user"}]}', '{"unserializable":true}']) {
      expect(() => extractCallTexts({ request: value, response: value })).not.toThrow();
      expect(() => describeCall({ request: value, response: value })).not.toThrow();
    }
  });

  it('reads the readable part of truncated payloads', () => {
    const answer = 'Chlorophyll absorbs red and blue light. '.repeat(200);
    const response = capJson(json({ choices: [{ message: { role: 'assistant', content: answer } }] }), 1024);
    expect(response.truncated).toBe(true);
    const request = capJson(json({ messages: [{ role: 'user', content: 'Explain photosynthesis. '.repeat(100) }] }), 600);
    const texts = extractCallTexts({ request: request.text, response: response.text });
    expect(texts.truncated).toBe(true);
    expect(texts.response!.length).toBeGreaterThan(800);
    expect(answer.startsWith(texts.response!)).toBe(true);
    expect(texts.prompt!.startsWith('Explain photosynthesis.')).toBe(true);
    expect(describeCall({ request: request.text, response: response.text }).descriptors.truncated).toBe(true);
  });
});

describe('parseLenient', () => {
  it('recovers every prefix of a document without throwing (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, cutAt) => {
        const text = JSON.stringify(value);
        const prefix = text.slice(0, text.length === 0 ? 0 : cutAt % (text.length + 1));
        expect(() => parseLenient(prefix)).not.toThrow();
        if (prefix === text) expect(parseLenient(prefix)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the cut string and closes what is open', () => {
    expect(parseLenient('{"a":[1,2,{"b":"hel')).toEqual({ a: [1, 2, { b: 'hel' }] });
    expect(parseLenient('{"a":1,"b')).toEqual({ a: 1, _: null });
    expect(parseLenient('{"a":"x\\')).toEqual({ a: 'x' });
    expect(parseLenient('{"a":"\\u00')).toEqual({ a: '' });
    expect(parseLenient('[1,2,3')).toEqual([1, 2]);
  });
});
