import type { FinishReason, GenerateResult, StreamPart, ToolCall, Usage } from '../../providers/index.js';
import type { AnswerIdentity, ResponseFormat, StreamEncoder } from './response-format.js';
import type { SseWriter } from './sse-writer.js';

/**
 * Anthropic's Messages API shapes for answers of any chat endpoint (the `/v1/messages` front door): a `message`
 * body, or the named-event stream message_start → content blocks → message_delta → message_stop. Only the first
 * choice exists in Anthropic's model (the front door never asks for more).
 */

type StopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal';

export function anthropicStopReason(reason: FinishReason | undefined): StopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

export function anthropicMessageId(requestId: string): string {
  return `msg_${requestId.replaceAll('-', '')}`;
}

/** Tool arguments are JSON text in the OpenAI shape and an object in Anthropic's; unparseable text becomes `{}`. */
function toolInput(call: ToolCall): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(call.function.arguments);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function usageBody(usage: Usage): { input_tokens: number; output_tokens: number } {
  return { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens };
}

export function anthropicMessageBody(result: GenerateResult, usage: Usage, identity: AnswerIdentity): Record<string, unknown> {
  const choice = result.choices.find((candidate) => candidate.index === 0) ?? result.choices[0];
  const content: Array<Record<string, unknown>> = [];
  if (choice && choice.text.length > 0) content.push({ type: 'text', text: choice.text });
  for (const call of choice?.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolInput(call) });
  return {
    id: anthropicMessageId(identity.requestId),
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: anthropicStopReason(choice?.finishReason),
    stop_sequence: null,
    usage: usageBody(usage),
  };
}

type OpenBlock = { kind: 'text' } | { kind: 'tool'; toolCallIndex: number };

/** One stream's Anthropic events: content blocks open and close as the canonical parts switch between text and tool calls. */
class AnthropicStreamEncoder implements StreamEncoder {
  private blockIndex = -1;
  private open: OpenBlock | undefined;
  private finishReason: FinishReason | undefined;

  constructor(private readonly identity: AnswerIdentity) {}

  start(writer: SseWriter): Promise<void> {
    // Input tokens are known only at the end (most providers report usage last); message_delta carries them then.
    return writer.named('message_start', {
      type: 'message_start',
      message: {
        id: anthropicMessageId(this.identity.requestId),
        type: 'message',
        role: 'assistant',
        model: this.identity.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  async part(writer: SseWriter, part: StreamPart): Promise<void> {
    switch (part.type) {
      case 'text-delta':
        if (part.index !== 0) return;
        if (this.open?.kind !== 'text') await this.openBlock(writer, { kind: 'text' }, { type: 'text', text: '' });
        await writer.named('content_block_delta', { type: 'content_block_delta', index: this.blockIndex, delta: { type: 'text_delta', text: part.text } });
        return;
      case 'tool-call-delta': {
        if (part.index !== 0) return;
        if (this.open?.kind !== 'tool' || this.open.toolCallIndex !== part.toolCallIndex) {
          const id = part.id ?? `toolu_${this.identity.requestId.replaceAll('-', '')}_${part.toolCallIndex}`;
          await this.openBlock(writer, { kind: 'tool', toolCallIndex: part.toolCallIndex }, { type: 'tool_use', id, name: part.name ?? '', input: {} });
        }
        if (part.argumentsDelta.length > 0) {
          await writer.named('content_block_delta', {
            type: 'content_block_delta',
            index: this.blockIndex,
            delta: { type: 'input_json_delta', partial_json: part.argumentsDelta },
          });
        }
        return;
      }
      case 'finish':
        if (part.index === 0) this.finishReason = part.finishReason;
        return;
      default:
        return;
    }
  }

  async end(writer: SseWriter, usage: Usage): Promise<void> {
    await this.closeBlock(writer);
    await writer.named('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: anthropicStopReason(this.finishReason), stop_sequence: null },
      usage: usageBody(usage),
    });
    await writer.named('message_stop', { type: 'message_stop' });
    writer.end();
  }

  async error(writer: SseWriter, body: Record<string, unknown>): Promise<void> {
    // The Anthropic SDK raises an APIError for an `error` event, typed by `error.type`.
    await writer.named('error', body).catch(() => undefined);
  }

  private async openBlock(writer: SseWriter, block: OpenBlock, contentBlock: Record<string, unknown>): Promise<void> {
    await this.closeBlock(writer);
    this.blockIndex++;
    this.open = block;
    await writer.named('content_block_start', { type: 'content_block_start', index: this.blockIndex, content_block: contentBlock });
  }

  private async closeBlock(writer: SseWriter): Promise<void> {
    if (this.open === undefined) return;
    this.open = undefined;
    await writer.named('content_block_stop', { type: 'content_block_stop', index: this.blockIndex });
  }
}

export const anthropicResponseFormat: ResponseFormat = {
  body: anthropicMessageBody,
  streamEncoder: (identity) => new AnthropicStreamEncoder(identity),
};
