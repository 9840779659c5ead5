/** Small lexical statistics of a text: blankness and repetition. */
/** Letters or digits: a text without any is empty (blank, whitespace, punctuation or symbols only). */
const SUBSTANCE = /[\p{L}\p{N}]/u;
export function isEmptyText(text) {
    return !SUBSTANCE.test(text);
}
/** Scripts written without spaces: each character is a word of its own for n-grams. */
const SPACELESS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}';
const WORD = new RegExp(`[${SPACELESS}]|(?:(?![${SPACELESS}])[\\p{L}\\p{N}\\p{M}'])+`, 'gu');
/** Words considered at most (distinct-2 of a long text is judged on its first part, keeping the cost bounded). */
export const MAX_WORDS = 5_000;
export function words(text, limit = MAX_WORDS) {
    const result = [];
    WORD.lastIndex = 0;
    for (let match = WORD.exec(text); match !== null && result.length < limit; match = WORD.exec(text))
        result.push(match[0].toLowerCase());
    return result;
}
/**
 * Distinct-2 (Li et al. 2016): distinct word bigrams over all bigrams, in (0, 1]. 1 means no bigram repeats; a
 * model looping on a phrase drives it towards 0. Null below two words (no bigram).
 */
export function distinctBigramRatio(tokens) {
    if (tokens.length < 2)
        return null;
    const seen = new Set();
    for (let index = 1; index < tokens.length; index++)
        seen.add(`${tokens[index - 1]}\u0000${tokens[index]}`);
    return Math.round((seen.size / (tokens.length - 1)) * 10_000) / 10_000;
}
//# sourceMappingURL=text-stats.js.map