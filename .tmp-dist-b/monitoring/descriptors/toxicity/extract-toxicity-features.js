import { hashFeatures } from '../../../gateway/guardrails/injection/features.js';
import { foldForToxicity } from './fold-for-toxicity.js';
import { findLexiconHits } from './lexicon.js';
/**
 * Everything the toxicity classifier sees of one text, computed the same way for training
 * (scripts/train-toxicity-classifier.ts) and for scoring: the folded text's hashed word and character n-grams
 * (the injection classifier's feature hashing, `features.ts`, reused as is) plus the named lexicon features below.
 */
/** Names of the lexicon features, in feature order (the model file stores their weights by name). */
export const lexiconFeatureNames = ['lex_direct', 'lex_mention', 'lex_addressed', 'lex_threat', 'lex_identity', 'lex_hits'];
export const LEXICON_FEATURE_COUNT = lexiconFeatureNames.length;
/** Weight of a quoted hit with no meta word around it (scare quotes, a report): it counts, a little less. */
export const QUOTED_WEIGHT = 0.7;
/** Noisy-OR of severities: several mild words add up, one severe word dominates, never above 1. */
function noisyOr(current, severity) {
    return 1 - (1 - current) * (1 - severity);
}
/** Fills `hashed` and `lexicon` (length LEXICON_FEATURE_COUNT) for `text`; returns the folded text and the hits. */
export function extractToxicityFeatures(text, hashed, lexicon) {
    const folded = foldForToxicity(text);
    hashFeatures(folded, hashed);
    const hits = findLexiconHits(folded);
    let direct = 0;
    let mention = 0;
    let addressed = 0;
    let threat = 0;
    let identity = 0;
    let directCount = 0;
    for (const hit of hits) {
        if (hit.mention) {
            mention = noisyOr(mention, hit.severity);
            continue;
        }
        const severity = hit.quoted ? hit.severity * QUOTED_WEIGHT : hit.severity;
        direct = noisyOr(direct, severity);
        directCount++;
        if (hit.addressed)
            addressed = Math.max(addressed, severity);
        if (hit.category === 'threat')
            threat = Math.max(threat, severity);
        if (hit.category === 'slur' || hit.category === 'identity_attack')
            identity = Math.max(identity, severity);
    }
    lexicon[0] = direct;
    lexicon[1] = mention;
    lexicon[2] = addressed;
    lexicon[3] = threat;
    lexicon[4] = identity;
    lexicon[5] = Math.log2(1 + directCount);
    return { folded, hits };
}
//# sourceMappingURL=extract-toxicity-features.js.map