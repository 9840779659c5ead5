import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCall } from './describe-call.js';
import { createDescriptorDemoEmbedder, foldVector, STORED_DEMO_DIMENSIONS } from './embeddings.js';
import { cosine, groundedness, hallucinationMarkers } from './quality-scores.js';

const CONTEXT = 'Photosynthesis converts light energy into chemical energy stored in glucose. Chlorophyll in the chloroplasts absorbs red and blue light.';

describe('groundedness', () => {
  it('is the share of checkable sentences supported by the context', () => {
    expect(groundedness('Chlorophyll absorbs red and blue light. Photosynthesis stores chemical energy in glucose.', CONTEXT)).toBe(1);
    expect(groundedness('Chlorophyll absorbs red light. The moon orbits Jupiter every Tuesday.', CONTEXT)).toBe(0.5);
    expect(groundedness('Penguins migrate across Antarctica during winter.', CONTEXT)).toBe(0);
  });

  it('is null without context or without a checkable sentence', () => {
    expect(groundedness('Chlorophyll absorbs light.', null)).toBeNull();
    expect(groundedness('Sure!', CONTEXT)).toBeNull();
  });

  it('stays in [0, 1] (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }), (response, context) => {
      const value = groundedness(response, context);
      if (value !== null) expect(value >= 0 && value <= 1).toBe(true);
    }));
  });
});

describe('hallucinationMarkers', () => {
  it('counts citations the context does not number', () => {
    expect(hallucinationMarkers('Plants use light [1] and water [2].', 'why?', null)).toBe(2);
    expect(hallucinationMarkers('Plants use light [1].', 'why?', '[1] Plants use light.')).toBe(0);
  });

  it('counts unsourced study claims only without context', () => {
    expect(hallucinationMarkers('According to the study, coffee is healthy. Research shows it helps.', 'coffee?', null)).toBe(2);
    expect(hallucinationMarkers('According to the study, coffee is healthy.', 'coffee?', 'A study of 500 adults found coffee is healthy.')).toBe(0);
  });

  it('counts URLs and DOIs found in neither prompt nor context', () => {
    expect(hallucinationMarkers('See https://example.com/paper.', 'Summarise https://example.com/paper', null)).toBe(0);
    expect(hallucinationMarkers('See https://made-up.example/x and doi 10.1234/abcd.5678.', 'q', null)).toBe(2);
    // A DOI inside a counted URL is one marker, not two.
    expect(hallucinationMarkers('https://doi.org/10.1234/abcd', 'q', null)).toBe(1);
    expect(hallucinationMarkers('A plain answer.', 'q', null)).toBe(0);
  });
});

describe('relevance and embeddings', () => {
  const embedder = createDescriptorDemoEmbedder();
  const chat = (question: string, answer: string) => ({
    request: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
    response: JSON.stringify({ choices: [{ message: { content: answer } }] }),
  });

  it('an on-topic answer is more relevant than an off-topic one', () => {
    const options = { embedSync: embedder.embedSync, foldTo: STORED_DEMO_DIMENSIONS };
    const onTopic = describeCall(chat('How do plants make glucose with photosynthesis?', 'Plants make glucose through photosynthesis using light.'), options);
    const offTopic = describeCall(chat('How do plants make glucose with photosynthesis?', 'The stock market closed higher on Friday.'), options);
    expect(onTopic.descriptors.relevance as number).toBeGreaterThan(offTopic.descriptors.relevance as number);
    expect(onTopic.prompt_embedding).toHaveLength(STORED_DEMO_DIMENSIONS);
    expect(onTopic.prompt_embedding!.every((value) => Math.round(value * 10_000) / 10_000 === value)).toBe(true);
  });

  it('folding the demo embedding equals the smaller hashed embedding', async () => {
    const { createDemoEmbedder } = await import('../../gateway/guardrails/index.js');
    const small = createDemoEmbedder(STORED_DEMO_DIMENSIONS).embedSync!(['glucose and light energy'])[0]!;
    const folded = foldVector(embedder.embedSync(['glucose and light energy'])[0]!, STORED_DEMO_DIMENSIONS);
    folded.forEach((value, index) => expect(value).toBeCloseTo(small[index]!, 9));
  });

  it('cosine is null for zero or mismatched vectors', () => {
    expect(cosine([0, 0], [1, 0])).toBeNull();
    expect(cosine([1], [1, 0])).toBeNull();
    expect(cosine([1, 0], [1, 0])).toBe(1);
  });
});
