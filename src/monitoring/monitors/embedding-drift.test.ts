import { describe, expect, it } from 'vitest';
import { compareEmbeddings } from '../drift/index.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { compareEmbeddingsOffThread } from './embedding-drift.js';

function vectors(count: number, dimension: number, shift: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => random() + shift));
}

describe('compareEmbeddingsOffThread', () => {
  const reference = vectors(620, 8, 0, 1);
  const current = vectors(540, 8, 0.05, 2);

  it.each(['mmd', 'domain_classifier'] as const)('gives compareEmbeddings\' exact result (%s, subsampled)', async (test) => {
    const options = { test, seed: 99 };
    const offThread = await compareEmbeddingsOffThread('prompt_embedding', reference, current, options);
    expect(offThread).toEqual(compareEmbeddings('prompt_embedding', reference, current, options));
    expect(offThread.column).toBe('prompt_embedding');
  });

  it('reports the same error as compareEmbeddings for mismatched dimensions', async () => {
    const bad = [...current.slice(0, 5), [1, 2, 3]];
    expect(() => compareEmbeddings('response_embedding', reference, bad, {})).toThrow(/8 finite numbers/);
    await expect(compareEmbeddingsOffThread('response_embedding', reference, bad, {})).rejects.toThrow(/8 finite numbers/);
  });
});
