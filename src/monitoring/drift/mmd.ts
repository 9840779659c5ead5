/**
 * Maximum Mean Discrepancy between two embedding sets with an RBF kernel k(x, y) = exp(−‖x − y‖² / (2σ²)), σ the
 * median pairwise distance of the pooled sample (the median heuristic). The statistic is the unbiased MMD²; its
 * p-value comes from MMD_PERMUTATIONS random relabellings of the pooled sample (seeded): (1 + #{MMD²_perm ≥ MMD²}) /
 * (1 + permutations). Drift when p < threshold (0.05). Each side is subsampled to MMD_MAX_PER_SIDE rows first: the
 * kernel matrix is quadratic in the sample size.
 */
import type { Random } from '../../lib/seeded-random.js';
import { shuffle, subsample } from './shuffle.js';

export const MMD_MAX_PER_SIDE = 500;
export const MMD_PERMUTATIONS = 200;

export interface MmdResult {
  statistic: number;
  pValue: number;
  bandwidth: number;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Unbiased MMD² when the pooled items `order[0 .. firstCount)` form the first sample. Only the within-first kernel
 * sum is computed pair by pair: with the total T and the row sums R fixed, the other two sums follow
 * (yy = T − Σ_first R + xx, xy = T − xx − yy), which halves the work of every permutation or more.
 */
function mmdSquared(kernel: Float64Array, size: number, rowSums: Float64Array, total: number, order: Int32Array, firstCount: number): number {
  const secondCount = size - firstCount;
  let xx = 0;
  let firstRowSums = 0;
  for (let a = 0; a < firstCount; a++) {
    const i = order[a]!;
    firstRowSums += rowSums[i]!;
    const rowOffset = i * size;
    for (let b = a + 1; b < firstCount; b++) xx += kernel[rowOffset + order[b]!]!;
  }
  const yy = total - firstRowSums + xx;
  const xy = total - xx - yy;
  return (2 * xx) / (firstCount * (firstCount - 1)) + (2 * yy) / (secondCount * (secondCount - 1)) - (2 * xy) / (firstCount * secondCount);
}

export function maximumMeanDiscrepancy(reference: readonly number[][], current: readonly number[][], random: Random): MmdResult {
  const x = subsample(reference, MMD_MAX_PER_SIDE, random);
  const y = subsample(current, MMD_MAX_PER_SIDE, random);
  const pooled = [...x, ...y];
  const size = pooled.length;
  const squared = new Float64Array(size * size);
  const distances = new Float64Array((size * (size - 1)) / 2);
  let pair = 0;
  for (let i = 0; i < size; i++) {
    const a = pooled[i]!;
    for (let j = i + 1; j < size; j++) {
      const b = pooled[j]!;
      let sum = 0;
      for (let d = 0; d < a.length; d++) sum += (a[d]! - b[d]!) ** 2;
      squared[i * size + j] = sum;
      distances[pair++] = Math.sqrt(sum);
    }
  }
  const sigma = median(distances) || 1;
  // The full symmetric kernel matrix (diagonal unused), its off-diagonal row sums and the sum over pairs.
  const kernel = new Float64Array(size * size);
  const rowSums = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const value = Math.exp(-squared[i * size + j]! / (2 * sigma * sigma));
      kernel[i * size + j] = value;
      kernel[j * size + i] = value;
      rowSums[i]! += value;
      rowSums[j]! += value;
      total += value;
    }
  }
  const order = Int32Array.from({ length: size }, (_, index) => index);
  const observed = mmdSquared(kernel, size, rowSums, total, order, x.length);
  let atLeast = 0;
  const permuted = Array.from(order);
  for (let p = 0; p < MMD_PERMUTATIONS; p++) {
    shuffle(permuted, random);
    if (mmdSquared(kernel, size, rowSums, total, Int32Array.from(permuted), x.length) >= observed) atLeast++;
  }
  return { statistic: observed, pValue: (1 + atLeast) / (1 + MMD_PERMUTATIONS), bandwidth: sigma };
}
