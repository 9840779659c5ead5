import type { StreamPart } from '../spec.js';
import type { ResponseBody, UpstreamCall } from './upstream-call.js';

/**
 * One provider's event-stream dialect turned into canonical parts: fed the body's bytes, it appends parts as
 * events complete. `done` turns true at the provider's end marker (OpenAI's `[DONE]`, Anthropic's `message_stop`).
 */
export interface SseStreamTranslator {
  readonly done: boolean;
  push(chunk: Uint8Array, parts: StreamPart[]): void;
  /** The body ended: appends the closing parts, or throws when the stream was cut short. */
  end(parts: StreamPart[]): void;
}

/** Bytes accepted after the end marker while handing the socket back; more means the host is misbehaving. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
/** How long the end of the body may lag behind the end marker before the socket is given up. */
const DRAIN_TIMEOUT_MS = 1000;

type ChunkIterator = AsyncIterator<Buffer>;

/**
 * Reads an upstream SSE body and yields parts as they are ready. After the end marker the rest of the body
 * (normally just the chunked-encoding terminator, microseconds behind) is read before the generator ends, so
 * the keep-alive socket is free for the next call. If the consumer stops early, the body is destroyed, which
 * closes the upstream socket: the upstream stops generating.
 */
export async function* relaySseBody(body: ResponseBody, call: UpstreamCall, translator: SseStreamTranslator): AsyncGenerator<StreamPart> {
  const parts: StreamPart[] = [];
  // A manual iterator: breaking out of for-await would destroy the body even when only its end is missing.
  const chunks = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let ended = false;
  try {
    while (!translator.done) {
      const next = await chunks.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      call.touch();
      try {
        translator.push(next.value, parts);
      } finally {
        // Parts completed before a failing event in the same read still reach the caller, then the failure does.
        for (const part of parts) yield part;
        parts.length = 0;
      }
    }
    try {
      translator.end(parts);
    } finally {
      for (const part of parts) yield part;
    }
    if (!ended) ended = await drainAfterDone(chunks, call);
  } finally {
    if (!ended) {
      if (translator.done) drainInBackground(body);
      else body.destroy();
    }
  }
}

/** True when the body is finished with (ended, or torn down by the drain deadline). */
async function drainAfterDone(chunks: ChunkIterator, call: UpstreamCall): Promise<boolean> {
  call.startDrain(DRAIN_TIMEOUT_MS);
  let size = 0;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done === true) return true;
      size += next.value.length;
      if (size > DRAIN_LIMIT_BYTES) return false;
    }
  } catch {
    // The answer was complete at the end marker; a host that then stalls or breaks costs only its socket.
    return true;
  }
}

/** For a consumer that left right after the end marker: finish reading without holding anyone up. */
function drainInBackground(body: ResponseBody): void {
  const timer = setTimeout(() => body.destroy(), DRAIN_TIMEOUT_MS);
  body
    .dump({ limit: DRAIN_LIMIT_BYTES })
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
}
