import type { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import type { SseStreamTranslator } from '../openai-compatible/sse-body-relay.js';
import { SseParser } from '../openai-compatible/sse-parser.js';
import type { Redactor } from '../openai-compatible/upstream-errors.js';
import type { StreamPart } from '../spec.js';
import { mapStopReason, mapUsage } from './response-mapping.js';
import { type WireUsage, streamEventSchemas, streamEventTypeSchema } from './wire-schemas.js';

/** Largest single event accepted from an upstream stream (SEC API10: oversized chunks are refused). */
const MAX_EVENT_LENGTH = 1024 * 1024;
const MESSAGE_LIMIT = 1000;

function invalid(message: string): CairnError {
  return new CairnError('UPSTREAM_INVALID_RESPONSE', message);
}

type KnownEvent = keyof typeof streamEventSchemas;

/**
 * Turns Anthropic's Messages SSE (message_start, content_block_start / delta / stop, message_delta,
 * message_stop, ping, error) into canonical parts as bytes arrive: metadata once, text deltas, tool-call
 * deltas (one tool call per `tool_use` block), a finish from `message_delta`, and the usage last (input
 * tokens from `message_start`, output tokens from the last `message_delta`). A stream that ends before
 * `message_stop` and without a stop reason was cut off, and says so.
 */
export class AnthropicStreamTranslator implements SseStreamTranslator {
  private readonly parser = new SseParser({ maxEventLength: MAX_EVENT_LENGTH });
  /** Content block index → tool call index, for the `tool_use` blocks seen so far. */
  private readonly toolBlocks = new Map<number, number>();
  private sawFinish = false;
  private usage: WireUsage = {};
  private sawUsage = false;
  done = false;

  constructor(
    private readonly redact: Redactor,
    private readonly warnings: readonly string[] = [],
  ) {}

  push(chunk: Uint8Array, parts: StreamPart[]): void {
    for (const event of this.parser.push(chunk)) this.handle(event.event, event.data, parts);
  }

  end(parts: StreamPart[]): void {
    for (const event of this.parser.end()) this.handle(event.event, event.data, parts);
    if (!this.done && !this.sawFinish) {
      throw new CairnError('UPSTREAM_CONNECTION_ERROR', 'The upstream stream ended before the model finished.');
    }
    if (!this.sawFinish) parts.push({ type: 'finish', index: 0, finishReason: 'stop' });
    const usage = this.sawUsage ? mapUsage(this.usage) : undefined;
    if (usage !== undefined) parts.push({ type: 'usage', usage });
  }

  private handle(eventName: string, data: string, parts: StreamPart[]): void {
    if (this.done) return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (eventName === 'error') throw this.streamError(undefined);
      throw invalid('The upstream model sent a stream event that is not valid JSON.');
    }
    const typed = streamEventTypeSchema.safeParse(json);
    if (!typed.success) throw invalid('The upstream model sent a stream event without a type.');
    const type = typed.data.type;
    if (!Object.hasOwn(streamEventSchemas, type)) {
      if (type === 'message_stop') {
        if (!this.sawFinish) {
          this.sawFinish = true;
          parts.push({ type: 'finish', index: 0, finishReason: 'stop' });
        }
        this.done = true;
      }
      // ping, and event types Anthropic adds later, carry nothing Cairn relays.
      return;
    }
    this.handleKnown(type as KnownEvent, json, parts);
  }

  private parse<Type extends KnownEvent>(type: Type, json: unknown): z.output<(typeof streamEventSchemas)[Type]> {
    const parsed = streamEventSchemas[type].safeParse(json);
    if (!parsed.success) throw invalid(`The upstream model sent a ${type} event of an unexpected shape.`);
    return parsed.data as z.output<(typeof streamEventSchemas)[Type]>;
  }

  private handleKnown(type: KnownEvent, json: unknown, parts: StreamPart[]): void {
    switch (type) {
      case 'message_start': {
        const { message } = this.parse(type, json);
        const metadata: StreamPart = { type: 'metadata' };
        if (typeof message.id === 'string') metadata.id = message.id;
        if (typeof message.model === 'string') metadata.model = message.model;
        parts.push(metadata);
        for (const warning of this.warnings) parts.push({ type: 'warning', message: warning });
        this.mergeUsage(message.usage);
        return;
      }
      case 'content_block_start': {
        const { index, content_block: block } = this.parse(type, json);
        if (block.type === 'text' && typeof block.text === 'string' && block.text.length > 0) {
          parts.push({ type: 'text-delta', index: 0, text: block.text });
        } else if (block.type === 'tool_use') {
          const toolCallIndex = this.toolBlocks.size;
          this.toolBlocks.set(index, toolCallIndex);
          const input = block.input;
          const initial = typeof input === 'object' && input !== null && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
          const part: StreamPart = { type: 'tool-call-delta', index: 0, toolCallIndex, argumentsDelta: initial };
          if (typeof block.id === 'string') part.id = block.id;
          if (typeof block.name === 'string') part.name = block.name;
          parts.push(part);
        }
        return;
      }
      case 'content_block_delta': {
        const { index, delta } = this.parse(type, json);
        if (delta.type === 'text_delta' && typeof delta.text === 'string') {
          if (delta.text.length > 0) parts.push({ type: 'text-delta', index: 0, text: delta.text });
        } else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
          const toolCallIndex = this.toolBlocks.get(index);
          if (toolCallIndex === undefined) throw invalid('The upstream model sent tool input for a block that is not a tool call.');
          if (delta.partial_json.length > 0) parts.push({ type: 'tool-call-delta', index: 0, toolCallIndex, argumentsDelta: delta.partial_json });
        }
        // thinking, signature and citation deltas have no place in the OpenAI-shaped answer.
        return;
      }
      case 'content_block_stop':
        this.parse(type, json);
        return;
      case 'message_delta': {
        const { delta, usage } = this.parse(type, json);
        this.mergeUsage(usage);
        if (delta.stop_reason !== null && delta.stop_reason !== undefined && !this.sawFinish) {
          this.sawFinish = true;
          parts.push({ type: 'finish', index: 0, finishReason: mapStopReason(delta.stop_reason) });
        }
        return;
      }
      case 'error': {
        const { error } = this.parse(type, json);
        throw this.streamError(error?.message ?? error?.type ?? undefined);
      }
    }
  }

  /** `message_delta` usage is cumulative: a field it carries replaces the earlier value. */
  private mergeUsage(usage: WireUsage | null | undefined): void {
    if (usage === null || usage === undefined) return;
    this.sawUsage = true;
    for (const [key, value] of Object.entries(usage) as Array<[keyof WireUsage, number | null | undefined]>) {
      if (typeof value === 'number') this.usage[key] = value;
    }
  }

  private streamError(message: string | undefined): CairnError {
    const text = message === undefined ? '' : `: ${this.redact(message).slice(0, MESSAGE_LIMIT)}`;
    return new CairnError('UPSTREAM_ERROR', `The upstream model failed mid-stream${text}`);
  }
}
