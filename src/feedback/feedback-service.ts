import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Authorizer, Principal } from '../auth/index.js';
import type { CaptureService, InferenceLogEntry } from '../capture/index.js';
import type { CairnConfig } from '../config/index.js';
import { errors } from '../errors/index.js';
import type { Db } from '../storage/index.js';
import { isNegativeFeedback, uniqueLabels } from './feedback-input.js';
import { feedbackOf, insertFeedback, listFeedback, toFeedback } from './feedback-store.js';
import { exportExamples } from './review-export.js';
import { IntakeQueue, intakeFlags } from './review-intake.js';
import { addReasons, attachSummaries, claimItem, decideItem, decisionsOf, getItemRow, itemOf, listItems, releaseItem } from './review-store.js';
import type { FeedbackInput, FeedbackRecord, FeedbackService, FlagForReviewInput, ReviewItem } from './types.js';

/** What rollups (src/monitoring/rollups) take from feedback; optional so feedback works without them. */
export interface FeedbackRollups {
  recordFeedback(feedback: {
    endpoint_name: string;
    served_entity_name: string | null;
    model_version: string | null;
    time: number;
    thumbs: 'up' | 'down' | null;
    rating: number | null;
  }): void;
}

export interface FeedbackDependencies {
  db: Db;
  config: Readonly<CairnConfig>;
  logger: Logger;
  capture: Pick<CaptureService, 'get' | 'flush'>;
  serving: { resolveEndpointId(name: string): string | undefined };
  auth: Pick<Authorizer, 'levelOn'>;
  rollups?: FeedbackRollups;
  now?: () => number;
  /** Review sampling draws; tests inject a sequence. */
  random?: () => number;
}

const OBJECT = 'serving-endpoints';

/**
 * Who may give feedback on a call: its requester (by principal name, as capture records it), anyone who may query
 * its endpoint (apps send feedback for their end users), and admins. The call must belong to the endpoint that
 * now has its name: a recreated endpoint's users cannot comment on an older endpoint's calls. Pure.
 */
export function mayGiveFeedback(
  principal: Principal,
  call: Pick<InferenceLogEntry, 'endpoint_name' | 'endpoint_id' | 'requester'>,
  currentEndpointId: string | undefined,
  levelOn: Authorizer['levelOn'],
): boolean {
  if (!currentEndpointId || (call.endpoint_id !== null && call.endpoint_id !== currentEndpointId)) return false;
  if (principal.isAdmin || (call.requester !== null && call.requester === principal.name)) return true;
  const level = levelOn(principal, OBJECT, currentEndpointId);
  return level === 'CAN_QUERY' || level === 'CAN_MANAGE';
}

export function createFeedbackService(dependencies: FeedbackDependencies): FeedbackService {
  const { db, config, logger, capture, serving, auth, rollups } = dependencies;
  const now = dependencies.now ?? Date.now;
  const random = dependencies.random ?? Math.random;
  const claimTtlMs = config.monitoring.review.claim_ttl_ms;
  const intake = new IntakeQueue({ logger, write: (flags) => addReasons(db, flags, now()) });

  const flagForReview = (input: FlagForReviewInput): Promise<void> => intake.push(input);

  async function findCall(requestId: string): Promise<InferenceLogEntry | undefined> {
    // Capture writes in batches off the request path, so feedback sent right after the answer can arrive before
    // the row: write what is queued and look once more. Calls capture sampled out have no row and stay unknown.
    const entry = await capture.get(requestId);
    if (entry) return entry;
    await capture.flush();
    return capture.get(requestId);
  }

  function withSummary(item: ReviewItem): Promise<ReviewItem> {
    return attachSummaries(db, [item]).then(() => item);
  }

  return {
    async submitFeedback(principal: Principal, input: FeedbackInput): Promise<FeedbackRecord> {
      const notFound = `Request ${input.request_id} does not exist.`;
      const call = await findCall(input.request_id);
      // Unknown, sampled out, and "not yours" all read the same, so a request id reveals nothing (SEC API1).
      if (!call) throw errors.notFound(notFound);
      const endpointId = serving.resolveEndpointId(call.endpoint_name);
      if (!mayGiveFeedback(principal, call, endpointId, (...args) => auth.levelOn(...args))) throw errors.notFound(notFound);
      const time = now();
      const row = {
        id: randomUUID(),
        request_id: call.request_id,
        endpoint_name: call.endpoint_name,
        endpoint_id: endpointId ?? null,
        served_entity_name: call.served_entity_name,
        principal_id: principal.id,
        thumbs: input.thumbs ?? null,
        rating: input.rating ?? null,
        correction: input.correction ?? null,
        comment: input.comment ?? null,
        labels: JSON.stringify(uniqueLabels(input.labels)),
        created_at: time,
      };
      await insertFeedback(db, row);
      const record = toFeedback(row);
      if (rollups && (record.thumbs !== null || record.rating !== null)) {
        try {
          rollups.recordFeedback({
            endpoint_name: call.endpoint_name,
            served_entity_name: call.served_entity_name,
            model_version: call.model_version,
            time,
            thumbs: record.thumbs,
            rating: record.rating,
          });
        } catch (error) {
          logger.warn({ err: error }, 'feedback: rollups refused a feedback record');
        }
      }
      if (isNegativeFeedback(input)) {
        // Awaited so the item is there when the client gets its answer; flagForReview never rejects.
        await flagForReview({
          request_id: call.request_id,
          endpoint_name: call.endpoint_name,
          endpoint_id: endpointId ?? null,
          source: 'feedback',
          detail: {
            feedback_id: record.id,
            ...(record.thumbs !== null ? { thumbs: record.thumbs } : {}),
            ...(record.rating !== null ? { rating: record.rating } : {}),
            ...(record.correction !== null ? { correction: true } : {}),
          },
        });
      }
      return record;
    },

    listFeedback: (query) => listFeedback(db, query),
    flagForReview,

    reviewIntake(rows) {
      try {
        const fraction = config.monitoring.review.sample_fraction;
        for (const row of rows) for (const flag of intakeFlags(row, fraction, random)) void intake.push(flag);
      } catch (error) {
        logger.error({ err: error }, 'review intake: could not read captured rows');
      }
    },

    listItems: (query) => listItems(db, query, now(), claimTtlMs),

    async getItem(id) {
      const row = await getItemRow(db, id);
      return row ? withSummary(await itemOf(db, row, now(), claimTtlMs)) : undefined;
    },

    decisionsOf: (itemId) => decisionsOf(db, itemId),
    feedbackOf: (requestId) => feedbackOf(db, requestId),

    async claim(principal, id) {
      const time = now();
      return withSummary(await itemOf(db, await claimItem(db, id, principal, time, claimTtlMs), time, claimTtlMs));
    },

    async release(principal, id) {
      const time = now();
      return withSummary(await itemOf(db, await releaseItem(db, id, principal, time), time, claimTtlMs));
    },

    async decide(principal, id, input) {
      const time = now();
      const { item, decision } = await decideItem(db, id, principal, input, time, claimTtlMs);
      return { item: await withSummary(item), decision };
    },

    exportExamples: (query) => exportExamples(db, query),
    flush: () => intake.flush(),
    stats: () => intake.stats(),
    close: () => intake.close(),
  };
}
