/**
 * The demo embedding: signed feature hashing of character 3- to 5-grams (with word-boundary padding),
 * L2-normalised. Texts that share spelling share features, so similar texts score a higher cosine
 * similarity than unrelated ones — lexical, not semantic, similarity, which is enough for a demo.
 */
export const DEMO_EMBEDDING_DIMENSIONS = 256;
const MIN_GRAM = 3;
const MAX_GRAM = 5;
function fnv1a(text, start, end, offset) {
    let hash = offset;
    for (let index = start; index < end; index++) {
        hash ^= text.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
}
export function hashedEmbedding(text, dimensions = DEMO_EMBEDDING_DIMENSIONS) {
    const vector = new Float64Array(dimensions);
    const normalised = ` ${text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()} `;
    for (let size = MIN_GRAM; size <= MAX_GRAM; size++) {
        for (let start = 0; start + size <= normalised.length; start++) {
            const bucket = fnv1a(normalised, start, start + size, 0x811c9dc5) % dimensions;
            // An independent hash picks the sign, so collisions cancel out on average instead of piling up.
            const sign = fnv1a(normalised, start, start + size, 0x9747b28c) & 1 ? 1 : -1;
            vector[bucket] += sign;
        }
    }
    let norm = 0;
    for (const value of vector)
        norm += value * value;
    const result = new Array(dimensions);
    if (norm === 0) {
        // Empty text (or an exact cancellation): still a unit vector, so callers can always rely on the norm.
        result.fill(0);
        result[0] = 1;
        return result;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < dimensions; index++)
        result[index] = vector[index] * scale;
    return result;
}
//# sourceMappingURL=hashed-embedding.js.map