/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream grammar): bytes arrive in chunks split
 * anywhere — inside a line, between `\r` and `\n`, inside a multi-byte UTF-8 character — and complete events
 * come out. Only what an upstream model stream needs: `data` (multi-line joined with `\n`), `event`, `id`;
 * comments and `retry` are ignored.
 */
export class SseParseError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SseParseError';
    }
}
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const DEFAULT_MAX_EVENT_LENGTH = 4 * 1024 * 1024;
export class SseParser {
    decoder = new TextDecoder('utf-8');
    maxEventLength;
    pending = '';
    skipLineFeed = false;
    atStart = true;
    data = null;
    eventType = '';
    lastEventId;
    constructor(options = {}) {
        this.maxEventLength = options.maxEventLength ?? DEFAULT_MAX_EVENT_LENGTH;
    }
    /** Feeds one chunk and returns the events it completed (often none or one). */
    push(chunk) {
        let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
        const events = [];
        if (text.length === 0)
            return events;
        if (this.atStart) {
            this.atStart = false;
            if (text.charCodeAt(0) === 0xfeff)
                text = text.slice(1);
        }
        let start = 0;
        if (this.skipLineFeed) {
            this.skipLineFeed = false;
            if (text.charCodeAt(0) === LINE_FEED)
                start = 1;
        }
        for (let index = start; index < text.length; index++) {
            const code = text.charCodeAt(index);
            if (code !== LINE_FEED && code !== CARRIAGE_RETURN)
                continue;
            const piece = text.slice(start, index);
            const line = this.pending.length === 0 ? piece : this.pending + piece;
            this.pending = '';
            this.processLine(line, events);
            if (code === CARRIAGE_RETURN) {
                // A CR may be the first half of a CRLF whose LF comes in the next chunk.
                if (index + 1 === text.length)
                    this.skipLineFeed = true;
                else if (text.charCodeAt(index + 1) === LINE_FEED)
                    index++;
            }
            start = index + 1;
        }
        if (start < text.length) {
            this.pending += text.slice(start);
            if (this.pending.length > this.maxEventLength)
                throw new SseParseError('An event-stream line exceeds the size limit.');
        }
        return events;
    }
    /**
     * Ends the input. Tolerates a stream whose last event lacks its closing blank line (common in
     * practice); a final line with no line break at all is incomplete and dropped.
     */
    end() {
        const tail = this.decoder.decode();
        const events = tail.length > 0 ? this.push(tail) : [];
        this.pending = '';
        this.processLine('', events);
        return events;
    }
    processLine(line, events) {
        if (line.length === 0) {
            if (this.data !== null) {
                const event = { event: this.eventType.length > 0 ? this.eventType : 'message', data: this.data };
                if (this.lastEventId !== undefined)
                    event.id = this.lastEventId;
                events.push(event);
            }
            this.data = null;
            this.eventType = '';
            return;
        }
        if (line.charCodeAt(0) === 58 /* ':' comment */)
            return;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.charCodeAt(0) === 32)
            value = value.slice(1);
        switch (field) {
            case 'data':
                this.data = this.data === null ? value : this.data + '\n' + value;
                if (this.data.length > this.maxEventLength)
                    throw new SseParseError('An event-stream event exceeds the size limit.');
                break;
            case 'event':
                this.eventType = value;
                break;
            case 'id':
                if (!value.includes('\0'))
                    this.lastEventId = value;
                break;
            default:
                // `retry` and unknown fields do not matter to a model stream.
                break;
        }
    }
}
//# sourceMappingURL=sse-parser.js.map