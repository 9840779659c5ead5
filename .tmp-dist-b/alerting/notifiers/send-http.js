import { fetch as undiciFetch } from 'undici';
import { BLOCKED_ADDRESS_CODE } from '../../providers/index.js';
import { parseRetryAfter } from './retry-schedule.js';
const RESPONSE_SNIPPET_BYTES = 300;
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return 'the receiver';
    }
}
/** The first bytes of the answer (receivers explain refusals there), then the rest is dropped with the socket. */
async function readSnippet(response) {
    const reader = response.body?.getReader();
    if (!reader)
        return '';
    const chunks = [];
    let size = 0;
    try {
        while (size < RESPONSE_SNIPPET_BYTES) {
            const { done, value } = await reader.read();
            if (done)
                break;
            chunks.push(value);
            size += value.byteLength;
        }
    }
    finally {
        await reader.cancel().catch(() => undefined);
    }
    const text = Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8');
    // eslint-disable-next-line no-control-regex -- one line for last_error
    return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);
}
function networkError(error, host, timeoutMs, timedOut) {
    if (timedOut)
        return `timed out after ${timeoutMs} ms (${host})`;
    const cause = error.cause ?? error;
    const code = cause.code;
    if (code === BLOCKED_ADDRESS_CODE)
        return `${host} resolves to a blocked address`;
    if (typeof code === 'string')
        return `connection to ${host} failed (${code})`;
    if (error.name === 'AbortError')
        return `aborted (${host})`;
    return `request to ${host} failed`;
}
/**
 * POSTs one notification. Redirects are never followed (a 3xx is a failure): a receiver must not be able to bounce
 * Cairn to an internal address. The whole attempt, body included, runs under one timeout.
 */
export async function sendHttp(spec, options) {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const host = hostOf(spec.url);
    const send = options.fetch ?? undiciFetch;
    try {
        const response = await send(spec.url, {
            method: 'POST',
            headers: { 'user-agent': 'cairn-alerting', ...spec.headers },
            body: spec.body,
            redirect: 'manual',
            signal,
            ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
        const snippet = await readSnippet(response);
        if (response.status >= 200 && response.status < 300)
            return { ok: true };
        const outcome = { ok: false, error: `HTTP ${response.status} from ${host}${snippet ? `: ${snippet}` : ''}` };
        if (response.status === 429 || response.status === 503) {
            const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), options.now());
            if (retryAfterMs !== undefined)
                outcome.retryAfterMs = retryAfterMs;
        }
        return outcome;
    }
    catch (error) {
        return { ok: false, error: networkError(error, host, options.timeoutMs, timeout.aborted) };
    }
}
//# sourceMappingURL=send-http.js.map