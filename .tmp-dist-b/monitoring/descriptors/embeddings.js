import { createDemoEmbedder, DEMO_TOPIC_DIMENSIONS } from '../../gateway/guardrails/index.js';
/**
 * Stored demo embeddings are folded from the demo embedder's 4096 dimensions down to this many: the demo
 * embedding is feature hashing with bucket = hash mod 4096, so summing buckets i, i+256, i+512… gives exactly the
 * 256-dimensional hashed embedding, at a sixteenth of the row size (≈ 1.8 KB of JSON per vector). Relevance is
 * computed on the full vectors, where fewer hash collisions separate related from unrelated texts better.
 */
export const STORED_DEMO_DIMENSIONS = 256;
/** Decimals kept in stored vectors: cosine errors stay under 1e-3 and rows stay small. */
const STORED_DECIMALS = 4;
/** Longest text sent to an embedder: the start of a long text says what it is about. */
export const MAX_EMBEDDED_CHARS = 8_192;
export function createDescriptorDemoEmbedder() {
    const embedder = createDemoEmbedder(DEMO_TOPIC_DIMENSIONS);
    const embedSync = embedder.embedSync ?? (() => []);
    return { embedSync, embed: embedder.embed };
}
/** Sums buckets modulo `dimensions` and renormalises (a zero vector stays zero). */
export function foldVector(vector, dimensions) {
    if (vector.length <= dimensions)
        return [...vector];
    const folded = new Array(dimensions).fill(0);
    for (let index = 0; index < vector.length; index++)
        folded[index % dimensions] += vector[index];
    let norm = 0;
    for (const value of folded)
        norm += value * value;
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    return folded.map((value) => value * scale);
}
/** The stored form: rounded numbers, non-finite values as 0. */
export function roundVector(vector) {
    const factor = 10 ** STORED_DECIMALS;
    return vector.map((value) => (Number.isFinite(value) ? Math.round(value * factor) / factor : 0));
}
export function embeddableText(text) {
    return text.length > MAX_EMBEDDED_CHARS ? text.slice(0, MAX_EMBEDDED_CHARS) : text;
}
//# sourceMappingURL=embeddings.js.map