import { createHmac, timingSafeEqual } from 'node:crypto';

/** MLflow 3's webhook headers. */
export const SIGNATURE_HEADER = 'X-MLflow-Signature';
export const TIMESTAMP_HEADER = 'X-MLflow-Timestamp';
export const DELIVERY_ID_HEADER = 'X-MLflow-Delivery-Id';
export const SIGNATURE_VERSION = 'v1';

/**
 * `v1,<base64 HMAC-SHA256>` of `<delivery id>.<unix seconds>.<body>`, as MLflow signs (the Standard Webhooks
 * scheme). Binding the id and timestamp in means a captured delivery cannot be replayed under a new timestamp.
 */
export function signWebhook(secret: string, deliveryId: string, timestamp: string, body: string): string {
  const digest = createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `${SIGNATURE_VERSION},${digest}`;
}

export interface VerifyWebhookOptions {
  /** Seconds since the epoch; default the current time. */
  nowSeconds?: number;
  /** Oldest (or most future) accepted timestamp, in seconds; default 300. */
  toleranceSeconds?: number;
}

/** Constant-time check of an `X-MLflow-Signature` header over the raw body, refusing stale timestamps. */
export function verifyWebhook(
  secret: string,
  headers: { deliveryId: string | null | undefined; timestamp: string | null | undefined; signature: string | null | undefined },
  body: string,
  options: VerifyWebhookOptions = {},
): boolean {
  const { deliveryId, timestamp, signature } = headers;
  if (!deliveryId || !timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, deliveryId, timestamp, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
