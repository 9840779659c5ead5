/**
 * Text normalisation for keyword matching: what a reader sees as the same word must compare equal. NFKC folds
 * compatibility forms (full-width letters, ligatures, circled digits), invisible format characters (zero-width
 * spaces and joiners, soft hyphens, bidi marks, variation selectors) are dropped so they cannot split a word,
 * case is folded, and whitespace runs become one space so phrases match across line breaks.
 *
 * The matcher runs on the normalised string; offsets are mapped back to the original text only when something
 * matched (rare), by `originalSpan`, which redoes the normalisation unit by unit.
 */
const NON_ASCII = /[^\u0000-\u007f]/; // eslint-disable-line no-control-regex -- the ASCII range, by definition
const INVISIBLE = /[\p{Cf}\uFE00-\uFE0F]/gu;
const WHITESPACE_RUN = /\s+/g;
const FINAL_SIGMA = /ς/g;
/** The normalised form `text` is matched in; keywords are normalised the same way. */
export function normalizeForMatching(text) {
    let normalized = text;
    if (NON_ASCII.test(text)) {
        normalized = normalized.normalize('NFKC').replace(INVISIBLE, '');
        // toLowerCase picks ς or σ from context; unit-by-unit mapping cannot, so both fold to σ.
        normalized = normalized.toLowerCase().replace(FINAL_SIGMA, 'σ');
    }
    else {
        normalized = normalized.toLowerCase();
    }
    return normalized.replace(WHITESPACE_RUN, ' ');
}
const COMBINING_MARK = /\p{M}/u;
function unitEnd(text, start) {
    let index = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
    // A base character and its combining marks normalise together (e + U+0301 → é).
    while (index < text.length) {
        const codePoint = text.codePointAt(index) ?? 0;
        const width = codePoint > 0xffff ? 2 : 1;
        if (!COMBINING_MARK.test(text.slice(index, index + width)))
            break;
        index += width;
    }
    return index;
}
/**
 * Maps `[start, end)` of `normalizeForMatching(original)` back to `original`. Returns undefined in the rare cases
 * where normalising unit by unit differs from normalising the whole string (composition across units).
 */
export function originalSpan(original, normalized, start, end) {
    let produced = 0;
    let lastWasSpace = false;
    let originalStart = -1;
    for (let index = 0; index < original.length;) {
        const next = unitEnd(original, index);
        const unit = normalizeForMatching(original.slice(index, next));
        for (let offset = 0; offset < unit.length; offset++) {
            const isSpace = unit[offset] === ' ';
            if (isSpace && lastWasSpace)
                continue;
            lastWasSpace = isSpace;
            if (normalized[produced] !== unit[offset])
                return undefined;
            if (produced === start)
                originalStart = index;
            produced++;
            if (produced === end)
                return originalStart < 0 ? undefined : { start: originalStart, end: next };
        }
        index = next;
    }
    return undefined;
}
/** Letters, digits, marks and `_`: the characters a whole-word match must not be glued to. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;
/** Every regular expression run on user text here, for the SEC-DOS-7 audit in the tests. */
export const NORMALIZATION_PATTERNS = [NON_ASCII, INVISIBLE, WHITESPACE_RUN, FINAL_SIGMA, COMBINING_MARK, WORD_CHARACTER];
export function isWordCharacterBefore(text, index) {
    if (index <= 0)
        return false;
    const code = text.charCodeAt(index - 1);
    if (code < 0x80)
        return isAsciiWord(code);
    const start = code >= 0xdc00 && code <= 0xdfff && index >= 2 ? index - 2 : index - 1;
    return WORD_CHARACTER.test(text.slice(start, index));
}
export function isWordCharacterAt(text, index) {
    if (index >= text.length)
        return false;
    const code = text.charCodeAt(index);
    if (code < 0x80)
        return isAsciiWord(code);
    const codePoint = text.codePointAt(index) ?? 0;
    return WORD_CHARACTER.test(String.fromCodePoint(codePoint));
}
function isAsciiWord(code) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
//# sourceMappingURL=normalize-text.js.map