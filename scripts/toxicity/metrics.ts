/** Ranking and threshold metrics for a binary detector (toxic = positive). */

export interface Scored {
  toxic: boolean;
  score: number;
}

export interface BinaryMetrics {
  texts: number;
  positives: number;
  /** ROC AUC (probability a random positive outscores a random negative, ties counted half); NaN without both classes. */
  auc: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
}

/** ROC AUC by the rank-sum (Mann–Whitney U) formula with average ranks for ties. */
export function rocAuc(scored: readonly Scored[]): number {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end]!.score === sorted[start]!.score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index++) {
      if (sorted[index]!.toxic) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function binaryMetrics(scored: readonly Scored[], threshold: number): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { toxic, score } of scored) {
    const flagged = score >= threshold;
    if (toxic && flagged) tp++;
    else if (toxic) fn++;
    else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? Number.NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  return {
    texts: scored.length,
    positives: tp + fn,
    auc: rocAuc(scored),
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    falsePositiveRate: fp + tn === 0 ? Number.NaN : fp / (fp + tn),
  };
}
