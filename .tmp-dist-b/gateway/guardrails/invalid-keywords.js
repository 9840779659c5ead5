import { CairnError } from '../../errors/index.js';
import { AhoCorasick } from './aho-corasick.js';
import { isWordCharacterAt, isWordCharacterBefore, normalizeForMatching, originalSpan } from './normalize-text.js';
export const DEFAULT_KEYWORD_SCAN_LENGTH = 1024 * 1024;
const MAX_FINDINGS = 100;
export function createInvalidKeywordsGuardrail(options) {
    const keywords = options.keywords.map((keyword) => normalizeForMatching(keyword).trim());
    const empty = keywords.findIndex((keyword) => keyword.length === 0);
    if (empty >= 0) {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail invalid_keywords: keyword ${empty + 1} is empty once invisible characters and spaces are removed.`);
    }
    const matcher = new AhoCorasick(keywords);
    // A keyword edge that is a word character must not touch another one; `c++` or `$$$` need no boundary there.
    const wordStart = keywords.map((keyword) => isWordCharacterAt(keyword, 0));
    const wordEnd = keywords.map((keyword) => isWordCharacterBefore(keyword, keyword.length));
    const maxScanLength = options.maxScanLength ?? DEFAULT_KEYWORD_SCAN_LENGTH;
    const longest = keywords.reduce((most, keyword) => Math.max(most, keyword.length), 0);
    function findIn(segment, segmentIndex, findings) {
        const text = segment.text.length > maxScanLength ? segment.text.slice(0, maxScanLength) : segment.text;
        const normalized = normalizeForMatching(text);
        matcher.scan(normalized, (match) => {
            if (wordStart[match.pattern] && isWordCharacterBefore(normalized, match.start))
                return;
            if (wordEnd[match.pattern] && isWordCharacterAt(normalized, match.end))
                return;
            const finding = { type: 'keyword', segment: segmentIndex, detail: `keyword ${match.pattern + 1}` };
            const span = originalSpan(text, normalized, match.start, match.end);
            if (span) {
                finding.start = span.start;
                finding.end = span.end;
            }
            findings.push(finding);
            return findings.length < MAX_FINDINGS;
        });
        if (segment.text.length > maxScanLength) {
            findings.push({ type: 'keyword', segment: segmentIndex, detail: `text longer than ${maxScanLength} characters was not scanned whole` });
        }
    }
    return {
        name: 'invalid_keywords',
        // Invisible characters and spaces can stretch a keyword in the raw text: leave room for some.
        streamWindow: Math.min(4096, longest * 2),
        check(segments, context) {
            const findings = [];
            for (let index = 0; index < segments.length && findings.length < MAX_FINDINGS; index++)
                findIn(segments[index], index, findings);
            return { guardrail: 'invalid_keywords', stage: context.stage, action: findings.length > 0 ? 'block' : 'allow', findings };
        },
    };
}
//# sourceMappingURL=invalid-keywords.js.map