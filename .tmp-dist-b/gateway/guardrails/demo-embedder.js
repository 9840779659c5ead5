/**
 * The offline embedder for `valid_topics`: the demo model's hashed character n-gram embedding, over the text's
 * content words. Lexical similarity only — "bake a cake" is not near "cooking" unless the topic description
 * names those words — so describe topics with the words users will use.
 *
 * Three choices make it separate topics usefully (measured on the cases in valid-topics.test.ts): function words
 * are dropped (otherwise "what is the…" makes any two questions look alike), words are crudely stemmed (`tents`
 * meets `tent`), and 4096 dimensions instead of the demo model's 256 (fewer hash collisions: off-topic questions
 * score 0.00–0.09 instead of 0.15–0.48, on-topic ones 0.11–0.7).
 */
export const DEMO_TOPIC_DIMENSIONS = 4096;
/** Longest text embedded; a topic is judged on the first part of a very long text. */
const MAX_EMBEDDED_LENGTH = 8192;
const FUNCTION_WORDS = new Set(('a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its me my ' +
    'no not of on or our please should so than that the their them then there these they this those to too was we were ' +
    'what when where which who whom why will with would you your yours about tell write explain give make show want need ' +
    'just also very some any all can\'t don\'t i\'m').split(' '));
const WORD = /[\p{L}\p{N}']+/gu;
/** A crude English stemmer: enough that `tents` meets `tent` and `invoices` meets `invoice`. */
function stem(word) {
    if (word.length <= 4)
        return word;
    if (word.endsWith('ies'))
        return `${word.slice(0, -3)}y`;
    if (word.endsWith('ing') && word.length > 5)
        return word.slice(0, -3);
    if (word.endsWith('ed') && word.length > 5)
        return word.slice(0, -2);
    if (word.endsWith('s') && !word.endsWith('ss'))
        return word.slice(0, -1);
    return word;
}
/** Lower-cased, roughly stemmed content words joined by spaces: what the hashed embedding sees. */
export function contentWords(text) {
    const source = text.length > MAX_EMBEDDED_LENGTH ? text.slice(0, MAX_EMBEDDED_LENGTH) : text;
    const words = [];
    for (const match of source.normalize('NFKC').toLowerCase().matchAll(WORD)) {
        const word = match[0];
        if (word.length > 1 && !FUNCTION_WORDS.has(word))
            words.push(stem(word));
    }
    return words.join(' ');
}
/**
 * The demo model's hashed character 3–5-gram embedding (signed feature hashing, L2-normalised), computed for the
 * request path: the two FNV-1a hashes of the grams starting at one position are extended a character at a time
 * instead of rehashing each gram from its start (≈ 2.5× fewer multiplications), and `words` is already
 * normalised by `contentWords`. Same grams, hashes and signs as `hashedEmbedding`, so the same vectors.
 */
function topicEmbedding(words, dimensions) {
    const text = ` ${words} `;
    const vector = new Float64Array(dimensions);
    const length = text.length;
    for (let start = 0; start + 3 <= length; start++) {
        let bucketHash = 0x811c9dc5;
        let signHash = 0x9747b28c;
        const end = Math.min(start + 5, length);
        for (let index = start; index < end; index++) {
            const code = text.charCodeAt(index);
            bucketHash = Math.imul(bucketHash ^ code, 0x01000193);
            signHash = Math.imul(signHash ^ code, 0x01000193);
            if (index - start >= 2)
                vector[(bucketHash >>> 0) % dimensions] += (signHash >>> 0) & 1 ? 1 : -1;
        }
    }
    let norm = 0;
    for (let index = 0; index < dimensions; index++)
        norm += vector[index] * vector[index];
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    const result = new Array(dimensions);
    for (let index = 0; index < dimensions; index++)
        result[index] = vector[index] * scale;
    return result;
}
export function createDemoEmbedder(dimensions = DEMO_TOPIC_DIMENSIONS) {
    const embedSync = (texts) => texts.map((text) => {
        const words = contentWords(text);
        // No content words (small talk, empty text): a zero vector, similar to nothing, instead of the hashed
        // embedding's arbitrary unit vector for empty input.
        return words === '' ? new Array(dimensions).fill(0) : topicEmbedding(words, dimensions);
    });
    return {
        embedSync,
        embed: (texts) => Promise.resolve(embedSync(texts)),
    };
}
//# sourceMappingURL=demo-embedder.js.map