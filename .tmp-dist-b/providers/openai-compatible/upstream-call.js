import { CairnError, isCairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../abort-error.js';
import { SseParseError } from './sse-parser.js';
import { BLOCKED_ADDRESS_CODE } from './validate-provider-base-url.js';
/** setTimeout treats anything above 2^31 − 1 ms as 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;
/**
 * The lifetime of one upstream HTTP call: links the caller's abort signal to the request, runs an exact
 * headers timer and then an idle-between-chunks timer (one timer, re-armed per chunk), and translates
 * every failure into the CairnError the caller should see. Aborting destroys the upstream socket.
 */
export class UpstreamCall {
    callerSignal;
    headersTimeoutMs;
    idleTimeoutMs;
    controller = new AbortController();
    onCallerAbort;
    timer;
    constructor(callerSignal, headersTimeoutMs, idleTimeoutMs) {
        this.callerSignal = callerSignal;
        this.headersTimeoutMs = headersTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.onCallerAbort = () => this.controller.abort(callerSignal.reason);
        callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
        this.timer = setTimeout(() => this.expire('headers'), Math.min(headersTimeoutMs, MAX_TIMER_MS));
    }
    get signal() {
        return this.controller.signal;
    }
    /** Headers are in: from now on the clock measures silence between body chunks. */
    headersReceived() {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.expire('idle'), Math.min(this.idleTimeoutMs, MAX_TIMER_MS));
    }
    /** A body chunk arrived. */
    touch() {
        this.timer.refresh();
    }
    /** The answer is complete; give the rest of the body a short deadline, then drop the socket. */
    startDrain(deadlineMs) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.controller.abort(new Error('Drain deadline passed.')), deadlineMs);
    }
    dispose() {
        clearTimeout(this.timer);
        this.callerSignal.removeEventListener('abort', this.onCallerAbort);
    }
    expire(phase) {
        const message = phase === 'headers'
            ? `The upstream model sent no response headers within ${this.headersTimeoutMs} ms.`
            : `The upstream model sent nothing for ${this.idleTimeoutMs} ms.`;
        this.controller.abort(new CairnError('UPSTREAM_TIMEOUT', message));
    }
    /** The error to throw for whatever went wrong during the call. */
    translate(error) {
        if (this.callerSignal.aborted)
            return abortErrorFrom(this.callerSignal);
        const reason = this.controller.signal.aborted ? this.controller.signal.reason : undefined;
        if (isCairnError(reason))
            return reason;
        if (isCairnError(error))
            return error;
        if (error instanceof SseParseError) {
            return new CairnError('UPSTREAM_INVALID_RESPONSE', `The upstream model sent a malformed event stream: ${error.message}`);
        }
        return connectionError(error);
    }
}
function connectionError(error) {
    const code = typeof error === 'object' && error !== null ? error.code : undefined;
    if (code === BLOCKED_ADDRESS_CODE) {
        return new CairnError('UPSTREAM_CONNECTION_ERROR', 'The upstream host resolves to a link-local, cloud metadata or disallowed private address.', { cause: error });
    }
    // Only the error code travels: messages of network errors can carry addresses, never headers, but stay terse.
    const suffix = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : '';
    return new CairnError('UPSTREAM_CONNECTION_ERROR', `The connection to the upstream model failed${suffix}.`, { cause: error });
}
/** Reads a whole response body as text, re-arming the idle timer per chunk and refusing oversized bodies. */
export async function readBodyText(body, call, limitBytes) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        call.touch();
        size += chunk.length;
        if (size > limitBytes) {
            throw new CairnError('UPSTREAM_INVALID_RESPONSE', `The upstream response is larger than ${limitBytes} bytes.`);
        }
        chunks.push(chunk);
    }
    if (chunks.length === 1)
        return chunks[0].toString('utf8');
    return Buffer.concat(chunks, size).toString('utf8');
}
//# sourceMappingURL=upstream-call.js.map