import type { GenerateResult, StreamPart, Usage } from '../../providers/index.js';
import type { SseWriter } from './sse-writer.js';

/** What names one answer on the wire, whatever its format. */
export interface AnswerIdentity {
  /** Cairn's request id (response ids derive from it). */
  requestId: string;
  /** The endpoint name, reported as the model. */
  model: string;
  /** Unix seconds. */
  created: number;
}

/**
 * How a text call's answer reaches its client when the surface does not speak OpenAI (the Anthropic front door).
 * The pipeline still builds the OpenAI shapes for itself: capture stores them and usage counting reads them, so
 * every surface's calls look alike in the inference table. An invocation without a format answers in OpenAI's.
 */
export interface ResponseFormat {
  /** The JSON body for a finished generation; `usage` is always known (counted by Cairn when the model gave none). */
  body(result: GenerateResult, usage: Usage, identity: AnswerIdentity): Record<string, unknown>;
  streamEncoder(identity: AnswerIdentity): StreamEncoder;
}

/** Writes one stream's events in a surface's dialect, from the canonical parts. */
export interface StreamEncoder {
  /** Right after the response headers. */
  start(writer: SseWriter): Promise<void>;
  /** One canonical part; `chunk` is the OpenAI chunk the transcoder made of it, when it made one. */
  part(writer: SseWriter, part: StreamPart, chunk: Record<string, unknown> | undefined): Promise<void>;
  /** Closes a complete stream. `usageChunk` is OpenAI's usage chunk when the client asked for usage. */
  end(writer: SseWriter, usage: Usage, usageChunk: Record<string, unknown> | undefined): Promise<void>;
  /** The explicit error event a broken stream ends with (`body` is the surface's error body). */
  error(writer: SseWriter, body: Record<string, unknown>): Promise<void>;
}

/** OpenAI's SSE: one `data:` chunk per part, the usage chunk when asked for, then `data: [DONE]`. */
export const openAiStreamEncoder: StreamEncoder = {
  start: () => Promise.resolve(),
  part: (writer, _part, chunk) => (chunk ? writer.event(chunk) : Promise.resolve()),
  async end(writer, _usage, usageChunk) {
    if (usageChunk) await writer.event(usageChunk);
    await writer.done();
  },
  error: (writer, body) => writer.error(body),
};
