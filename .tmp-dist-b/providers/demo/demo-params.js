import { CairnError } from '../../errors/index.js';
export const DEMO_DEFAULT_MAX_TOKENS = 64;
export const DEMO_MAX_TOKENS_LIMIT = 4096;
export const DEMO_MAX_CHOICES = 16;
/** Softer than OpenAI's default of 1: a tiny n-gram model rambles at full temperature. */
export const DEMO_DEFAULT_TEMPERATURE = 0.7;
export const DEMO_DEFAULT_TOP_P = 0.95;
/** Fields of `extra` that change nothing for the demo model and so need no warning. */
const HARMLESS_EXTRA = new Set(['user', 'stream', 'stream_options', 'model', 'metadata', 'store', 'service_tier']);
function numberIn(name, value, min, max, fallback) {
    if (value === undefined)
        return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
        throw new CairnError('INVALID_PARAMETER_VALUE', `${name} must be a number between ${min} and ${max}.`);
    }
    return value;
}
function integerIn(name, value, min, max, fallback) {
    const result = numberIn(name, value, min, max, fallback);
    if (!Number.isInteger(result))
        throw new CairnError('INVALID_PARAMETER_VALUE', `${name} must be an integer.`);
    return result;
}
function isSet(value) {
    if (value === undefined || value === null || value === false)
        return false;
    return !(Array.isArray(value) && value.length === 0);
}
/** Validates OpenAI sampling parameters against the demo model's ranges and fills its defaults. */
export function resolveDemoSettings(params) {
    const stop = params.stop ?? [];
    if (!Array.isArray(stop) || stop.some((entry) => typeof entry !== 'string')) {
        throw new CairnError('INVALID_PARAMETER_VALUE', 'stop must be a list of strings.');
    }
    const seed = params.seed === undefined ? undefined : numberIn('seed', params.seed, -Number.MAX_VALUE, Number.MAX_VALUE, 0);
    const warnings = [];
    for (const [key, value] of Object.entries(params.extra ?? {})) {
        if (!HARMLESS_EXTRA.has(key) && isSet(value))
            warnings.push(`'${key}' is not supported by the demo model and was ignored.`);
    }
    return {
        controls: {
            temperature: numberIn('temperature', params.temperature, 0, 2, DEMO_DEFAULT_TEMPERATURE),
            topP: numberIn('top_p', params.top_p, 0, 1, DEMO_DEFAULT_TOP_P),
            presencePenalty: numberIn('presence_penalty', params.presence_penalty, -2, 2, 0),
            frequencyPenalty: numberIn('frequency_penalty', params.frequency_penalty, -2, 2, 0),
        },
        maxTokens: integerIn('max_tokens', params.max_tokens, 1, DEMO_MAX_TOKENS_LIMIT, DEMO_DEFAULT_MAX_TOKENS),
        // An empty stop string would match everywhere; OpenAI ignores it too.
        stop: stop.filter((entry) => entry.length > 0),
        n: integerIn('n', params.n, 1, DEMO_MAX_CHOICES, 1),
        seed,
        warnings,
    };
}
//# sourceMappingURL=demo-params.js.map