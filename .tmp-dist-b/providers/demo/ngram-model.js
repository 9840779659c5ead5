import { tokenize } from './tokenizer.js';
/**
 * A word-level n-gram language model with interpolated Witten-Bell smoothing, trained in one pass over
 * the shipped corpus. Small enough to train at start-up (a few ms) and real enough to sample from.
 */
export const BOS = 0;
export const EOS = 1;
/** Splits the corpus into training documents: paragraphs, ignoring `#` header lines. */
export function corpusParagraphs(corpus) {
    const lines = corpus.split(/\r?\n/).filter((line) => !line.startsWith('#'));
    return lines
        .join('\n')
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
        .filter((paragraph) => paragraph.length > 0);
}
export function trainNgramModel(corpus, order = 4) {
    const vocabulary = ['<bos>', '<eos>'];
    const ids = new Map();
    const surfaceCounts = [new Map(), new Map()];
    const documents = [];
    for (const paragraph of corpusParagraphs(corpus)) {
        const document = [];
        let sentenceStart = true;
        for (const token of tokenize(paragraph)) {
            const lower = token.toLowerCase();
            let id = ids.get(lower);
            if (id === undefined) {
                id = vocabulary.length;
                ids.set(lower, id);
                vocabulary.push(lower);
                surfaceCounts.push(new Map());
            }
            // Sentence-initial capitals say nothing about how a word is usually written.
            if (!sentenceStart || token === lower) {
                const forms = surfaceCounts[id];
                forms.set(token, (forms.get(token) ?? 0) + 1);
            }
            sentenceStart = token === '.' || token === '!' || token === '?';
            document.push(id);
        }
        documents.push(document);
    }
    const size = vocabulary.length;
    const unigramCounts = new Array(size).fill(0);
    const contexts = [];
    for (let k = 0; k < order; k++)
        contexts.push(new Map());
    for (const document of documents) {
        const sequence = [...new Array(order - 1).fill(BOS), ...document, EOS];
        for (let position = order - 1; position < sequence.length; position++) {
            const next = sequence[position];
            unigramCounts[next]++;
            let key = 0;
            for (let k = 1; k < order; k++) {
                key = key * size + sequence[position - k];
                const level = contexts[k];
                let entry = level.get(key);
                if (entry === undefined) {
                    entry = { counts: new Map(), total: 0 };
                    level.set(key, entry);
                }
                entry.counts.set(next, (entry.counts.get(next) ?? 0) + 1);
                entry.total++;
            }
        }
    }
    const surfaces = vocabulary.map((lower, id) => {
        let best = lower;
        let bestCount = 0;
        for (const [form, count] of surfaceCounts[id]) {
            if (count > bestCount) {
                best = form;
                bestCount = count;
            }
        }
        return best;
    });
    const unigramTotal = unigramCounts.reduce((sum, count) => sum + count, 0);
    return { order, vocabulary, surfaces, ids, unigramCounts, unigramTotal, contexts };
}
/**
 * Folds the last k ids of `history` into a context key, most recent first (the same fold as training).
 * Returns -1 when the history is too short or holds an unknown token (id < 0).
 */
function contextKey(model, history, k) {
    if (history.length < k)
        return -1;
    let key = 0;
    for (let offset = 1; offset <= k; offset++) {
        const id = history[history.length - offset];
        if (id < 0)
            return -1;
        key = key * model.vocabulary.length + id;
    }
    return key;
}
/**
 * P(next | history), interpolated Witten-Bell over every context order seen in training. The support is
 * the union of continuations of the known contexts (the whole vocabulary only when not even the last
 * token is known), which keeps sampling cheap.
 */
export function nextTokenDistribution(model, history) {
    const levels = [];
    for (let k = 1; k < model.order; k++) {
        const key = contextKey(model, history, k);
        const entry = key < 0 ? undefined : model.contexts[k].get(key);
        if (entry === undefined)
            break;
        levels.push(entry);
    }
    const tokens = [];
    if (levels.length === 0) {
        for (let id = EOS + 1; id < model.vocabulary.length; id++)
            tokens.push(id);
    }
    else {
        const seen = new Set();
        for (let level = levels.length - 1; level >= 0; level--) {
            for (const id of levels[level].counts.keys()) {
                if (!seen.has(id)) {
                    seen.add(id);
                    tokens.push(id);
                }
            }
        }
    }
    const probabilities = tokens.map((id) => {
        let probability = model.unigramCounts[id] / model.unigramTotal;
        for (const level of levels) {
            const types = level.counts.size;
            probability = ((level.counts.get(id) ?? 0) + types * probability) / (level.total + types);
        }
        return probability;
    });
    return { tokens, probabilities };
}
//# sourceMappingURL=ngram-model.js.map