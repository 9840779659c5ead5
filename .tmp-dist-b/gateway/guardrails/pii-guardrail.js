import { DEFAULT_MAX_SCAN_LENGTH, detectPii, maskTexts, PII_ENTITY_TYPES, SECRET_ENTITY_TYPES } from '../pii/index.js';
/**
 * The `pii` guardrail (Databricks' `guardrails.input|output.pii.behavior`): MASK replaces every detected entity by
 * a typed placeholder (`[EMAIL_1]`), numbered once across all segments of the call so the same value reads the
 * same everywhere; BLOCK refuses the call when anything is found. Secrets and API keys are always looked for, even
 * when `types` lists only some PII types (SEC-PII-4).
 *
 * Findings carry the type and the offsets in the segment as given, never the value (SEC-PII-6). Text past
 * `maxScanLength` is not scanned: MASK cuts it off (nothing unscanned is passed on, see maskPii), BLOCK blocks.
 */
const BEST_EFFORT_TYPES = new Set(['PERSON', 'STREET_ADDRESS']);
const DEFAULT_GUARDRAIL_TYPES = PII_ENTITY_TYPES.filter((type) => !BEST_EFFORT_TYPES.has(type));
export function createPiiGuardrail(options) {
    const detection = { maxScanLength: options.maxScanLength ?? DEFAULT_MAX_SCAN_LENGTH };
    detection.types = [...new Set([...(options.types ?? DEFAULT_GUARDRAIL_TYPES), ...SECRET_ENTITY_TYPES])];
    const limit = detection.maxScanLength ?? DEFAULT_MAX_SCAN_LENGTH;
    return {
        name: 'pii',
        check(segments, context) {
            const verdict = { guardrail: 'pii', stage: context.stage, action: 'allow', findings: [] };
            try {
                if (options.behavior === 'MASK') {
                    const result = maskTexts(segments.map((segment) => segment.text), detection);
                    for (const finding of result.findings) {
                        verdict.findings.push({ type: finding.type, segment: finding.text, start: finding.start, end: finding.end, detail: finding.placeholder });
                    }
                    for (const index of result.truncated)
                        verdict.findings.push(truncationFinding(index, limit));
                    if (verdict.findings.length > 0) {
                        verdict.action = 'mask';
                        verdict.masked = result.texts;
                    }
                    return verdict;
                }
                segments.forEach((segment, index) => {
                    for (const finding of detectPii(segment.text, detection))
                        verdict.findings.push({ type: finding.type, segment: index, start: finding.start, end: finding.end });
                    if (segment.text.length > limit)
                        verdict.findings.push(truncationFinding(index, limit));
                });
                if (verdict.findings.length > 0)
                    verdict.action = 'block';
                return verdict;
            }
            catch (error) {
                // Detection should never throw; if it does, nothing unchecked goes through (fail closed).
                return { guardrail: 'pii', stage: context.stage, action: 'block', findings: [], error: `pii detection failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) };
            }
        },
    };
}
/** A whole-segment finding saying the text was longer than the scan limit. */
function truncationFinding(segment, limit) {
    return { type: 'TRUNCATED', segment, detail: `text longer than ${limit} characters: the rest was not scanned` };
}
//# sourceMappingURL=pii-guardrail.js.map