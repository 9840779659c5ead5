import safeRegex from 'safe-regex2';
import { CairnError } from '../../errors/index.js';
export const DEFAULT_REGEX_SCAN_LENGTH = 100_000;
const CHUNK = 2048;
const OVERLAP = 256;
const STEP = CHUNK - OVERLAP;
const MAX_FINDINGS = 1000;
function refuse(name, reason) {
    return new CairnError('INVALID_PARAMETER_VALUE', `Custom guardrail "${name}": ${reason}.`, { details: { guardrail: name } });
}
/** Compiles the pattern or throws INVALID_PARAMETER_VALUE naming the guardrail. */
export function compileGuardrailPattern(name, pattern, flags = '') {
    if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length)
        throw refuse(name, `flags "${flags}" are not allowed (only i, m, s, u, each once)`);
    let regex;
    try {
        regex = new RegExp(pattern, `${flags}g`);
    }
    catch (error) {
        throw refuse(name, `the pattern does not compile: ${error.message}`);
    }
    if (!safeRegex(regex))
        throw refuse(name, 'the pattern can take exponential time on some inputs (nested quantifiers such as (a+)+); rewrite it without a repeated group that itself repeats');
    regex.lastIndex = 0;
    if (regex.test(''))
        throw refuse(name, 'the pattern matches the empty text, so it would match everywhere');
    regex.lastIndex = 0;
    return regex;
}
/** Calls `onMatch` with every non-overlapping match in `text[0, length)`, chunk by chunk. */
function forEachMatch(regex, text, length, onMatch) {
    let acceptedUntil = 0;
    for (let chunkStart = 0; chunkStart < length; chunkStart += STEP) {
        const chunkEnd = Math.min(length, chunkStart + CHUNK);
        const last = chunkEnd === length;
        const chunk = chunkStart === 0 && last && length === text.length ? text : text.slice(chunkStart, chunkEnd);
        // Matches starting in the overlap belong to the next chunk, which sees more of what follows them.
        const ownedUntil = last ? chunkEnd : chunkStart + STEP;
        regex.lastIndex = 0;
        for (let match = regex.exec(chunk); match !== null; match = regex.exec(chunk)) {
            const start = chunkStart + match.index;
            if (match[0].length === 0)
                regex.lastIndex++;
            if (start >= ownedUntil)
                break;
            if (start < acceptedUntil)
                continue;
            acceptedUntil = start + match[0].length;
            if (!onMatch(start, acceptedUntil))
                return;
        }
        if (last)
            return;
    }
}
export function createRegexGuardrail(options) {
    const { name, behavior } = options;
    const regex = compileGuardrailPattern(name, options.pattern, options.flags);
    const maxScanLength = options.maxScanLength ?? DEFAULT_REGEX_SCAN_LENGTH;
    const action = behavior === 'MASK' ? 'mask' : behavior === 'BLOCK' ? 'block' : 'flag';
    const placeholder = `[${name.toUpperCase()}]`;
    return {
        name,
        check(segments, context) {
            const findings = [];
            let masked;
            let matched = 0;
            for (let index = 0; index < segments.length && matched < MAX_FINDINGS; index++) {
                const text = segments[index].text;
                const length = Math.min(text.length, maxScanLength);
                const parts = [];
                let cursor = 0;
                forEachMatch(regex, text, length, (start, end) => {
                    const finding = { type: name, segment: index, start, end };
                    findings.push(finding);
                    matched++;
                    if (behavior === 'MASK' && end > start) {
                        finding.detail = placeholder;
                        parts.push(text.slice(cursor, start), placeholder);
                        cursor = end;
                    }
                    return matched < MAX_FINDINGS;
                });
                if (text.length > maxScanLength)
                    findings.push({ type: name, segment: index, detail: `only the first ${maxScanLength} characters were scanned` });
                if (parts.length > 0) {
                    masked ??= segments.map((segment) => segment.text);
                    parts.push(text.slice(cursor));
                    masked[index] = parts.join('');
                }
            }
            if (matched === 0)
                return { guardrail: name, stage: context.stage, action: 'allow', findings };
            const verdict = { guardrail: name, stage: context.stage, action, findings };
            if (action === 'mask') {
                if (!masked)
                    verdict.action = 'flag'; // only empty matches: nothing to replace
                else
                    verdict.masked = masked;
            }
            return verdict;
        },
    };
}
//# sourceMappingURL=regex-guardrail.js.map