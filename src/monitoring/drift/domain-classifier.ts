/**
 * Domain-classifier drift for embeddings (Evidently's default "model" method): train a classifier to tell reference
 * rows from current rows and measure its ROC AUC on held-out rows. ≈ 0.5 means the two sets are indistinguishable;
 * drift when AUC > threshold (0.55, Evidently's default). Here the classifier is an L2-regularised logistic regression
 * on standardised features, fitted by full-batch gradient descent; the split is stratified 50/50 with a seeded RNG.
 * Each side is first subsampled to DOMAIN_CLASSIFIER_MAX_PER_SIDE rows so 100k × 100k stays bounded.
 */
import type { Random } from '../../lib/seeded-random.js';
import { shuffle, subsample } from './shuffle.js';

export const DOMAIN_CLASSIFIER_MAX_PER_SIDE = 2000;
const ITERATIONS = 100;
const LEARNING_RATE = 0.5;
const L2 = 1e-3;

export interface DomainClassifierResult {
  auc: number;
  trainSize: number;
  testSize: number;
}

/** ROC AUC = P(score of a positive > score of a negative) + ½ P(tie), by ranks (Mann–Whitney U). */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((score, index) => ({ score, label: labels[index]! })).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSumPositives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.score === order[i]!.score) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (order[k]!.label === 1) {
        positives++;
        rankSumPositives += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function split<T>(rows: readonly T[], random: Random): { train: T[]; test: T[] } {
  const shuffled = shuffle([...rows], random);
  const half = Math.ceil(shuffled.length / 2);
  return { train: shuffled.slice(0, half), test: shuffled.slice(half) };
}

export function domainClassifierAuc(reference: readonly number[][], current: readonly number[][], random: Random): DomainClassifierResult {
  const ref = split(subsample(reference, DOMAIN_CLASSIFIER_MAX_PER_SIDE, random), random);
  const cur = split(subsample(current, DOMAIN_CLASSIFIER_MAX_PER_SIDE, random), random);
  const trainRows = [...ref.train, ...cur.train];
  const trainLabels = [...ref.train.map(() => 0), ...cur.train.map(() => 1)];
  const testRows = [...ref.test, ...cur.test];
  const testLabels = [...ref.test.map(() => 0), ...cur.test.map(() => 1)];
  const dimension = trainRows[0]?.length ?? 0;
  const n = trainRows.length;

  // Standardise with the training rows' mean and standard deviation (constant features get scale 1).
  const mean = new Float64Array(dimension);
  const scale = new Float64Array(dimension).fill(1);
  for (const row of trainRows) for (let d = 0; d < dimension; d++) mean[d]! += row[d]! / n;
  const variance = new Float64Array(dimension);
  for (const row of trainRows) for (let d = 0; d < dimension; d++) variance[d]! += (row[d]! - mean[d]!) ** 2 / n;
  for (let d = 0; d < dimension; d++) if (variance[d]! > 1e-24) scale[d] = 1 / Math.sqrt(variance[d]!);
  const standardise = (row: readonly number[]): Float64Array => Float64Array.from({ length: dimension }, (_, d) => (row[d]! - mean[d]!) * scale[d]!);
  const x = trainRows.map(standardise);

  const weights = new Float64Array(dimension);
  let bias = 0;
  const gradient = new Float64Array(dimension);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const row = x[i]!;
      let z = bias;
      for (let d = 0; d < dimension; d++) z += weights[d]! * row[d]!;
      const error = 1 / (1 + Math.exp(-z)) - trainLabels[i]!;
      biasGradient += error;
      for (let d = 0; d < dimension; d++) gradient[d]! += error * row[d]!;
    }
    for (let d = 0; d < dimension; d++) weights[d]! -= LEARNING_RATE * (gradient[d]! / n + L2 * weights[d]!);
    bias -= (LEARNING_RATE * biasGradient) / n;
  }
  const scores = testRows.map((row) => {
    const standardised = standardise(row);
    let z = bias;
    for (let d = 0; d < dimension; d++) z += weights[d]! * standardised[d]!;
    return z;
  });
  return { auc: rocAuc(scores, testLabels), trainSize: n, testSize: testRows.length };
}
