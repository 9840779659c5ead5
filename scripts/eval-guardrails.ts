/**
 * `npm run eval:guardrails`: scores the PII detectors (span level, per type) and the prompt-injection detector
 * (injection vs benign) on the public corpora in ../shared/corpora (or CAIRN_CORPORA_DIR), and prints both tables.
 * Exit code 1 when a quality target is missed, so CI or a release script can gate on it.
 */
import { DEFAULT_CORPORA_DIR, evaluatePii, formatPiiReport, STRUCTURED_TYPES, TARGETS as PII_TARGETS } from './eval/pii-eval.js';
import { evaluateInjection, formatInjectionReport, TARGETS as INJECTION_TARGETS } from './eval/injection-eval.js';

const corporaDir = process.env.CAIRN_CORPORA_DIR ?? DEFAULT_CORPORA_DIR;

const pii = evaluatePii(corporaDir);
process.stdout.write(`${formatPiiReport(pii)}\n\n`);
const injection = evaluateInjection(corporaDir);
process.stdout.write(`${formatInjectionReport(injection)}\n`);

const missed: string[] = [];
for (const score of pii.types) {
  const structured = (STRUCTURED_TYPES as readonly string[]).includes(score.type);
  if (structured && score.recall < PII_TARGETS.structuredRecall) missed.push(`${score.type} recall ${score.recall.toFixed(3)} < ${PII_TARGETS.structuredRecall}`);
  if (structured && score.precision < PII_TARGETS.structuredPrecision) missed.push(`${score.type} precision ${score.precision.toFixed(3)} < ${PII_TARGETS.structuredPrecision}`);
  if (!structured && score.recall < PII_TARGETS.bestEffortOverlapRecall) missed.push(`${score.type} overlap recall ${score.recall.toFixed(3)} < ${PII_TARGETS.bestEffortOverlapRecall}`);
}
// Gate on honest figures: the cross-validated run when there is one, else the committed model.
const gated = injection.crossValidation?.overall ?? injection.committedModel.overall;
if (gated.f1 < INJECTION_TARGETS.f1) missed.push(`injection F1 ${gated.f1.toFixed(3)} < ${INJECTION_TARGETS.f1}`);
if (gated.falsePositiveRate > INJECTION_TARGETS.maxFalsePositiveRate) {
  missed.push(`injection benign false-positive rate ${gated.falsePositiveRate.toFixed(3)} > ${INJECTION_TARGETS.maxFalsePositiveRate}`);
}
if (missed.length > 0) {
  process.stderr.write(`\nTargets missed:\n  ${missed.join('\n  ')}\n`);
  process.exitCode = 1;
}
