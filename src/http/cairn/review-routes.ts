import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Principal } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import {
  decideInputSchema,
  FEEDBACK_MAX_PAGE_SIZE,
  type ReviewItem,
  reviewSources,
  reviewStatuses,
  type ReviewSource,
  type ReviewStatus,
} from '../../feedback/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';
import { feedbackSchema } from './feedback-routes.js';
import { mayReadEndpointObject, readableScope, requireManage } from './review-access.js';

const BASE = '/api/2.0/cairn/review';
const intString = z.coerce.number().int();

const callSummarySchema = z.object({
  request_time: z.number(),
  status_code: z.number(),
  served_entity_name: z.string().nullable(),
  model_version: z.string().nullable(),
  requester: z.string().nullable(),
  prompt: z.string().nullable(),
  response: z.string().nullable(),
  truncated: z.boolean(),
});

const itemSchema = z.object({
  id: z.string(),
  request_id: z.string(),
  endpoint_name: z.string(),
  endpoint_id: z.string().nullable(),
  reasons: z.array(z.object({ source: z.enum(reviewSources as [ReviewSource, ...ReviewSource[]]), detail: z.record(z.string(), z.unknown()), at: z.number() })),
  status: z.enum(reviewStatuses as [ReviewStatus, ...ReviewStatus[]]),
  claimed_by: z.string().nullable().describe("the holder's principal name (its id when that principal was deleted)"),
  claimed_by_id: z.string().nullable().describe("the holder's principal id: names are unique only per kind, so claims are compared on ids"),
  claimed_at: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
  call: callSummarySchema.optional(),
});

const decisionSchema = z.object({
  id: z.number(),
  item_id: z.string(),
  request_id: z.string(),
  decision: z.string(),
  labels: z.array(z.string()),
  correction: z.string().nullable(),
  comment: z.string().nullable(),
  decided_by: z.string().describe("the reviewer's principal name (its id when that principal was deleted)"),
  decided_by_id: z.string().describe("the reviewer's principal id"),
  decided_at: z.number(),
});

const listQuerySchema = z
  .object({
    endpoint_name: z.string().min(1).max(256).optional(),
    /** Effective status: a claim older than `monitoring.review.claim_ttl_ms` counts as open. */
    status: z.enum(reviewStatuses as [ReviewStatus, ...ReviewStatus[]]).optional(),
    source: z.enum(reviewSources as [ReviewSource, ...ReviewSource[]]).optional(),
    max_results: intString.min(1).optional(),
    page_token: z.string().min(1).max(1024).optional(),
  })
  .strict();

const itemParams = z.object({ id: z.string().min(1).max(128) });

const exportQuerySchema = z
  .object({
    endpoint_name: z.string().min(1).max(256),
    kind: z.enum(['fine_tuning', 'preferences']),
    /** Inclusive bounds (ms since the epoch) on when the correction or decision was made. */
    from: intString.min(0).optional(),
    to: intString.min(0).optional(),
    /** `true`: answer only the counts (examples, and rows skipped and why) as JSON, without the examples. */
    summary: z.enum(['true', 'false']).optional(),
  })
  .strict();

const countsSchema = z.object({
  examples: z.number(),
  skipped_truncated: z.number(),
  skipped_no_prompt: z.number(),
  skipped_no_response: z.number(),
});

/** The item when the principal may read its endpoint's payloads; otherwise 404, the same as a missing item (SEC API1). */
async function visibleItem(services: Services, principal: Principal, id: string): Promise<ReviewItem> {
  const item = await services.feedback.getItem(id);
  if (!item || !mayReadEndpointObject(services, principal, item)) throw errors.notFound(`Review item ${id} does not exist.`);
  return item;
}

/**
 * The human review queue: list, read, claim, release, decide, export. Reviewers need what reading the endpoint's
 * inference log needs (CAN_MANAGE, or admin): items show the masked prompt and answer.
 */
