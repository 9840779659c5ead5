import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diversity, qualityScores } from './quality-scores.js';

describe('quality scores', () => {
  it('averages scores and turns markers into rates, ignoring calls without them', () => {
    const rows = [
      { descriptors: { relevance: 0.8, response_refusal: true, response_empty: false, hallucination_markers: 2 } },
      { descriptors: { relevance: 0.4, response_refusal: false, response_empty: false, hallucination_markers: 0 } },
      { descriptors: { relevance: null, response_refusal: false, response_empty: true } },
    ];
    const result = qualityScores(rows, ['relevance', 'groundedness', 'refusal_rate', 'empty_rate', 'hallucination_markers']);
    expect(result.scores.relevance).toBeCloseTo(0.6);
    expect(result.scores.groundedness).toBeNull();
    expect(result.scores.refusal_rate).toBeCloseTo(1 / 3);
    expect(result.scores.empty_rate).toBeCloseTo(1 / 3);
    expect(result.scores.hallucination_markers).toBe(1);
    expect(result.samples).toMatchObject({ relevance: 2, groundedness: 0, refusal_rate: 3, hallucination_markers: 2 });
  });

  it('measures diversity over repeated prompts only', () => {
    const row = (prompt: string, response: string) => ({ descriptors: {}, promptKey: prompt, responseKey: response });
    expect(diversity([row('a', '1'), row('b', '2')])).toEqual({ value: null, calls: 0 });
    // a: 3 calls, 1 distinct answer; b: 2 calls, 2 distinct; c once (ignored) → 3 distinct / 5 calls.
    expect(diversity([row('a', 'x'), row('a', 'x'), row('a', 'x'), row('b', '1'), row('b', '2'), row('c', 'z')])).toEqual({ value: 3 / 5, calls: 5 });
  });

  it('keeps diversity in (0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ prompt: fc.constantFrom('a', 'b', 'c'), response: fc.constantFrom('1', '2', '3') })), (calls) => {
        const { value } = diversity(calls.map((call) => ({ descriptors: {}, promptKey: call.prompt, responseKey: call.response })));
        if (value !== null) expect(value > 0 && value <= 1).toBe(true);
      }),
    );
  });
});
