import { CairnError } from '../../errors/index.js';
import type { StreamPart, Usage } from '../spec.js';
import { mapFinishReason, mapUsage } from './response-mapping.js';
import type { SseStreamTranslator } from './sse-body-relay.js';
import { SseParser } from './sse-parser.js';
import type { Redactor } from './upstream-errors.js';
import { streamChunkSchema } from './wire-schemas.js';

/** Largest single event accepted from an upstream stream (SEC API10: oversized chunks are refused). */
const MAX_EVENT_LENGTH = 1024 * 1024;

function invalid(message: string): CairnError {
  return new CairnError('UPSTREAM_INVALID_RESPONSE', message);
}

/**
 * Turns an OpenAI-compatible SSE body (chat or text completions) into canonical stream parts as bytes
 * arrive: metadata once, text and tool-call deltas, a finish per choice, and the usage last. A stream
 * that ends before `[DONE]` or any finish reason was cut off, and says so.
 */
export class OpenAiStreamTranslator implements SseStreamTranslator {
  private readonly parser = new SseParser({ maxEventLength: MAX_EVENT_LENGTH });
  private sentMetadata = false;
  private sawFinish = false;
  /** Set once `[DONE]` arrives; anything after it is ignored. */
  done = false;
  /** Hosts may repeat usage (vLLM's continuous stats); the last one counts and is emitted at the end. */
  private usage: Usage | undefined;

  constructor(private readonly redact: Redactor) {}

  push(chunk: Uint8Array, parts: StreamPart[]): void {
    for (const event of this.parser.push(chunk)) this.handle(event.event, event.data, parts);
  }

  /** The body ended; returns the closing parts or throws when the stream was cut short. */
  end(parts: StreamPart[]): void {
    for (const event of this.parser.end()) this.handle(event.event, event.data, parts);
    if (!this.done && !this.sawFinish) {
      throw new CairnError('UPSTREAM_CONNECTION_ERROR', 'The upstream stream ended before the model finished.');
    }
    if (this.usage !== undefined) parts.push({ type: 'usage', usage: this.usage });
  }

  private handle(eventType: string, data: string, parts: StreamPart[]): void {
    if (this.done) return;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (eventType === 'error') throw this.streamError(undefined);
      throw invalid('The upstream model sent a stream event that is not valid JSON.');
    }
    const parsed = streamChunkSchema.safeParse(json);
    if (!parsed.success) throw invalid('The upstream model sent a stream event of an unexpected shape.');
    const chunk = parsed.data;
    if (chunk.error !== null && chunk.error !== undefined) {
      throw this.streamError(typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? undefined));
    }
    if (eventType === 'error') throw this.streamError(undefined);

    if (!this.sentMetadata) {
      this.sentMetadata = true;
      const metadata: StreamPart = { type: 'metadata' };
      if (typeof chunk.id === 'string') metadata.id = chunk.id;
      if (typeof chunk.model === 'string') metadata.model = chunk.model;
      parts.push(metadata);
    }
    for (const choice of chunk.choices ?? []) {
      const index = choice.index ?? 0;
      const text = choice.delta?.content ?? choice.text;
      if (typeof text === 'string' && text.length > 0) parts.push({ type: 'text-delta', index, text });
      for (const toolCall of choice.delta?.tool_calls ?? []) {
        const part: Extract<StreamPart, { type: 'tool-call-delta' }> = {
          type: 'tool-call-delta',
          index,
          toolCallIndex: toolCall.index ?? 0,
          argumentsDelta: toolCall.function?.arguments ?? '',
        };
        if (typeof toolCall.id === 'string') part.id = toolCall.id;
        if (typeof toolCall.function?.name === 'string') part.name = toolCall.function.name;
        parts.push(part);
      }
      if (typeof choice.finish_reason === 'string') {
        this.sawFinish = true;
        parts.push({ type: 'finish', index, finishReason: mapFinishReason(choice.finish_reason) });
      }
    }
    const usage = mapUsage(chunk.usage);
    if (usage !== undefined) this.usage = usage;
  }

  private streamError(message: string | undefined): CairnError {
    const text = message === undefined ? '' : `: ${this.redact(message).slice(0, 1000)}`;
    return new CairnError('UPSTREAM_ERROR', `The upstream model failed mid-stream${text}`);
  }
}
