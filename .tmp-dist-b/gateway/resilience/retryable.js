import { isCairnError } from '../../errors/index.js';
/**
 * Errors that end the whole call whatever their status: the caller went away or the call's own deadline passed
 * (retrying cannot help and must not outlive the client), or one of Cairn's own policies refused it.
 */
const FINAL_CODES = new Set([
    'CLIENT_CLOSED_REQUEST',
    'REQUEST_TIMEOUT',
    'BUDGET_EXCEEDED',
    'POLICY_STORE_UNAVAILABLE',
    'CIRCUIT_OPEN',
    'GUARDRAIL_BLOCKED',
]);
/**
 * Retryable: 429 from the upstream and every 5xx (UPSTREAM_ERROR from a 5xx, UPSTREAM_TIMEOUT,
 * UPSTREAM_CONNECTION_ERROR, UPSTREAM_INVALID_RESPONSE, TEMPORARILY_UNAVAILABLE…). Not retryable: other 4xx (the
 * request itself is at fault, another entity would refuse it too), anything once the call's signal has fired,
 * and Cairn's own refusals — including its own rate limit, a REQUEST_LIMIT_EXCEEDED without `upstream_status`.
 *
 * For the breaker, 5xx and timeouts are failures; 429 and other 4xx are successes (the entity answered; rate
 * limiting is handled by Retry-After and fallback, and must not open the circuit and turn 429s into 503s).
 */
export function classifyFailure(error, signal) {
    if (!isCairnError(error)) {
        // Not an upstream answer but a bug on our side of the adapter: surface it, learn nothing about the entity.
        return { retryable: false, breakerOutcome: undefined, code: 'INTERNAL_ERROR', status: 500 };
    }
    const { code, status } = error;
    if (signal.aborted || FINAL_CODES.has(code))
        return { retryable: false, breakerOutcome: undefined, code, status };
    if (code === 'REQUEST_LIMIT_EXCEEDED' && error.details.upstream_status === undefined) {
        return { retryable: false, breakerOutcome: undefined, code, status };
    }
    if (status === 429)
        return { retryable: true, breakerOutcome: 'success', code, status };
    if (status >= 500)
        return { retryable: true, breakerOutcome: 'failure', code, status };
    return { retryable: false, breakerOutcome: 'success', code, status };
}
//# sourceMappingURL=retryable.js.map