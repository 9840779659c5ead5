import { CairnError } from '../../errors/index.js';
/**
 * `valid_topics`: blocks a text that is not about any of the configured topics — its embedding's best cosine
 * similarity to the topic descriptions' embeddings is below the threshold. Topic embeddings are computed once.
 * The embedder failing (endpoint down, bad answer) blocks, with the error recorded: a topic gate that lets
 * everything through when its model is down is no gate.
 *
 * What is judged: on input, the last user message (earlier ones were judged on earlier calls) or, without chat
 * messages, every prompt; on output, every choice. System, developer, assistant and tool texts are context.
 */
/**
 * Default threshold with the demo embedder (4096 dimensions, stemmed content words): on the cases in
 * valid-topics.test.ts off-topic questions score at most 0.09 and on-topic ones at least 0.11 (a question sharing
 * a single word stem with its topic); 0.1 sits in that gap. A lexical embedder: a question using none of a topic
 * description's words is off-topic to it, so list the words users use.
 */
export const DEMO_TOPIC_THRESHOLD = 0.1;
/** Default with a configured embedding endpoint, whose similarities for unrelated texts sit higher. */
export const ENDPOINT_TOPIC_THRESHOLD = 0.3;
function unitVector(values) {
    let norm = 0;
    for (const value of values)
        norm += value * value;
    const vector = new Float64Array(values.length);
    if (!(norm > 0) || !Number.isFinite(norm))
        return vector;
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < values.length; index++)
        vector[index] = values[index] * scale;
    return vector;
}
function bestSimilarity(topics, embedding) {
    const vector = unitVector(embedding);
    // Hashed embeddings of short texts are mostly zeros: multiply only where the text has weight.
    const used = [];
    for (let index = 0; index < vector.length; index++)
        if (vector[index] !== 0)
            used.push(index);
    let best = 0;
    for (const topic of topics.vectors) {
        if (topic.length !== vector.length)
            throw new Error(`embedding has ${vector.length} dimensions, the topics ${topic.length}`);
        let dot = 0;
        for (const index of used)
            dot += topic[index] * vector[index];
        if (dot > best)
            best = dot;
    }
    return best;
}
function subjectIndexes(segments, stage) {
    const indexes = [];
    if (stage === 'output') {
        segments.forEach((segment, index) => segment.source !== 'system' && segment.source !== 'developer' && indexes.push(index));
        return indexes;
    }
    for (let index = segments.length - 1; index >= 0; index--) {
        if (segments[index].source === 'user')
            return [index];
    }
    segments.forEach((segment, index) => segment.source === 'prompt' && indexes.push(index));
    return indexes;
}
function checkEmbedding(vectors, count) {
    if (!Array.isArray(vectors) || vectors.length !== count)
        throw new Error(`the embedder returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${count} texts`);
    for (const vector of vectors) {
        if (!Array.isArray(vector) || vector.length === 0 || !vector.every((value) => typeof value === 'number' && Number.isFinite(value))) {
            throw new Error('the embedder returned a vector that is not a list of finite numbers');
        }
    }
    return vectors;
}
export function createValidTopicsGuardrail(options) {
    const { embedder, threshold } = options;
    const topics = [...options.topics];
    if (topics.length === 0)
        throw new CairnError('INVALID_PARAMETER_VALUE', 'Guardrail valid_topics: give at least one topic.');
    if (!(threshold >= 0 && threshold <= 1))
        throw new CairnError('INVALID_PARAMETER_VALUE', 'Guardrail valid_topics: topic_threshold must be between 0 and 1.');
    let topicVectors;
    let pendingTopics;
    const toTopicVectors = (vectors) => ({ vectors: checkEmbedding(vectors, topics.length).map(unitVector) });
    if (embedder.embedSync) {
        try {
            topicVectors = toTopicVectors(embedder.embedSync(topics));
        }
        catch (error) {
            throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail valid_topics: the topics could not be embedded: ${error.message}`);
        }
    }
    function topicsAsync(signal) {
        if (topicVectors)
            return Promise.resolve(topicVectors);
        pendingTopics ??= embedder.embed(topics, signal).then((vectors) => (topicVectors = toTopicVectors(vectors)), (error) => {
            pendingTopics = undefined; // the next call tries again
            throw error;
        });
        return pendingTopics;
    }
    function verdictFor(context, indexes, topicsReady, vectors) {
        const embeddings = checkEmbedding(vectors, indexes.length);
        const findings = [];
        let worst = 1;
        indexes.forEach((segment, position) => {
            const score = bestSimilarity(topicsReady, embeddings[position]);
            worst = Math.min(worst, score);
            if (score < threshold)
                findings.push({ type: 'off_topic', segment, score, detail: `best topic similarity below ${threshold}` });
        });
        return { guardrail: 'valid_topics', stage: context.stage, action: findings.length > 0 ? 'block' : 'allow', findings, score: worst };
    }
    function failed(context, error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { guardrail: 'valid_topics', stage: context.stage, action: 'block', findings: [], error: `embedding failed: ${reason}` };
    }
    return {
        name: 'valid_topics',
        wholeText: true,
        check(segments, context) {
            const indexes = subjectIndexes(segments, context.stage).filter((index) => segments[index].text.trim() !== '');
            if (indexes.length === 0)
                return { guardrail: 'valid_topics', stage: context.stage, action: 'allow', findings: [] };
            const texts = indexes.map((index) => segments[index].text);
            if (embedder.embedSync && topicVectors) {
                try {
                    return verdictFor(context, indexes, topicVectors, embedder.embedSync(texts));
                }
                catch (error) {
                    return failed(context, error);
                }
            }
            try {
                return Promise.all([topicsAsync(context.signal), embedder.embed(texts, context.signal)])
                    .then(([ready, vectors]) => verdictFor(context, indexes, ready, vectors))
                    .catch((error) => failed(context, error));
            }
            catch (error) {
                return failed(context, error);
            }
        },
    };
}
//# sourceMappingURL=valid-topics.js.map