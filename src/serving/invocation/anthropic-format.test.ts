import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../providers/index.js';
import { anthropicMessageBody, anthropicResponseFormat } from './anthropic-format.js';
import type { SseWriter } from './sse-writer.js';

const identity = { requestId: 'aaaa-bbbb', model: 'ep', created: 0 };

/** Records named events as the SDK would see them. */
function recordingWriter(): { writer: SseWriter; events: Array<{ event: string; data: Record<string, unknown> }>; ended: () => boolean } {
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  let ended = false;
  const writer = {
    named: (event: string, data: Record<string, unknown>) => {
      events.push({ event, data: structuredClone(data) });
      return Promise.resolve();
    },
    end: () => {
      ended = true;
    },
  } as unknown as SseWriter;
  return { writer, events, ended: () => ended };
}

describe('the Anthropic response format', () => {
  it('builds a message body with text and tool_use blocks, the stop reason and usage', () => {
    const body = anthropicMessageBody(
      {
        choices: [
          {
            index: 0,
            text: 'Checking.',
            finishReason: 'tool_calls',
            toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }],
          },
        ],
      },
      { inputTokens: 3, outputTokens: 5 },
      identity,
    );
    expect(body).toEqual({
      id: 'msg_aaaabbbb',
      type: 'message',
      role: 'assistant',
      model: 'ep',
      content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'call_1', name: 'search', input: { q: 'x' } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 5 },
    });
    const cut = anthropicMessageBody({ choices: [{ index: 0, text: 'a', finishReason: 'length' }] }, { inputTokens: 1, outputTokens: 1 }, identity);
    expect(cut.stop_reason).toBe('max_tokens');
  });

  it('streams content blocks that open and close as parts switch between text and tool calls', async () => {
    const { writer, events, ended } = recordingWriter();
    const encoder = anthropicResponseFormat.streamEncoder(identity);
    const parts: StreamPart[] = [
      { type: 'metadata', id: 'x' },
      { type: 'text-delta', index: 0, text: 'Hi' },
      { type: 'text-delta', index: 0, text: ' there' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_a', name: 'f', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"a":1}' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 1, id: 'call_b', name: 'g', argumentsDelta: '{}' },
      { type: 'finish', index: 0, finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 2, outputTokens: 4 } },
    ];
    await encoder.start(writer);
    for (const part of parts) await encoder.part(writer, part, undefined);
    await encoder.end(writer, { inputTokens: 2, outputTokens: 4 }, undefined);
    expect(events.map(({ event, data }) => (data.index === undefined ? event : `${event}@${String(data.index)}`))).toEqual([
      'message_start',
      'content_block_start@0',
      'content_block_delta@0',
      'content_block_delta@0',
      'content_block_stop@0',
      'content_block_start@1',
      'content_block_delta@1',
      'content_block_stop@1',
      'content_block_start@2',
      'content_block_delta@2',
      'content_block_stop@2',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]!.data.content_block).toEqual({ type: 'tool_use', id: 'call_a', name: 'f', input: {} });
    expect(events[6]!.data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"a":1}' });
    expect(events.at(-2)!.data).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 2, output_tokens: 4 } });
    expect(ended()).toBe(true);
  });
});
