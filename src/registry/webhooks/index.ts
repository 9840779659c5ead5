/** Registry webhooks in MLflow 3's shape: CRUD and test, signed deliveries with retries, and their history. */
export { createRegistryWebhooks, WEBHOOK_SECRET_SCOPE, type Page, type RegistryWebhooks, type RegistryWebhooksOptions } from './create-registry-webhooks.js';
export {
  createWebhookSchema,
  updateWebhookSchema,
  listWebhooksSchema,
  listDeliveriesSchema,
  testWebhookSchema,
  webhookSchema,
  webhookTestResultSchema,
  deliverySchema,
  webhookStatuses,
  deliveryStatuses,
  type CreateWebhookInput,
  type UpdateWebhookInput,
  type WebhookView,
  type WebhookTestResult,
  type DeliveryView,
  type DeliveryStatus,
  type WebhookStatus,
} from './webhook-schema.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_ID_HEADER, SIGNATURE_VERSION, type VerifyWebhookOptions } from './webhook-signature.js';
export { retrySchedule } from './webhook-dispatcher.js';
