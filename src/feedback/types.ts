import type { Principal } from '../auth/index.js';
import type { RowsWrittenListener } from '../capture/index.js';

/** Where a review item came from. */
export type ReviewSource = 'guardrail' | 'quality' | 'feedback' | 'sample';
export const reviewSources: readonly ReviewSource[] = ['guardrail', 'quality', 'feedback', 'sample'];

/** One reason a call is in the review queue; an item collects every reason it was flagged for. */
export interface ReviewReason {
  source: ReviewSource;
  detail: Record<string, unknown>;
  /** When the reason was recorded (ms). */
  at: number;
}

/** What guardrail intake, quality monitors and negative feedback hand to `flagForReview`. */
export interface FlagForReviewInput {
  request_id: string;
  endpoint_name: string;
  endpoint_id: string | null;
  source: ReviewSource;
  detail: Record<string, unknown>;
}

export type ReviewStatus = 'open' | 'claimed' | 'decided';
export const reviewStatuses: readonly ReviewStatus[] = ['open', 'claimed', 'decided'];
export type ReviewDecisionKind = 'approve' | 'reject' | 'label' | 'correct';
export const reviewDecisionKinds: readonly ReviewDecisionKind[] = ['approve', 'reject', 'label', 'correct'];

export interface FeedbackInput {
  request_id: string;
  thumbs?: 'up' | 'down';
  rating?: number;
  correction?: string;
  comment?: string;
  labels?: string[];
}

export interface FeedbackRecord {
  id: string;
  request_id: string;
  endpoint_name: string;
  served_entity_name: string | null;
  /** Id of the principal who gave it. */
  principal_id: string | null;
  thumbs: 'up' | 'down' | null;
  rating: number | null;
  correction: string | null;
  comment: string | null;
  labels: string[];
  created_at: number;
}

/** The endpoints a non-admin may read payload-bearing data of: rows match by name and by id (or an unknown id). */
export type EndpointScope = ReadonlyArray<{ name: string; id: string }>;

export interface FeedbackListQuery {
  request_id?: string;
  endpoint_name?: string;
  /** Undefined: every endpoint (admins). */
  endpoints?: EndpointScope;
  max_results?: number;
  page_token?: string;
}

/** The masked call a review item points at, cut down to what a reviewer scans in a list. */
export interface CallSummary {
  request_time: number;
  status_code: number;
  served_entity_name: string | null;
  model_version: string | null;
  requester: string | null;
  /** Last user message (or completion prompt), masked, at most SUMMARY_CHARS characters. */
  prompt: string | null;
  /** The answer's text, masked, at most SUMMARY_CHARS characters. */
  response: string | null;
  /** The stored request or response was cut at the capture size cap. */
  truncated: boolean;
}

export interface ReviewItem {
  id: string;
  request_id: string;
  endpoint_name: string;
  /** Id of the endpoint the call was made on (names can be reused after a delete). */
  endpoint_id: string | null;
  reasons: ReviewReason[];
  /** Effective status: a claim older than `claim_ttl_ms` reads as open. */
  status: ReviewStatus;
  /** Name of the principal holding the claim (or that decided last); its id when that principal is gone. */
  claimed_by: string | null;
  /** Id of that principal: what claims are compared on (names are unique only per kind). */
  claimed_by_id: string | null;
  claimed_at: number | null;
  created_at: number;
  updated_at: number;
  /** Absent when the call's row is gone (retention) or the item came from a call capture sampled out. */
  call?: CallSummary;
}

export interface ReviewDecision {
  id: number;
  item_id: string;
  request_id: string;
  decision: ReviewDecisionKind;
  labels: string[];
  correction: string | null;
  comment: string | null;
  /** Name of the reviewer; its id when that principal is gone. */
  decided_by: string;
  /** Id of the reviewer. */
  decided_by_id: string;
  decided_at: number;
}

export interface ReviewListQuery {
  endpoint_name?: string;
  endpoints?: EndpointScope;
  status?: ReviewStatus;
  source?: ReviewSource;
  max_results?: number;
  page_token?: string;
}

export interface DecideInput {
  decision: ReviewDecisionKind;
  labels?: string[];
  correction?: string;
  comment?: string;
}

export type ExportKind = 'fine_tuning' | 'preferences';

export interface ExportQuery {
  endpoint_name: string;
  /** The endpoint's current id: rows of an older endpoint with the same name are left out. */
  endpoint_id: string | null;
  kind: ExportKind;
  /** Inclusive bounds (ms) on when the correction or decision was made. */
  from?: number;
  to?: number;
}

/** What an export left out, and why. */
export interface ExportCounts {
  examples: number;
  skipped_truncated: number;
  /** The call's row is gone (retention) or holds no chat messages / prompt (e.g. embeddings). */
  skipped_no_prompt: number;
  /** Preferences only: the original call has no answer text to reject (failed or blocked calls). */
  skipped_no_response: number;
}

/** An export run: JSON lines, then the counts once every line has been read. */
export interface ExportRun {
  lines: AsyncIterable<string>;
  counts(): ExportCounts;
}

export interface FeedbackStats {
  /** Flags waiting to be written to the review queue. */
  queued: number;
  /** Flags dropped because the intake queue was full. */
  dropped: number;
  /** Flags whose write failed (logged). */
  failed: number;
}

/** User feedback and the human review queue (src/feedback). */
export interface FeedbackService {
  /**
   * Records feedback on a call. 404 when the call is unknown or the caller may not give feedback on it: only the
   * call's requester, principals with CAN_QUERY on its endpoint, and admins may.
   */
  submitFeedback(principal: Principal, input: FeedbackInput): Promise<FeedbackRecord>;
  listFeedback(query: FeedbackListQuery): Promise<{ feedback: FeedbackRecord[]; next_page_token?: string }>;
  /** Puts a call in the review queue (or adds a reason to its item). Never rejects: failures are logged. */
  flagForReview(input: FlagForReviewInput): Promise<void>;
  /** Capture listener: guardrail-flagged and randomly sampled rows go to the queue, off the request path. */
  reviewIntake: RowsWrittenListener;
  listItems(query: ReviewListQuery): Promise<{ items: ReviewItem[]; next_page_token?: string }>;
  getItem(id: string): Promise<ReviewItem | undefined>;
  decisionsOf(itemId: string): Promise<ReviewDecision[]>;
  feedbackOf(requestId: string): Promise<FeedbackRecord[]>;
  /** Throws RESOURCE_CONFLICT when someone else holds a live claim or the item is decided. */
  claim(principal: Principal, id: string): Promise<ReviewItem>;
  release(principal: Principal, id: string): Promise<ReviewItem>;
  decide(principal: Principal, id: string, input: DecideInput): Promise<{ item: ReviewItem; decision: ReviewDecision }>;
  exportExamples(query: ExportQuery): ExportRun;
  /** Writes every queued flag; tests and shutdown. */
  flush(): Promise<void>;
  stats(): FeedbackStats;
  close(): Promise<void>;
}
