/**
 * Feature hashing for the injection classifier, shared by scoring and by the training script so both see exactly
 * the same features. A text's features are its lower-cased word unigrams and bigrams, the first word of each
 * sentence or line (imperatives open instructions: "ignore…", "write…"), and its character 3-, 4- and 5-grams
 * (whitespace runs as one space, digits as 0). Each is hashed (FNV-1a, then a Fibonacci multiply) into 2^20 buckets
 * with a sign bit that cancels collision bias on average; every occurrence counts, and the word and character blocks
 * are each scaled by 1/sqrt(their number of occurrences) so that long and short texts score alike. Nothing is
 * allocated per feature: the buckets go into a reusable buffer.
 */
/** Changes whenever the features change; a model trained on other features is refused at load. */
export const FEATURE_VERSION = 'words1-2+opening+chars3-5/fib20/v3';
export const HASH_BITS = 20;
export const HASH_SIZE = 1 << HASH_BITS;
const MIN_CHAR_NGRAM = 3;
const MAX_CHAR_NGRAM = 5;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const UNIGRAM_SEED = 0x9e3779b1;
const BIGRAM_SEED = 0x85ebca6b;
const CHAR_SEED = 0xc2b2ae35;
const OPENING_SEED = 0x27d4eb2f;
export function createFeatureBuffer(capacity = 8192) {
    const words = Math.ceil(capacity / 4);
    return { entries: new Int32Array(capacity), wordCount: 0, charCount: 0, words: new Int32Array(words), wordStarts: new Int32Array(words), wordsTotal: 0 };
}
/**
 * Bucket and sign of a hashed feature: a multiplicative (Fibonacci) hash of the FNV state, whose top bits depend
 * on every input bit, gives the bucket; a lower bit gives the sign.
 */
function entry(hash, seed) {
    const mixed = Math.imul(hash ^ seed, 0x9e3779b1);
    const bucket = mixed >>> (32 - HASH_BITS);
    return (mixed & 0x800) === 0 ? bucket : ~bucket;
}
/** Letters and digits of any script count as word characters; ASCII punctuation, spaces and symbols do not. */
export function isWordCode(code) {
    if (code < 0x80)
        return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
    if (code >= 0x2000 && code <= 0x2bff)
        return false; // punctuation, arrows, symbols, box drawing
    if (code >= 0x3000 && code <= 0x303f)
        return false; // CJK punctuation
    if (code >= 0xd800 && code <= 0xdfff)
        return false; // emoji and other astral symbols
    return code !== 0xa0 && code > 0xbf;
}
function isSpaceCode(code) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}
function isSentenceEnd(code) {
    return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a || code === 0x3a || code === 0x3b || code === 0x7c;
}
/** Digits hash as `0`: numbers carry no injection signal and would only spread weight thin. */
function foldDigit(code) {
    return code >= 0x30 && code <= 0x39 ? 0x30 : code;
}
function ensure(buffer, needed, words) {
    if (buffer.entries.length < needed)
        buffer.entries = new Int32Array(Math.max(needed, buffer.entries.length * 2));
    if (buffer.words.length < words) {
        buffer.words = new Int32Array(Math.max(words, buffer.words.length * 2));
        buffer.wordStarts = new Int32Array(buffer.words.length);
    }
}
/** The raw hash of one lower-case word as `hashFeatures` computes it (digits folded): for trigger-word tables. */
export function wordHash(word) {
    let hash = FNV_OFFSET;
    for (let index = 0; index < word.length; index++)
        hash = Math.imul(hash ^ foldDigit(word.charCodeAt(index)), FNV_PRIME);
    return hash;
}
/** Fills `buffer` with the hashed features of `lowerText` (already normalised and lower-cased). */
export function hashFeatures(lowerText, buffer) {
    const length = lowerText.length;
    // Upper bound: a unigram, a bigram and an opening per word character, three n-grams per character.
    ensure(buffer, length * 6 + 8, (length >> 1) + 2);
    const entries = buffer.entries;
    const words = buffer.words;
    const wordStarts = buffer.wordStarts;
    let count = 0;
    let wordStart = 0;
    let wordsTotal = 0;
    let currentWord = FNV_OFFSET;
    let inWord = false;
    let previousWord = 0;
    let hasPrevious = false;
    let opensSentence = true;
    for (let index = 0; index <= length; index++) {
        const code = index < length ? lowerText.charCodeAt(index) : 0x20;
        if (isWordCode(code)) {
            if (!inWord)
                wordStart = index;
            currentWord = Math.imul(currentWord ^ foldDigit(code), FNV_PRIME);
            inWord = true;
            continue;
        }
        if (!inWord) {
            if (isSentenceEnd(code))
                opensSentence = true;
            continue;
        }
        wordStarts[wordsTotal] = wordStart;
        words[wordsTotal++] = currentWord;
        entries[count++] = entry(currentWord, UNIGRAM_SEED);
        if (hasPrevious)
            entries[count++] = entry(Math.imul(previousWord, 31) ^ currentWord, BIGRAM_SEED);
        if (opensSentence)
            entries[count++] = entry(currentWord, OPENING_SEED);
        opensSentence = isSentenceEnd(code);
        previousWord = currentWord;
        hasPrevious = true;
        currentWord = FNV_OFFSET;
        inWord = false;
    }
    buffer.wordCount = count;
    buffer.wordsTotal = wordsTotal;
    // Character n-grams over the text with whitespace runs collapsed to one space. The last five codes sit in
    // registers (newest first); each n-gram is hashed from its newest character back, so the 3-gram's state extends
    // to the 4- and 5-gram.
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    let c4 = 0;
    let c5 = 0;
    let filled = 0;
    let lastWasSpace = true;
    for (let index = 0; index < length; index++) {
        let code = lowerText.charCodeAt(index);
        if (isSpaceCode(code)) {
            if (lastWasSpace)
                continue;
            code = 0x20;
            lastWasSpace = true;
        }
        else
            lastWasSpace = false;
        c5 = c4;
        c4 = c3;
        c3 = c2;
        c2 = c1;
        c1 = foldDigit(code);
        filled++;
        if (filled < MIN_CHAR_NGRAM)
            continue;
        let hash = Math.imul(Math.imul(Math.imul(FNV_OFFSET ^ c1, FNV_PRIME) ^ c2, FNV_PRIME) ^ c3, FNV_PRIME);
        entries[count++] = entry(hash, CHAR_SEED + 3);
        if (filled < 4)
            continue;
        hash = Math.imul(hash ^ c4, FNV_PRIME);
        entries[count++] = entry(hash, CHAR_SEED + 4);
        if (filled < MAX_CHAR_NGRAM)
            continue;
        hash = Math.imul(hash ^ c5, FNV_PRIME);
        entries[count++] = entry(hash, CHAR_SEED + 5);
    }
    buffer.charCount = count - buffer.wordCount;
}
//# sourceMappingURL=features.js.map