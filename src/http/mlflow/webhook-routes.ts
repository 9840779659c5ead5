import { z } from 'zod';
import {
  createWebhookSchema,
  deliverySchema,
  listDeliveriesSchema,
  listWebhooksSchema,
  testWebhookSchema,
  updateWebhookSchema,
  webhookSchema,
  webhookTestResultSchema,
} from '../../registry/webhooks/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';

const base = '/api/2.0/mlflow/webhooks';
const tag = 'mlflow-webhooks';
const params = z.object({ webhook_id: z.string().min(1).max(256) });
const webhookResponse = z.object({ webhook: webhookSchema });

/**
 * MLflow 3's `/api/2.0/mlflow/webhooks` (registry webhooks) and Cairn's delivery history. Workspace-level
 * configuration: admins only (403 for anyone else), 404 for an unknown id.
 */
export function webhookRoutes(services: Services): AnyRoute[] {
  const { webhooks } = services;
  return [
    defineRoute({
      method: 'POST',
      path: base,
      summary: 'Create a registry webhook (admins). The secret signs deliveries and is never returned.',
      tag,
      body: createWebhookSchema,
      response: webhookResponse,
      handler: async ({ principal, body }) => ({ webhook: await webhooks.create(principal, body) }),
    }),
    defineRoute({
      method: 'GET',
      path: base,
      summary: 'List registry webhooks, oldest first (admins).',
      tag,
      body: listWebhooksSchema,
      response: z.object({ webhooks: z.array(webhookSchema), next_page_token: z.string().optional() }),
      handler: async ({ principal, body }) => {
        const page = await webhooks.list(principal, body);
        return { webhooks: page.items, ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/:webhook_id`,
      summary: 'Get a registry webhook (admins).',
      tag,
      params,
      response: webhookResponse,
      handler: async ({ principal, params: { webhook_id } }) => ({ webhook: await webhooks.get(principal, webhook_id) }),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${base}/:webhook_id`,
      summary: 'Update a registry webhook (admins): only the fields given change; "secret": "" removes the secret.',
      tag,
      params,
      body: updateWebhookSchema,
      response: webhookResponse,
      handler: async ({ principal, params: { webhook_id }, body }) => ({ webhook: await webhooks.update(principal, webhook_id, body) }),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/:webhook_id`,
      summary: 'Delete a registry webhook and its delivery history (admins).',
      tag,
      params,
      response: z.object({}),
      handler: async ({ principal, params: { webhook_id } }) => {
        await webhooks.delete(principal, webhook_id);
        return {};
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/:webhook_id/test`,
      summary: "Send one example event to the webhook now and report the receiver's answer (admins).",
      tag,
      params,
      body: testWebhookSchema,
      response: z.object({ result: webhookTestResultSchema }),
      handler: async ({ principal, params: { webhook_id }, body }) => ({ result: await webhooks.test(principal, webhook_id, body.event) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/cairn/webhooks/:webhook_id/deliveries',
      summary: 'Deliveries of a registry webhook, newest first, each with every attempt (admins).',
      tag,
      params,
      body: listDeliveriesSchema,
      response: z.object({ deliveries: z.array(deliverySchema), next_page_token: z.string().optional() }),
      handler: async ({ principal, params: { webhook_id }, body }) => {
        const page = await webhooks.deliveries(principal, webhook_id, body);
        return { deliveries: page.items, ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
      },
    }),
  ];
}
