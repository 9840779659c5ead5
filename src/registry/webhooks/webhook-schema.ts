import { z } from 'zod';
import { type RegistryEventName, registryEventNames } from '../events.js';

/**
 * Request and response shapes of `/api/2.0/mlflow/webhooks`, as MLflow 3's REST API has them. An event travels as
 * `{"entity": "MODEL_VERSION", "action": "CREATED"}` (protobuf enum names, how MLflow's server writes them); input
 * is case-insensitive and also takes the `"model_version.created"` string form of MLflow's Python client.
 */

export const webhookStatuses = ['ACTIVE', 'DISABLED'] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];

export const MAX_EVENTS = registryEventNames.length;
export const MAX_LIST_RESULTS = 1000;
export const DEFAULT_LIST_RESULTS = 100;

/** Text both databases can store (PostgreSQL refuses NUL). */
function text(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
}

const supportedList = registryEventNames.join(', ');

function toEventName(entity: string, action: string): string {
  return `${entity.trim().toLowerCase()}.${action.trim().toLowerCase()}`;
}

function isEventName(value: string): value is RegistryEventName {
  return (registryEventNames as readonly string[]).includes(value);
}

/** One event: `{entity, action}` or `"entity.action"`; anything else is a 400 that lists the supported events. */
export const eventInputSchema = z
  .union([z.object({ entity: text(100), action: text(100) }), text(200)])
  .transform((value, context): RegistryEventName => {
    const name = typeof value === 'string' ? value.trim().toLowerCase() : toEventName(value.entity, value.action);
    if (isEventName(name)) return name;
    context.addIssue({ code: 'custom', message: `unknown event ${name}; supported events: ${supportedList}` });
    return z.NEVER;
  });

const eventsSchema = z
  .array(eventInputSchema)
  .min(1, 'a webhook needs at least one event')
  .max(MAX_EVENTS * 4)
  .transform((events) => [...new Set(events)]);

const statusSchema = text(20).transform((value, context): WebhookStatus => {
  const upper = value.trim().toUpperCase();
  if ((webhookStatuses as readonly string[]).includes(upper)) return upper as WebhookStatus;
  context.addIssue({ code: 'custom', message: `unknown status ${value}; use ACTIVE or DISABLED` });
  return z.NEVER;
});

export const createWebhookSchema = z.object({
  name: text(256).refine((value) => value.trim() !== '', 'name must not be empty'),
  description: text(1000).optional(),
  url: text(2048),
  events: eventsSchema,
  /** HMAC-SHA256 signing secret; stored encrypted, never returned. Omit it for unsigned deliveries. */
  secret: text(1000).optional(),
  status: statusSchema.optional(),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

/** PATCH: only the given fields change; `secret: ""` removes the secret (deliveries become unsigned). */
export const updateWebhookSchema = z.object({
  name: text(256)
    .refine((value) => value.trim() !== '', 'name must not be empty')
    .optional(),
  description: text(1000).optional(),
  url: text(2048).optional(),
  events: eventsSchema.optional(),
  secret: text(1000).optional(),
  status: statusSchema.optional(),
});
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const listWebhooksSchema = z.object({
  /** Default 100; values above 1000 are clamped. */
  max_results: z.coerce.number().int().min(1).optional(),
  page_token: text(500).optional(),
});

export const testWebhookSchema = z.object({
  /** The event whose example payload is sent; default: the webhook's first event. */
  event: eventInputSchema.optional(),
});

export const deliveryStatuses = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const listDeliveriesSchema = z.object({
  max_results: z.coerce.number().int().min(1).optional(),
  page_token: text(500).optional(),
  status: z.enum(deliveryStatuses).optional(),
});

/** `{entity, action}` as MLflow's server writes it: protobuf enum names. */
export const eventOutputSchema = z.object({ entity: z.string(), action: z.string() });
export type WebhookEventView = z.output<typeof eventOutputSchema>;

export function eventView(name: string): WebhookEventView {
  const [entity = '', action = ''] = name.split('.');
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

export const webhookSchema = z.object({
  webhook_id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  url: z.string(),
  events: z.array(eventOutputSchema),
  status: z.enum(webhookStatuses),
  creation_timestamp: z.number(),
  last_updated_timestamp: z.number(),
});
export type WebhookView = z.output<typeof webhookSchema>;

/** MLflow's WebhookTestResult. */
export const webhookTestResultSchema = z.object({
  success: z.boolean(),
  response_status: z.number().optional(),
  response_body: z.string().optional(),
  error_message: z.string().optional(),
});
export type WebhookTestResult = z.output<typeof webhookTestResultSchema>;

export const deliveryAttemptSchema = z.object({
  attempt_number: z.number(),
  /** When the attempt started, ms since the epoch. */
  timestamp: z.number(),
  duration_ms: z.number(),
  /** The receiver's HTTP status; absent when no response came. */
  response_status: z.number().optional(),
  error_message: z.string().optional(),
  /** When the next attempt is due; absent after the last attempt. */
  next_retry_timestamp: z.number().optional(),
});

export const deliverySchema = z.object({
  delivery_id: z.string(),
  webhook_id: z.string(),
  event: eventOutputSchema,
  status: z.enum(deliveryStatuses),
  attempt_count: z.number(),
  creation_timestamp: z.number(),
  last_updated_timestamp: z.number(),
  /** Present while PENDING. */
  next_attempt_timestamp: z.number().optional(),
  last_error: z.string().optional(),
  attempts: z.array(deliveryAttemptSchema),
});
export type DeliveryView = z.output<typeof deliverySchema>;
