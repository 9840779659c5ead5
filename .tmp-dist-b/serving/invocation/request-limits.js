import { CairnError } from '../../errors/index.js';
const logprobFields = ['logprobs', 'top_logprobs', 'logit_bias'];
/**
 * Per-endpoint caps on what one request may ask for (SEC-DOS-1, SEC-DOS-6): message count, `max_tokens`, `n`, and
 * logprob exposure. With `on_exceed: clamp` an oversize value is lowered and the call goes on with a warning
 * header; otherwise it is a 400 naming the parameter. A `max_tokens` cap also applies when the caller sent none, so
 * the cap bounds every call (and the token reservation).
 */
export function applyRequestLimits(call, limits, warnings) {
    if (!limits)
        return;
    const clamp = limits.on_exceed === 'clamp';
    const { params } = call;
    if (limits.max_messages !== undefined && call.input?.kind === 'chat' && call.input.messages.length > limits.max_messages) {
        // Dropping messages would change what the model is asked, so this is refused even with clamp.
        throw refused('messages', `This endpoint accepts at most ${limits.max_messages} messages per request.`);
    }
    if (limits.max_tokens !== undefined) {
        if (params.max_tokens === undefined) {
            params.max_tokens = limits.max_tokens;
        }
        else if (params.max_tokens > limits.max_tokens) {
            if (!clamp)
                throw refused('max_tokens', `max_tokens may be at most ${limits.max_tokens} on this endpoint.`);
            warnings.push(`max_tokens lowered to ${limits.max_tokens}`);
            params.max_tokens = limits.max_tokens;
        }
    }
    if (limits.max_n !== undefined && params.n !== undefined && params.n > limits.max_n) {
        if (!clamp)
            throw refused('n', `n may be at most ${limits.max_n} on this endpoint.`);
        warnings.push(`n lowered to ${limits.max_n}`);
        params.n = limits.max_n;
    }
    if (!limits.allow_logprobs) {
        for (const field of logprobFields) {
            const value = params.extra[field];
            if (value === undefined || value === false)
                continue;
            if (!clamp)
                throw refused(field, `${field} is disabled on this endpoint.`);
            warnings.push(`${field} removed (disabled on this endpoint)`);
            delete params.extra[field];
        }
    }
}
function refused(param, message) {
    return new CairnError('INVALID_PARAMETER_VALUE', message, { details: { param } });
}
//# sourceMappingURL=request-limits.js.map