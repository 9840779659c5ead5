import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoModel } from './demo-model.js';
import { DEMO_EMBEDDING_DIMENSIONS, hashedEmbedding } from './hashed-embedding.js';

const model = createDemoModel();
const signal = new AbortController().signal;

const cosine = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);
const norm = (vector: number[]) => Math.sqrt(cosine(vector, vector));

describe('demo embeddings', () => {
  it('scores similar texts closer than unrelated ones', async () => {
    const { embeddings } = await model.doEmbed({
      input: ['How do I deploy a model?', 'deploying models to an endpoint', 'banana bread recipe with walnuts'],
      signal,
      requestId: 'r',
    });
    const [question, related, unrelated] = embeddings as [number[], number[], number[]];
    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated));
  });

  it('has unit norm and the native length for any text, and equal texts embed equally', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const vector = hashedEmbedding(text);
        expect(vector).toHaveLength(DEMO_EMBEDDING_DIMENSIONS);
        expect(norm(vector)).toBeCloseTo(1, 9);
        expect(hashedEmbedding(text)).toEqual(vector);
      }),
      { numRuns: 300 },
    );
  });

  it('honours a smaller dimensions request and reports input tokens', async () => {
    const result = await model.doEmbed({ input: ['monitor the p99', ''], dimensions: 32, signal, requestId: 'r' });
    expect(result.embeddings.map((vector) => vector.length)).toEqual([32, 32]);
    expect(result.embeddings.map(norm).map((value) => Number(value.toFixed(9)))).toEqual([1, 1]);
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 0 });
  });

  it('refuses more dimensions than it has with CAPABILITY_NOT_SUPPORTED', async () => {
    await expect(model.doEmbed({ input: ['x'], dimensions: DEMO_EMBEDDING_DIMENSIONS + 1, signal, requestId: 'r' })).rejects.toMatchObject({
      code: 'CAPABILITY_NOT_SUPPORTED',
    });
    await expect(model.doEmbed({ input: ['x'], dimensions: 0, signal, requestId: 'r' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
  });
});
