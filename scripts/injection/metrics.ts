import type { LabelledText } from './dataset.js';

/** Binary detection counts and rates for injection (positive) vs benign (negative). */
export interface DetectionMetrics {
  texts: number;
  injections: number;
  benign: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** NaN when undefined (nothing predicted / nothing to find). */
  precision: number;
  recall: number;
  f1: number;
  /** Share of benign texts scored at or above the threshold. */
  falsePositiveRate: number;
}

export interface ScoredText {
  item: LabelledText;
  score: number;
}

export function detectionMetrics(scored: readonly ScoredText[], threshold: number): DetectionMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const { item, score } of scored) {
    const flagged = score >= threshold;
    if (item.injection) {
      if (flagged) truePositives++;
      else falseNegatives++;
    } else if (flagged) falsePositives++;
    else trueNegatives++;
  }
  const precision = truePositives / (truePositives + falsePositives);
  const recall = truePositives / (truePositives + falseNegatives);
  return {
    texts: scored.length,
    injections: truePositives + falseNegatives,
    benign: falsePositives + trueNegatives,
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    falsePositiveRate: falsePositives / (falsePositives + trueNegatives),
  };
}

/** Metrics per key (source file, style…), keys sorted. */
export function metricsBy(
  scored: readonly ScoredText[],
  threshold: number,
  keyOf: (item: LabelledText) => string,
): Record<string, DetectionMetrics> {
  const groups = new Map<string, ScoredText[]>();
  for (const entry of scored) {
    const key = keyOf(entry.item);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const result: Record<string, DetectionMetrics> = {};
  for (const key of [...groups.keys()].sort()) result[key] = detectionMetrics(groups.get(key) ?? [], threshold);
  return result;
}
