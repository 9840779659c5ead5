/**
 * The demo model's tokenizer: a token is a word (letters and digits, with inner apostrophes or hyphens,
 * so "don't" and "keep-alive" stay whole) or a single other non-space character. The same rule counts
 * usage, so reported token counts are exact for this model.
 */
const TOKEN_PATTERN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const WORD_START = /^[\p{L}\p{N}]/u;
export function tokenize(text) {
    return text.match(TOKEN_PATTERN) ?? [];
}
export function countTokens(text) {
    let count = 0;
    TOKEN_PATTERN.lastIndex = 0;
    while (TOKEN_PATTERN.exec(text) !== null)
        count++;
    return count;
}
export function isWordToken(token) {
    return WORD_START.test(token);
}
/** Punctuation written against the previous token ("word," not "word ,"). */
const ATTACHES_LEFT = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '%', '/', '”', '’', '…']);
/** Punctuation written against the next token ("(word" not "( word"). */
const ATTACHES_RIGHT = new Set(['(', '[', '{', '/', '“', '$', '#']);
const SENTENCE_END = new Set(['.', '!', '?']);
/**
 * The text a token adds after `previous` (undefined at the start of a text). Spacing never glues two
 * word tokens together, so `countTokens` of the joined text equals the number of tokens joined.
 */
export function joinToken(previous, token) {
    if (previous === undefined || ATTACHES_LEFT.has(token) || ATTACHES_RIGHT.has(previous))
        return token;
    return ' ' + token;
}
export function endsSentence(token) {
    return SENTENCE_END.has(token);
}
export function capitalize(token) {
    const first = token.charAt(0);
    const upper = first.toUpperCase();
    return upper === first ? token : upper + token.slice(1);
}
//# sourceMappingURL=tokenizer.js.map