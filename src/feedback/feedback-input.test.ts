import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideInputSchema, feedbackInputSchema, isNegativeFeedback, MAX_COMMENT_BYTES, MAX_CORRECTION_BYTES, parseLabels } from './feedback-input.js';

describe('feedback input', () => {
  it('needs at least one of thumbs, rating, correction, comment, and names them', () => {
    const empty = feedbackInputSchema.safeParse({ request_id: 'r1' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe('give at least one of thumbs, rating, correction, comment');
    // Labels alone say nothing about the answer.
    expect(feedbackInputSchema.safeParse({ request_id: 'r1', labels: ['x'] }).success).toBe(false);
    expect(feedbackInputSchema.safeParse({ request_id: 'r1', thumbs: 'down' }).success).toBe(true);
  });

  it('accepts exactly the integer ratings 1 to 5', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double({ noNaN: false })), (rating) => {
        const parsed = feedbackInputSchema.safeParse({ request_id: 'r', rating });
        expect(parsed.success).toBe(Number.isInteger(rating) && rating >= 1 && rating <= 5);
      }),
    );
    expect(feedbackInputSchema.safeParse({ request_id: 'r', rating: '3' }).success).toBe(false);
  });

  it('caps correction and comment in UTF-8 bytes, and strips NUL', () => {
    expect(feedbackInputSchema.safeParse({ request_id: 'r', correction: 'a'.repeat(MAX_CORRECTION_BYTES) }).success).toBe(true);
    expect(feedbackInputSchema.safeParse({ request_id: 'r', correction: 'a'.repeat(MAX_CORRECTION_BYTES + 1) }).success).toBe(false);
    // 2 048 two-byte characters are 4 096 bytes: the cap; one more is over.
    expect(feedbackInputSchema.safeParse({ request_id: 'r', comment: 'é'.repeat(MAX_COMMENT_BYTES / 2) }).success).toBe(true);
    expect(feedbackInputSchema.safeParse({ request_id: 'r', comment: 'é'.repeat(MAX_COMMENT_BYTES / 2 + 1) }).success).toBe(false);
    expect(feedbackInputSchema.parse({ request_id: 'r', comment: 'a\u0000b' }).comment).toBe('ab');
    expect(feedbackInputSchema.safeParse({ request_id: 'r', thumbs: 'up', labels: Array.from({ length: 21 }, (_, index) => `l${index}`) }).success).toBe(false);
    expect(feedbackInputSchema.safeParse({ request_id: 'r', thumbs: 'up', extra: 1 }).success).toBe(false);
  });

  it('negative feedback is thumbs down, a rating of 1 or 2, or a correction', () => {
    expect(isNegativeFeedback({ thumbs: 'down' })).toBe(true);
    expect(isNegativeFeedback({ thumbs: 'up' })).toBe(false);
    expect([1, 2, 3, 4, 5].map((rating) => isNegativeFeedback({ rating }))).toEqual([true, true, false, false, false]);
    expect(isNegativeFeedback({ thumbs: 'up', correction: 'better' })).toBe(true);
  });

  it('decisions: correct needs a correction, label needs labels', () => {
    expect(decideInputSchema.safeParse({ decision: 'correct' }).success).toBe(false);
    expect(decideInputSchema.safeParse({ decision: 'correct', correction: 'fixed' }).success).toBe(true);
    expect(decideInputSchema.safeParse({ decision: 'label' }).success).toBe(false);
    expect(decideInputSchema.safeParse({ decision: 'label', labels: ['off-topic'] }).success).toBe(true);
    expect(decideInputSchema.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(decideInputSchema.safeParse({ decision: 'maybe' }).success).toBe(false);
  });

  it('stored labels round-trip; anything that is not a JSON array of strings reads as no labels', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }), (labels) => {
        expect(parseLabels(JSON.stringify(labels))).toEqual(labels);
      }),
    );
    expect(parseLabels(null)).toEqual([]);
    expect(parseLabels('not json')).toEqual([]);
    expect(parseLabels('{"labels":["x"]}')).toEqual([]);
    expect(parseLabels('["a",1,null,"b"]')).toEqual(['a', 'b']);
  });
});
