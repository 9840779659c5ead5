import { CairnError } from '../../errors/index.js';
import { mapFinishReason, mapUsage } from './response-mapping.js';
import { SseParser } from './sse-parser.js';
import { streamChunkSchema } from './wire-schemas.js';
/** Largest single event accepted from an upstream stream (SEC API10: oversized chunks are refused). */
const MAX_EVENT_LENGTH = 1024 * 1024;
function invalid(message) {
    return new CairnError('UPSTREAM_INVALID_RESPONSE', message);
}
/**
 * Turns an OpenAI-compatible SSE body (chat or text completions) into canonical stream parts as bytes
 * arrive: metadata once, text and tool-call deltas, a finish per choice, and the usage last. A stream
 * that ends before `[DONE]` or any finish reason was cut off, and says so.
 */
export class OpenAiStreamTranslator {
    redact;
    parser = new SseParser({ maxEventLength: MAX_EVENT_LENGTH });
    sentMetadata = false;
    sawFinish = false;
    /** Set once `[DONE]` arrives; anything after it is ignored. */
    done = false;
    /** Hosts may repeat usage (vLLM's continuous stats); the last one counts and is emitted at the end. */
    usage;
    constructor(redact) {
        this.redact = redact;
    }
    push(chunk, parts) {
        for (const event of this.parser.push(chunk))
            this.handle(event.event, event.data, parts);
    }
    /** The body ended; returns the closing parts or throws when the stream was cut short. */
    end(parts) {
        for (const event of this.parser.end())
            this.handle(event.event, event.data, parts);
        if (!this.done && !this.sawFinish) {
            throw new CairnError('UPSTREAM_CONNECTION_ERROR', 'The upstream stream ended before the model finished.');
        }
        if (this.usage !== undefined)
            parts.push({ type: 'usage', usage: this.usage });
    }
    handle(eventType, data, parts) {
        if (this.done)
            return;
        if (data === '[DONE]') {
            this.done = true;
            return;
        }
        let json;
        try {
            json = JSON.parse(data);
        }
        catch {
            if (eventType === 'error')
                throw this.streamError(undefined);
            throw invalid('The upstream model sent a stream event that is not valid JSON.');
        }
        const parsed = streamChunkSchema.safeParse(json);
        if (!parsed.success)
            throw invalid('The upstream model sent a stream event of an unexpected shape.');
        const chunk = parsed.data;
        if (chunk.error !== null && chunk.error !== undefined) {
            throw this.streamError(typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? undefined));
        }
        if (eventType === 'error')
            throw this.streamError(undefined);
        if (!this.sentMetadata) {
            this.sentMetadata = true;
            const metadata = { type: 'metadata' };
            if (typeof chunk.id === 'string')
                metadata.id = chunk.id;
            if (typeof chunk.model === 'string')
                metadata.model = chunk.model;
            parts.push(metadata);
        }
        for (const choice of chunk.choices ?? []) {
            const index = choice.index ?? 0;
            const text = choice.delta?.content ?? choice.text;
            if (typeof text === 'string' && text.length > 0)
                parts.push({ type: 'text-delta', index, text });
            for (const toolCall of choice.delta?.tool_calls ?? []) {
                const part = {
                    type: 'tool-call-delta',
                    index,
                    toolCallIndex: toolCall.index ?? 0,
                    argumentsDelta: toolCall.function?.arguments ?? '',
                };
                if (typeof toolCall.id === 'string')
                    part.id = toolCall.id;
                if (typeof toolCall.function?.name === 'string')
                    part.name = toolCall.function.name;
                parts.push(part);
            }
            if (typeof choice.finish_reason === 'string') {
                this.sawFinish = true;
                parts.push({ type: 'finish', index, finishReason: mapFinishReason(choice.finish_reason) });
            }
        }
        const usage = mapUsage(chunk.usage);
        if (usage !== undefined)
            this.usage = usage;
    }
    streamError(message) {
        const text = message === undefined ? '' : `: ${this.redact(message).slice(0, 1000)}`;
        return new CairnError('UPSTREAM_ERROR', `The upstream model failed mid-stream${text}`);
    }
}
/** Bytes accepted after `[DONE]` while handing the socket back; more means the host is misbehaving. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
/** How long the end of the body may lag behind `[DONE]` before the socket is given up. */
const DRAIN_TIMEOUT_MS = 1000;
/**
 * Reads the body and yields parts as they are ready. After `[DONE]` the rest of the body (normally just
 * the chunked-encoding terminator, microseconds behind) is read before the generator ends, so the
 * keep-alive socket is free for the next call. If the consumer stops early, the body is destroyed, which
 * closes the upstream socket: the upstream stops generating.
 */
export async function* translateOpenAiStream(body, call, redact) {
    const translator = new OpenAiStreamTranslator(redact);
    const parts = [];
    // A manual iterator: breaking out of for-await would destroy the body even when only its end is missing.
    const chunks = body[Symbol.asyncIterator]();
    let ended = false;
    try {
        while (!translator.done) {
            const next = await chunks.next();
            if (next.done === true) {
                ended = true;
                break;
            }
            call.touch();
            translator.push(next.value, parts);
            if (parts.length > 0) {
                for (const part of parts)
                    yield part;
                parts.length = 0;
            }
        }
        translator.end(parts);
        for (const part of parts)
            yield part;
        if (!ended)
            ended = await drainAfterDone(chunks, call);
    }
    finally {
        if (!ended) {
            if (translator.done)
                drainInBackground(body);
            else
                body.destroy();
        }
    }
}
/** True when the body is finished with (ended, or torn down by the drain deadline). */
async function drainAfterDone(chunks, call) {
    call.startDrain(DRAIN_TIMEOUT_MS);
    let size = 0;
    try {
        for (;;) {
            const next = await chunks.next();
            if (next.done === true)
                return true;
            size += next.value.length;
            if (size > DRAIN_LIMIT_BYTES)
                return false;
        }
    }
    catch {
        // The answer was complete at [DONE]; a host that then stalls or breaks costs only its socket.
        return true;
    }
}
/** For a consumer that left right after `[DONE]`: finish reading without holding anyone up. */
function drainInBackground(body) {
    const timer = setTimeout(() => body.destroy(), DRAIN_TIMEOUT_MS);
    body
        .dump({ limit: DRAIN_LIMIT_BYTES })
        .catch(() => undefined)
        .finally(() => clearTimeout(timer));
}
//# sourceMappingURL=openai-stream.js.map