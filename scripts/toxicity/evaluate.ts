import { scoreToxicity, TOXICITY_THRESHOLD, type ToxicityDetail } from '../../src/monitoring/descriptors/toxicity/index.js';
import { loadJigsaw, loadToxicityDataset, type ToxicityText } from './dataset.js';
import { binaryMetrics, type BinaryMetrics } from './metrics.js';

/**
 * Scores the committed toxicity descriptor on every labelled set: the combined score, and its two parts alone
 * (lexicon floor, classifier) to show what each contributes. Training splits are reported too but only as a
 * sanity check — the honest figures are the held-out sets (Jigsaw, RTP held-out 30 %, Cairn's held-out cases).
 */

export interface ToxicityReport {
  threshold: number;
  sets: Array<{ name: string; combined: BinaryMetrics; lexicon: BinaryMetrics; classifier: BinaryMetrics; heldOut: boolean }>;
}

function evaluateSet(name: string, texts: readonly ToxicityText[], heldOut: boolean, threshold: number): ToxicityReport['sets'][number] {
  const details: Array<{ toxic: boolean; detail: ToxicityDetail }> = texts.map((item) => ({ toxic: item.toxic, detail: scoreToxicity(item.text) }));
  const pick = (part: keyof Pick<ToxicityDetail, 'score' | 'lexicon' | 'classifier'>) =>
    binaryMetrics(details.map(({ toxic, detail }) => ({ toxic, score: detail[part] })), threshold);
  return { name, combined: pick('score'), lexicon: pick('lexicon'), classifier: pick('classifier'), heldOut };
}

export function evaluateToxicity(corporaDir: string, threshold = TOXICITY_THRESHOLD): ToxicityReport {
  const all = loadToxicityDataset(corporaDir);
  const of = (source: string, split: 'train' | 'holdout') => all.filter((item) => item.source === source && item.split === split);
  return {
    threshold,
    sets: [
      evaluateSet('jigsaw (eval only, never trained on)', loadJigsaw(corporaDir), true, threshold),
      evaluateSet('rtp-challenging held-out 30 %', of('rtp-challenging', 'holdout'), true, threshold),
      evaluateSet('cairn held-out cases', of('cases-holdout', 'holdout'), true, threshold),
      evaluateSet('rtp-challenging train 70 % (seen)', of('rtp-challenging', 'train'), false, threshold),
      evaluateSet('cairn training cases (seen)', of('cases', 'train'), false, threshold),
      evaluateSet('llm-guard (seen)', of('llm-guard', 'train'), false, threshold),
    ],
  };
}

function cell(value: number): string {
  return Number.isNaN(value) ? '  -  ' : value.toFixed(3);
}

export function formatToxicityReport(report: ToxicityReport): string {
  const lines = [`Toxicity descriptor at threshold ${report.threshold} (AUC / precision / recall / F1; lexicon and classifier alone for comparison)`];
  lines.push(`${'set'.padEnd(40)} ${'n'.padStart(4)} ${'tox'.padStart(4)}  combined: AUC   P     R     F1    | lexicon AUC F1 | classifier AUC F1`);
  for (const set of report.sets) {
    const c = set.combined;
    lines.push(
      `${set.name.padEnd(40)} ${String(c.texts).padStart(4)} ${String(c.positives).padStart(4)}  ` +
        `${cell(c.auc)} ${cell(c.precision)} ${cell(c.recall)} ${cell(c.f1)} | ${cell(set.lexicon.auc)} ${cell(set.lexicon.f1)} | ` +
        `${cell(set.classifier.auc)} ${cell(set.classifier.f1)}`,
    );
  }
  return lines.join('\n');
}
