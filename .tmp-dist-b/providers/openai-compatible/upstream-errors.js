import { CairnError } from '../../errors/index.js';
import { readBodyText } from './upstream-call.js';
import { errorBodySchema } from './wire-schemas.js';
const ERROR_BODY_LIMIT = 64 * 1024;
const MESSAGE_LIMIT = 1000;
export function redactorFor(apiKey) {
    if (apiKey === undefined || apiKey.length < 4)
        return (text) => text;
    return (text) => text.split(apiKey).join('[REDACTED]');
}
/** The upstream's own error message, if its body has one in any of the shapes hosts use. */
export function upstreamMessage(bodyText, redact) {
    let json;
    try {
        json = JSON.parse(bodyText);
    }
    catch {
        return undefined;
    }
    const parsed = errorBodySchema.safeParse(json);
    if (!parsed.success)
        return undefined;
    const { error, message } = parsed.data;
    const text = typeof error === 'string' ? error : (error?.message ?? message);
    if (typeof text !== 'string' || text.length === 0)
        return undefined;
    const redacted = redact(text);
    return redacted.length > MESSAGE_LIMIT ? `${redacted.slice(0, MESSAGE_LIMIT)}…` : redacted;
}
/**
 * Maps a non-2xx upstream answer to Cairn's error: 429 stays 429 (with the upstream Retry-After), other 4xx
 * keep their status and message (the caller's request was at fault), 5xx become 502, and redirects are
 * refused rather than followed (SEC API7). Upstream headers never travel, except Retry-After.
 */
export async function upstreamStatusError(statusCode, headers, body, call, redact) {
    let message;
    try {
        message = upstreamMessage(await readBodyText(body, call, ERROR_BODY_LIMIT), redact);
    }
    catch {
        body.destroy();
    }
    const details = { upstream_status: statusCode };
    if (statusCode === 429) {
        const retryAfter = headers['retry-after'];
        const value = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
        return new CairnError('REQUEST_LIMIT_EXCEEDED', message ?? 'The upstream model is rate limiting requests.', {
            status: 429,
            details,
            headers: value !== undefined && /^[\w ,:+-]{1,64}$/.test(value) ? { 'retry-after': value } : {},
        });
    }
    if (statusCode >= 300 && statusCode < 400) {
        return new CairnError('UPSTREAM_ERROR', `The upstream model answered with a redirect (HTTP ${statusCode}), which Cairn does not follow.`, {
            details,
        });
    }
    if (statusCode >= 400 && statusCode < 500) {
        return new CairnError('UPSTREAM_ERROR', message ?? `The upstream model rejected the request (HTTP ${statusCode}).`, {
            status: statusCode,
            details,
        });
    }
    const suffix = message === undefined ? '' : `: ${message}`;
    return new CairnError('UPSTREAM_ERROR', `The upstream model failed (HTTP ${statusCode})${suffix}`, { details });
}
//# sourceMappingURL=upstream-errors.js.map