import { describeText, prefixedColumns } from './describe-text.js';
import { cosine, groundedness, hallucinationMarkers } from './quality-scores.js';
import { extractCallTexts } from './extract-call.js';
import { embeddableText, foldVector, roundVector } from './embeddings.js';
const TEXT_KEYS = ['chars', 'tokens', 'language', 'refusal', 'empty', 'distinct_2', 'readability', 'toxicity', 'pii_count'];
/** Every column of a call's descriptor record (what `call_descriptors.descriptors` holds), for drift and docs. */
export const DESCRIPTOR_COLUMNS = [
    { name: 'operation', type: 'categorical', description: 'chat, text_completion, embeddings or other (read from the request shape).' },
    ...prefixedColumns('prompt', '_'),
    ...prefixedColumns('response', '_'),
    { name: 'conversation_chars', type: 'numerical', description: 'Characters of all messages of the conversation (chat), else of the prompt.' },
    { name: 'context_chars', type: 'numerical', description: 'Characters of the retrieval context (long system messages, tool messages, context/documents fields); 0 without.' },
    { name: 'relevance', type: 'numerical', description: 'Cosine similarity of the prompt and response embeddings; null without both.' },
    { name: 'groundedness', type: 'numerical', description: "Share of the response's sentences whose content words are found in the context; null without context." },
    { name: 'hallucination_markers', type: 'numerical', description: 'Unsupported citations, unsourced "according to the study" claims, URLs and DOIs found in neither prompt nor context.' },
    { name: 'truncated', type: 'categorical', description: 'The stored request or response was cut at the capture size cap; descriptors describe its readable part.' },
];
function prefixed(prefix, values, into) {
    for (const key of TEXT_KEYS)
        into[`${prefix}_${key}`] = values === null ? null : values[key];
}
export function applyEmbeddings(description, prompt, response, foldTo) {
    description.descriptors.relevance = cosine(prompt, response);
    const stored = (vector) => (vector === null || vector.length === 0 ? null : roundVector(foldTo === undefined ? vector : foldVector(vector, foldTo)));
    description.prompt_embedding = stored(prompt);
    description.response_embedding = stored(response);
}
/** Descriptors of one stored call. Pure apart from the embedder; tolerant of any payload, never throws on one. */
export function describeCall(row, options = {}) {
    const texts = extractCallTexts(row);
    const descriptors = { operation: texts.operation };
    prefixed('prompt', texts.prompt === null ? null : describeText(texts.prompt), descriptors);
    prefixed('response', texts.response === null ? null : describeText(texts.response), descriptors);
    descriptors.conversation_chars = texts.conversation_chars;
    descriptors.context_chars = texts.context?.length ?? 0;
    descriptors.relevance = null;
    descriptors.groundedness = texts.response === null ? null : groundedness(texts.response, texts.context);
    descriptors.hallucination_markers = texts.response === null ? null : hallucinationMarkers(texts.response, texts.prompt, texts.context);
    descriptors.truncated = texts.truncated;
    const description = {
        descriptors,
        prompt_text: texts.prompt === null || texts.prompt.trim() === '' ? null : embeddableText(texts.prompt),
        response_text: texts.response === null || texts.response.trim() === '' ? null : embeddableText(texts.response),
        prompt_embedding: null,
        response_embedding: null,
    };
    if (options.embedSync) {
        const wanted = [description.prompt_text, description.response_text].filter((text) => text !== null);
        const vectors = wanted.length > 0 ? options.embedSync(wanted) : [];
        let next = 0;
        const prompt = description.prompt_text === null ? null : (vectors[next++] ?? null);
        const response = description.response_text === null ? null : (vectors[next++] ?? null);
        applyEmbeddings(description, prompt, response, options.foldTo);
    }
    return description;
}
//# sourceMappingURL=describe-call.js.map