export function reviewRoutes(services: Services): AnyRoute[] {
  const { feedback } = services;
  return [
    defineRoute({
      method: 'GET',
      path: `${BASE}/items`,
      summary: `Review items newest first, with the masked prompt and answer of each call (max_results ≤ ${FEEDBACK_MAX_PAGE_SIZE}). Needs CAN_MANAGE on the endpoint; admins see every endpoint.`,
      tag: 'review',
      body: listQuerySchema,
      response: z.object({ items: z.array(itemSchema), next_page_token: z.string().optional() }),
      handler: async ({ principal, body }) => {
        const endpoints = readableScope(services, principal, body.endpoint_name);
        return feedback.listItems({
          ...(body.endpoint_name !== undefined ? { endpoint_name: body.endpoint_name } : {}),
          ...(endpoints !== undefined ? { endpoints } : {}),
          ...(body.status !== undefined ? { status: body.status } : {}),
          ...(body.source !== undefined ? { source: body.source } : {}),
          ...(body.max_results !== undefined ? { max_results: body.max_results } : {}),
          ...(body.page_token !== undefined ? { page_token: body.page_token } : {}),
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/items/:id`,
      summary: 'One review item with its decisions (oldest first), the feedback on its call and the masked call itself.',
      tag: 'review',
      params: itemParams,
      response: z.object({ item: itemSchema, decisions: z.array(decisionSchema), feedback: z.array(feedbackSchema), call: z.unknown() }),
      handler: async ({ principal, params }) => {
        const item = await visibleItem(services, principal, params.id);
        const [decisions, given, call] = await Promise.all([
          feedback.decisionsOf(item.id),
          feedback.feedbackOf(item.request_id),
          services.capture.get(item.request_id),
        ]);
        return { item, decisions, feedback: given, call: call ?? null };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/items/:id/claim`,
      summary: 'Claims an item for review. 409 RESOURCE_CONFLICT when another reviewer holds a live claim or the item is decided.',
      tag: 'review',
      params: itemParams,
      response: z.object({ item: itemSchema }),
      handler: async ({ principal, params }) => {
        await visibleItem(services, principal, params.id);
        return { item: await feedback.claim(principal, params.id) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/items/:id/release`,
      summary: 'Gives a claim back (its holder, or an admin). 409 RESOURCE_CONFLICT when someone else holds it or it is decided.',
      tag: 'review',
      params: itemParams,
      response: z.object({ item: itemSchema }),
      handler: async ({ principal, params }) => {
        await visibleItem(services, principal, params.id);
        return { item: await feedback.release(principal, params.id) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/items/:id/decide`,
      summary:
        'Decides an item: approve, reject, label (labels required) or correct (correction required). The reviewer must hold ' +
        'the claim (or have made the last decision) unless admin; every decision is kept with who and when.',
      tag: 'review',
      params: itemParams,
      body: decideInputSchema,
      response: z.object({ item: itemSchema, decision: decisionSchema }),
      handler: async ({ principal, params, body }) => {
        await visibleItem(services, principal, params.id);
        return feedback.decide(principal, params.id, body);
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/export`,
      summary:
        'Corrections and decisions as JSON Lines: kind=fine_tuning (OpenAI chat fine-tuning format) or kind=preferences ' +
        '(OpenAI preference / DPO format). Payloads are masked as captured; calls whose needed payload was truncated are ' +
        'skipped (summary=true answers the counts). Needs CAN_MANAGE on the endpoint.',
      tag: 'review',
      body: exportQuerySchema,
      produces: ['application/x-ndjson', 'application/json'],
      response: countsSchema,
      handler: async ({ principal, body, reply }) => {
        const endpointId = requireManage(services, principal, body.endpoint_name);
        if (body.from !== undefined && body.to !== undefined && body.to < body.from) throw errors.invalid('to must not be before from.');
        const run = feedback.exportExamples({
          endpoint_name: body.endpoint_name,
          endpoint_id: endpointId,
          kind: body.kind,
          ...(body.from !== undefined ? { from: body.from } : {}),
          ...(body.to !== undefined ? { to: body.to } : {}),
        });
        if (body.summary === 'true') {
          for await (const _line of run.lines) {
            // Counting only: the examples themselves are not sent.
          }
          return run.counts();
        }
        reply.type('application/x-ndjson; charset=utf-8');
        return reply.send(Readable.from(run.lines));
      },
    }),
  ];
}
