import { CairnError } from '../../errors/index.js';
import { scoreInjection, warmUpInjectionScoring } from './injection/index.js';
export const DEFAULT_INJECTION_SCAN_ROLES = ['user', 'tool', 'prompt', 'completion'];
const ALWAYS_SCANNED = ['prompt', 'completion'];
const NAME = 'prompt_injection';
/**
 * Scores of recently seen texts. With history scanning every turn of a chat re-sends the earlier messages; they
 * are scored once per process, not once per request. Keyed by the text itself (a hash could be made to collide
 * with a benign text's), so only short texts are kept and the cache is small: at most 512 × 8 Ki UTF-16 units.
 */
const scoreCache = new Map();
const CACHE_ENTRIES = 512;
const CACHE_TEXT_LENGTH = 8 * 1024;
function cachedScore(text) {
    if (text.length > CACHE_TEXT_LENGTH)
        return scoreInjection(text);
    const cached = scoreCache.get(text);
    if (cached !== undefined) {
        // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
        scoreCache.delete(text);
        scoreCache.set(text, cached);
        return cached;
    }
    const scored = scoreInjection(text);
    if (scoreCache.size >= CACHE_ENTRIES)
        scoreCache.delete(scoreCache.keys().next().value);
    scoreCache.set(text, scored);
    return scored;
}
export function createPromptInjectionGuardrail(options) {
    if (!(options.threshold > 0 && options.threshold < 1)) {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail prompt_injection: threshold must be between 0 and 1 (exclusive), got ${options.threshold}.`);
    }
    const scanned = new Set([...(options.scanRoles ?? DEFAULT_INJECTION_SCAN_ROLES), ...ALWAYS_SCANNED]);
    const hitAction = options.behavior === 'BLOCK' ? 'block' : 'flag';
    // Decode the model and compile the patterns now: the first request pays nothing, a broken model file fails
    // configuration.
    warmUpInjectionScoring();
    function judged(segments) {
        const indexes = [];
        for (let index = 0; index < segments.length; index++)
            if (scanned.has(segments[index].source))
                indexes.push(index);
        if (options.scanHistory || indexes.length <= 1)
            return indexes;
        return [indexes[indexes.length - 1]];
    }
    return {
        name: NAME,
        check(segments, context) {
            try {
                let best = 0;
                const findings = [];
                for (const segmentIndex of judged(segments)) {
                    const { score, findings: found } = cachedScore(segments[segmentIndex].text);
                    if (score > best)
                        best = score;
                    if (score < options.threshold)
                        continue;
                    findings.push({ type: 'injection', segment: segmentIndex, score, detail: `injection score ${score.toFixed(3)}` });
                    for (const finding of found)
                        findings.push({ ...finding, segment: segmentIndex });
                }
                return { guardrail: NAME, stage: context.stage, action: best >= options.threshold ? hitAction : 'allow', findings, score: best };
            }
            catch (error) {
                // Scoring is local and should not fail; if it does, a blocking guardrail fails closed.
                return { guardrail: NAME, stage: context.stage, action: hitAction, findings: [], error: `injection scoring failed: ${error.message}` };
            }
        },
    };
}
//# sourceMappingURL=prompt-injection-guardrail.js.map