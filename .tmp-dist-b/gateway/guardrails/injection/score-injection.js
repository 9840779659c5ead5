import { extractFeatures, HEURISTIC_FEATURE_COUNT } from './extract.js';
import { createFeatureBuffer } from './features.js';
import { heuristicFeatureNames } from './extract.js';
import { rules } from './heuristics.js';
import modelFile from './model.json' with { type: 'json' };
import { decodeModelFile } from './model-format.js';
import { SCAN_HEAD_LENGTH, SCAN_TAIL_LENGTH } from './normalize.js';
/** Findings reported per text at most (the score uses every match). */
const MAX_FINDINGS = 16;
let committedModel;
/** The committed model, decoded on first use (about a millisecond) and kept. */
export function loadInjectionModel() {
    committedModel ??= decodeModelFile(modelFile, heuristicFeatureNames);
    return committedModel;
}
let warmedUp = false;
/**
 * Decodes the model and scores one text holding every lead word and template token, so that every pattern is
 * compiled and the code is warm before the first request (about 20 ms, once per process).
 */
export function warmUpInjectionScoring() {
    if (warmedUp)
        return;
    const leads = rules.flatMap(({ rule }) => rule.leads ?? []);
    scoreInjection(`${leads.join(' ')}\n<|im_start|>system [INST] ### system: ==== end ![x](https://x.example/?q=1)`);
    warmedUp = true;
}
// Scoring is synchronous, so one buffer serves every call.
const sharedBuffer = createFeatureBuffer();
const sharedHeuristics = new Float64Array(HEURISTIC_FEATURE_COUNT);
/** The model's log-odds for extracted features. */
export function modelLogit(model, hashed, heuristicValues) {
    let logit = model.bias;
    for (let index = 0; index < heuristicValues.length; index++) {
        logit += (model.heuristicWeights[index] ?? 0) * (heuristicValues[index] ?? 0);
    }
    const weights = model.hashed;
    const entries = hashed.entries;
    let words = 0;
    for (let index = 0; index < hashed.wordCount; index++) {
        const value = entries[index];
        words += value >= 0 ? weights[value] : -weights[~value];
    }
    let chars = 0;
    const end = hashed.wordCount + hashed.charCount;
    for (let index = hashed.wordCount; index < end; index++) {
        const value = entries[index];
        chars += value >= 0 ? weights[value] : -weights[~value];
    }
    if (hashed.wordCount > 0)
        logit += (words * model.scale) / Math.sqrt(hashed.wordCount);
    if (hashed.charCount > 0)
        logit += (chars * model.scale) / Math.sqrt(hashed.charCount);
    return logit;
}
function sigmoid(logit) {
    return 1 / (1 + Math.exp(-logit));
}
/**
 * Scores `text` for prompt injection / jailbreak. No text makes it throw (only a damaged model file does, on first
 * use). Only the first and last 32 KiB of a longer text are read (a `scan_truncated` finding says so). Findings
 * carry offsets into `text` where a phrase was matched.
 */
export function scoreInjection(text, model = loadInjectionModel()) {
    const extracted = extractFeatures(text, sharedBuffer, sharedHeuristics);
    const score = sigmoid(modelLogit(model, sharedBuffer, sharedHeuristics));
    const { normalized, matches } = extracted;
    const findings = [];
    for (const match of matches) {
        if (findings.length >= MAX_FINDINGS)
            break;
        const { start, end } = normalized.toOriginal(match.start, match.end);
        findings.push({ type: match.type, start, end, detail: match.detail });
    }
    if (normalized.invisibleCount > 0)
        findings.push({ type: 'obfuscation', detail: 'invisible (zero-width or tag) characters' });
    if (normalized.mixedScriptFolds > 0)
        findings.push({ type: 'obfuscation', detail: 'look-alike letters from another script' });
    if (normalized.decodedRuns > 0)
        findings.push({ type: 'obfuscation', detail: 'base64 or hex encoded text' });
    if (normalized.hiddenTagRuns > 0)
        findings.push({ type: 'obfuscation', detail: 'text spelled in invisible tag characters' });
    if (normalized.truncated) {
        findings.push({
            type: 'scan_truncated',
            detail: `only the first ${SCAN_HEAD_LENGTH / 1024} KiB and last ${SCAN_TAIL_LENGTH / 1024} KiB were scanned`,
        });
    }
    return { score, findings };
}
//# sourceMappingURL=score-injection.js.map