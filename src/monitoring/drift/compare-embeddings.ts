import { errors } from '../../errors/index.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { DEFAULT_THRESHOLDS, isDrifted } from './default-stattest.js';
import { DOMAIN_CLASSIFIER_MAX_PER_SIDE, domainClassifierAuc } from './domain-classifier.js';
import { MMD_MAX_PER_SIDE, maximumMeanDiscrepancy } from './mmd.js';
import type { ColumnDrift } from './types.js';

/** Evidently's random_state, so an unseeded run is still reproducible. */
export const DEFAULT_SEED = 42;

export interface EmbeddingDriftOptions {
  test?: 'domain_classifier' | 'mmd';
  threshold?: number;
  seed?: number;
}

function dimensionOf(column: string, side: string, rows: readonly number[][]): number {
  const dimension = rows[0]?.length ?? 0;
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== dimension || row.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
      throw errors.invalid(`Embedding column "${column}": every ${side} vector must hold ${dimension} finite numbers.`);
    }
  }
  return dimension;
}

/**
 * Drift between two sets of embedding vectors: a domain classifier's ROC AUC (default; drift when AUC > 0.55) or MMD
 * with a permutation p-value (drift when p < 0.05). Needs at least two vectors per side of the same dimension.
 */
export function compareEmbeddings(
  column: string,
  reference: readonly number[][],
  current: readonly number[][],
  options: EmbeddingDriftOptions = {},
): ColumnDrift {
  const test = options.test ?? 'domain_classifier';
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const base = { column, type: 'embedding' as const, test, threshold, reference_size: reference.length, current_size: current.length };
  if (reference.length < 2 || current.length < 2) {
    return { ...base, statistic: Number.NaN, p_value: null, drifted: false, note: 'needs at least 2 vectors on each side' };
  }
  const referenceDimension = dimensionOf(column, 'reference', reference);
  const currentDimension = dimensionOf(column, 'current', current);
  if (referenceDimension !== currentDimension || referenceDimension === 0) {
    throw errors.invalid(`Embedding column "${column}": reference vectors have ${referenceDimension} dimensions, current ${currentDimension}.`);
  }
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const cap = test === 'mmd' ? MMD_MAX_PER_SIDE : DOMAIN_CLASSIFIER_MAX_PER_SIDE;
  const sampled = reference.length > cap || current.length > cap ? `subsampled to ${cap} vectors per side` : undefined;
  if (test === 'mmd') {
    const result = maximumMeanDiscrepancy(reference, current, random);
    return { ...base, statistic: result.statistic, p_value: result.pValue, drifted: isDrifted(test, result.statistic, result.pValue, threshold), ...(sampled ? { note: sampled } : {}) };
  }
  const { auc } = domainClassifierAuc(reference, current, random);
  return { ...base, statistic: auc, p_value: null, drifted: isDrifted(test, auc, null, threshold), ...(sampled ? { note: sampled } : {}) };
}
