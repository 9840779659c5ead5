import { CairnError } from '../../errors/index.js';
export function createMaxInputTokensGuardrail(options) {
    const { limit, countTokens } = options;
    if (!Number.isInteger(limit) || limit < 1) {
        throw new CairnError('INVALID_PARAMETER_VALUE', 'Guardrail max_input_tokens: the limit must be a positive integer.');
    }
    return {
        name: 'max_input_tokens',
        check(segments, context) {
            // A byte-level BPE token is at least one UTF-8 byte, and a UTF-16 code unit at most three bytes: texts this
            // short cannot exceed the limit, so the tokenizer (≈ 0.2 ms per 2 KB) is only run when it could.
            let units = 0;
            for (const segment of segments)
                units += segment.text.length;
            if (units * 3 <= limit || (units <= limit && utf8Bytes(segments) <= limit)) {
                return { guardrail: 'max_input_tokens', stage: context.stage, action: 'allow', findings: [] };
            }
            let total = 0;
            for (let index = 0; index < segments.length; index++) {
                total += countTokens(segments[index].text);
                if (total > limit) {
                    return {
                        guardrail: 'max_input_tokens',
                        stage: context.stage,
                        action: 'block',
                        findings: [{ type: 'max_input_tokens', segment: index, detail: `more than ${limit} tokens` }],
                    };
                }
            }
            return { guardrail: 'max_input_tokens', stage: context.stage, action: 'allow', findings: [] };
        },
    };
}
function utf8Bytes(segments) {
    let bytes = 0;
    for (const segment of segments)
        bytes += Buffer.byteLength(segment.text, 'utf8');
    return bytes;
}
//# sourceMappingURL=max-input-tokens.js.map