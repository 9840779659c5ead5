/** mulberry32: a tiny, fast 32-bit PRNG, plenty for sampling words. */
export function seededRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** FNV-1a over the parts' text: mixes the request seed with the input so each (seed, input) has its own stream. */
export function hashParts(...parts) {
    let hash = 0x811c9dc5;
    for (const part of parts) {
        const text = typeof part === 'number' ? `#${part}` : part;
        for (let index = 0; index < text.length; index++) {
            hash ^= text.charCodeAt(index);
            hash = Math.imul(hash, 0x01000193);
        }
        hash ^= 0xff;
        hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
}
/**
 * Picks the next token: OpenAI-style penalties on log-probabilities, temperature, then nucleus (top-p)
 * truncation. Ties break on candidate order, which is fixed by training, so greedy decoding is stable.
 */
export function sampleToken(distribution, controls, generatedCounts, random) {
    const { tokens, probabilities } = distribution;
    const logits = new Array(tokens.length);
    let best = 0;
    for (let index = 0; index < tokens.length; index++) {
        const count = generatedCounts.get(tokens[index]) ?? 0;
        let logit = Math.log(probabilities[index]);
        if (count > 0)
            logit -= controls.frequencyPenalty * count + controls.presencePenalty;
        logits[index] = logit;
        if (logit > logits[best])
            best = index;
    }
    if (controls.temperature === 0 || tokens.length === 1)
        return tokens[best];
    const maxLogit = logits[best];
    const weights = logits.map((logit) => Math.exp((logit - maxLogit) / controls.temperature));
    const order = weights.map((_, index) => index).sort((left, right) => weights[right] - weights[left] || left - right);
    let total = 0;
    for (const weight of weights)
        total += weight;
    let kept = 0;
    let keptMass = 0;
    while (kept < order.length) {
        keptMass += weights[order[kept]];
        kept++;
        if (keptMass >= controls.topP * total)
            break;
    }
    let target = random() * keptMass;
    for (let rank = 0; rank < kept; rank++) {
        const index = order[rank];
        target -= weights[index];
        if (target < 0)
            return tokens[index];
    }
    return tokens[order[kept - 1]];
}
//# sourceMappingURL=sampling.js.map