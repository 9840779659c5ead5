import { createFeedbackService, type FeedbackDependencies } from './feedback-service.js';
import type { FeedbackService } from './types.js';

export type * from './types.js';
export { reviewDecisionKinds, reviewSources, reviewStatuses } from './types.js';
export type { FeedbackDependencies, FeedbackRollups } from './feedback-service.js';
export { mayGiveFeedback } from './feedback-service.js';
export {
  decideInputSchema,
  feedbackInputSchema,
  isNegativeFeedback,
  MAX_COMMENT_BYTES,
  MAX_CORRECTION_BYTES,
  MAX_LABELS,
} from './feedback-input.js';
export { MAX_PAGE_SIZE as FEEDBACK_MAX_PAGE_SIZE } from './page-token.js';
export { SUMMARY_CHARS } from './call-payload.js';

/**
 * User feedback and the human review queue: `POST /api/2.0/cairn/feedback` records thumbs, ratings, corrections and
 * comments against a captured call; guardrail-flagged calls, randomly sampled calls, negative feedback and quality
 * monitors (`flagForReview`) fill a review queue that reviewers claim and decide; decisions and corrections export
 * as fine-tuning and preference JSONL. Wire `reviewIntake` to `capture.onRowsWritten`.
 */
export function createFeedback(dependencies: FeedbackDependencies): FeedbackService {
  return createFeedbackService(dependencies);
}
