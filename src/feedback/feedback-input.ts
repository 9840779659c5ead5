import { z } from 'zod';
import { reviewDecisionKinds, type DecideInput, type FeedbackInput, type ReviewDecisionKind } from './types.js';

/** Size caps (SEC API4): feedback is written by apps on behalf of end users, so nothing in it is unbounded. */
export const MAX_CORRECTION_BYTES = 32 * 1024;
export const MAX_COMMENT_BYTES = 4 * 1024;
export const MAX_LABELS = 20;
export const MAX_LABEL_LENGTH = 64;
export const MAX_REQUEST_ID_LENGTH = 128;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Free text capped in UTF-8 bytes (what storage and exports pay for), not UTF-16 units. */
function boundedText(maxBytes: number) {
  return z
    .string()
    .min(1)
    .refine((text) => utf8Bytes(text) <= maxBytes, { message: `at most ${maxBytes} bytes (UTF-8)` })
    // PostgreSQL text refuses NUL bytes; a correction never needs one.
    .transform((text) => text.replaceAll('\u0000', ''));
}

export const labelsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(MAX_LABEL_LENGTH)
      // Labels are shown in one-line lists and used as keys: no control characters (tabs, newlines, NUL).
      .refine((label) => ![...label].some((character) => character.charCodeAt(0) < 0x20), { message: 'no control characters' }),
  )
  .max(MAX_LABELS);

export const correctionSchema = boundedText(MAX_CORRECTION_BYTES);
export const commentSchema = boundedText(MAX_COMMENT_BYTES);

const FEEDBACK_FIELDS = ['thumbs', 'rating', 'correction', 'comment'] as const;

export const feedbackInputSchema = z
  .object({
    /** The call's request id: the `x-request-id` response header. */
    request_id: z.string().min(1).max(MAX_REQUEST_ID_LENGTH),
    thumbs: z.enum(['up', 'down']).optional(),
    /** 1 (bad) to 5 (good). */
    rating: z.number().int().min(1).max(5).optional(),
    /** What the answer should have been (fine-tuning exports use it). */
    correction: correctionSchema.optional(),
    comment: commentSchema.optional(),
    labels: labelsSchema.optional(),
  })
  .strict()
  .refine((input) => FEEDBACK_FIELDS.some((field) => input[field] !== undefined), {
    message: `give at least one of ${FEEDBACK_FIELDS.join(', ')}`,
  }) satisfies z.ZodType<FeedbackInput>;

export const decideInputSchema = z
  .object({
    decision: z.enum(reviewDecisionKinds as [ReviewDecisionKind, ...ReviewDecisionKind[]]),
    labels: labelsSchema.optional(),
    /** Required for `correct`: the answer the call should have given. */
    correction: correctionSchema.optional(),
    comment: commentSchema.optional(),
  })
  .strict()
  .refine((input) => input.decision !== 'correct' || input.correction !== undefined, {
    message: 'correction is required when decision is correct',
    path: ['correction'],
  })
  .refine((input) => input.decision !== 'label' || (input.labels?.length ?? 0) > 0, {
    message: 'labels are required when decision is label',
    path: ['labels'],
  }) satisfies z.ZodType<DecideInput>;

/** Negative feedback sends the call to human review: thumbs down, a rating of 1 or 2, or a correction. */
export function isNegativeFeedback(input: Pick<FeedbackInput, 'thumbs' | 'rating' | 'correction'>): boolean {
  return input.thumbs === 'down' || (input.rating !== undefined && input.rating <= 2) || input.correction !== undefined;
}

/** Labels without duplicates, in the order given. */
export function uniqueLabels(labels: readonly string[] | undefined): string[] {
  return [...new Set(labels ?? [])];
}

/** A stored JSON label array (`feedback.labels`, `review_decisions.labels`); anything else reads as no labels. */
export function parseLabels(text: string | null): string[] {
  if (text === null) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((label): label is string => typeof label === 'string') : [];
  } catch {
    return [];
  }
}
