import { z } from 'zod';
import { FEEDBACK_MAX_PAGE_SIZE, feedbackInputSchema } from '../../feedback/index.js';
import { defineRoute } from '../route.js';
import { readableScope } from './review-access.js';
const intString = z.coerce.number().int();
export const feedbackSchema = z.object({
    id: z.string(),
    request_id: z.string(),
    endpoint_name: z.string(),
    served_entity_name: z.string().nullable(),
    principal_id: z.string().nullable(),
    thumbs: z.enum(['up', 'down']).nullable(),
    rating: z.number().int().nullable(),
    correction: z.string().nullable(),
    comment: z.string().nullable(),
    labels: z.array(z.string()),
    created_at: z.number(),
});
const listQuerySchema = z
    .object({
    request_id: z.string().min(1).max(256).optional(),
    endpoint_name: z.string().min(1).max(256).optional(),
    max_results: intString.min(1).optional(),
    page_token: z.string().min(1).max(1024).optional(),
})
    .strict();
/** `POST|GET /api/2.0/cairn/feedback`: user feedback on captured calls. */
export function feedbackRoutes(services) {
    return [
        defineRoute({
            method: 'POST',
            path: '/api/2.0/cairn/feedback',
            summary: 'Records thumbs (up/down), a 1–5 rating, a correction and/or a comment on a call, by its request id (x-request-id). ' +
                "The call's requester, principals with CAN_QUERY on its endpoint and admins may; for anyone else, and for unknown " +
                'or sampled-out calls, 404. Negative feedback (thumbs down, rating ≤ 2, a correction) puts the call in the review queue.',
            tag: 'feedback',
            body: feedbackInputSchema,
            response: z.object({ feedback: feedbackSchema }),
            handler: async ({ principal, body }) => ({ feedback: await services.feedback.submitFeedback(principal, body) }),
        }),
        defineRoute({
            method: 'GET',
            path: '/api/2.0/cairn/feedback',
            summary: `Feedback newest first, by request_id or endpoint_name, paginated (max_results ≤ ${FEEDBACK_MAX_PAGE_SIZE}). Same visibility as the inference log: CAN_MANAGE on the endpoint; admins see all.`,
            tag: 'feedback',
            body: listQuerySchema,
            response: z.object({ feedback: z.array(feedbackSchema), next_page_token: z.string().optional() }),
            handler: async ({ principal, body }) => {
                const endpoints = readableScope(services, principal, body.endpoint_name);
                return services.feedback.listFeedback({
                    ...(body.request_id !== undefined ? { request_id: body.request_id } : {}),
                    ...(body.endpoint_name !== undefined ? { endpoint_name: body.endpoint_name } : {}),
                    ...(endpoints !== undefined ? { endpoints } : {}),
                    ...(body.max_results !== undefined ? { max_results: body.max_results } : {}),
                    ...(body.page_token !== undefined ? { page_token: body.page_token } : {}),
                });
            },
        }),
    ];
}
//# sourceMappingURL=feedback-routes.js.map