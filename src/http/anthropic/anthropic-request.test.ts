import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { anthropicMessages } from '../../providers/anthropic/request-body.js';
import { mapMessagesRequest } from './anthropic-request.js';
import { anthropicMessagesRequestSchema } from './anthropic-schemas.js';

function map(body: Record<string, unknown>) {
  return mapMessagesRequest(anthropicMessagesRequestSchema.parse({ model: 'ep', max_tokens: 16, ...body }));
}

function failure(work: () => unknown): CairnError {
  try {
    work();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a CairnError');
}

type Block = Record<string, unknown>;

/** Messages as block lists with consecutive same-role turns merged: equal conversations compare equal. */
function normalise(messages: Array<{ role: string; content: string | Block[] }>): Array<{ role: string; content: Block[] }> {
  const turns: Array<{ role: string; content: Block[] }> = [];
  for (const message of messages) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    const last = turns.at(-1);
    if (last && last.role === message.role) last.content.push(...blocks);
    else turns.push({ role: message.role, content: [...blocks] });
  }
  return turns;
}

const text = fc.string({ minLength: 1, maxLength: 12 });
const userTurn = fc.record({
  role: fc.constant('user'),
  content: fc.oneof(
    text,
    fc.tuple(
      fc.array(fc.record({ type: fc.constant('tool_result'), tool_use_id: fc.stringMatching(/^toolu_[a-z0-9]{1,6}$/), content: text }), { maxLength: 2 }),
      fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 }),
    ).map(([results, texts]) => [...results, ...texts]).filter((blocks) => blocks.length > 0),
  ),
});
const assistantTurn = fc.record({
  role: fc.constant('assistant'),
  content: fc.oneof(
    text,
    fc.tuple(
      fc.option(fc.record({ type: fc.constant('text'), text }), { nil: undefined }),
      fc.array(
        fc.record({
          type: fc.constant('tool_use'),
          id: fc.stringMatching(/^toolu_[a-z0-9]{1,6}$/),
          name: fc.stringMatching(/^[a-z_]{1,8}$/),
          input: fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.oneof(fc.integer(), text), { maxKeys: 2 }),
        }),
        { maxLength: 2 },
      ),
    ).map(([first, uses]) => [...(first ? [first] : []), ...uses]).filter((blocks) => blocks.length > 0),
  ),
});

describe('mapMessagesRequest: the /v1/messages body in OpenAI terms', () => {
  it('survives the round trip to the OpenAI shape and back to Anthropic’s (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(userTurn, assistantTurn), { minLength: 1, maxLength: 6 }), fc.option(text, { nil: undefined }), (messages, system) => {
        const mapped = map({ messages, ...(system === undefined ? {} : { system }) });
        if (mapped.input.kind !== 'chat') throw new Error('chat expected');
        const back = anthropicMessages(mapped.input.messages);
        expect(back.system).toBe(system);
        expect(normalise(back.messages)).toEqual(normalise(messages as Array<{ role: string; content: string | Block[] }>));
      }),
    );
  });

  it('maps sampling fields, tools and tool_choice to OpenAI names, and reports what it ignores', () => {
    const mapped = map({
      messages: [{ role: 'user', content: 'hi' }],
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Cite sources.' }],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['###'],
      tools: [{ name: 'search', description: 'Search', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      tool_choice: { type: 'tool', name: 'search', disable_parallel_tool_use: true },
      metadata: { user_id: 'u-1' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(mapped.input).toEqual({ kind: 'chat', messages: [{ role: 'system', content: 'Be brief.\nCite sources.' }, { role: 'user', content: 'hi' }] });
    expect(mapped.params).toEqual({
      max_tokens: 16,
      temperature: 0.5,
      top_p: 0.9,
      stop: ['###'],
      extra: {
        top_k: 40,
        tools: [{ type: 'function', function: { name: 'search', description: 'Search', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
        tool_choice: { type: 'function', function: { name: 'search' } },
        parallel_tool_calls: false,
      },
    });
    expect(mapped.warnings).toEqual(['metadata is not supported on /v1/messages and was ignored', 'thinking is not supported on /v1/messages and was ignored']);
    expect(map({ messages: [{ role: 'user', content: 'x' }], tools: [{ name: 't', input_schema: {} }], tool_choice: { type: 'any' } }).params.extra.tool_choice).toBe('required');
  });

  it('puts tool results before the new user text, and flags failed tools', () => {
    const mapped = map({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'boom' }], is_error: true }, { type: 'text', text: 'why?' }] },
      ],
    });
    expect(mapped.input).toEqual({
      kind: 'chat',
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'Error: boom' },
        { role: 'user', content: 'why?' },
      ],
    });
  });

  it('refuses images, other block types, server tools and malformed blocks with the field named', () => {
    const image = failure(() => map({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'x' } }] }] }));
    expect(image).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', details: { param: 'messages.0.content.0' } });
    expect(image.message).toContain('Image content blocks are not supported');
    expect(failure(() => map({ messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm' }] }] })).message).toContain('thinking');
    expect(failure(() => map({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).details).toEqual({ param: 'tools.0' });
    expect(failure(() => map({ messages: [{ role: 'user', content: [{ type: 'text' }] }] })).details).toEqual({ param: 'messages.0.content.0.text' });
    expect(failure(() => map({ system: [{ type: 'image' }], messages: [{ role: 'user', content: 'x' }] })).details).toEqual({ param: 'system.0' });
  });
});
