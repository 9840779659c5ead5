import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Cairn-Signature';
export const TIMESTAMP_HEADER = 'X-Cairn-Timestamp';
export const EVENT_ID_HEADER = 'X-Cairn-Event-Id';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`: the value of `X-Cairn-Signature`. */
export function signPayload(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface VerifyOptions {
  /** `X-Cairn-Timestamp` (ms since the epoch); with `now` and `toleranceMs`, old or future deliveries are refused. */
  timestamp?: string | number | null;
  now?: number;
  /** Default 5 minutes. */
  toleranceMs?: number;
}

/**
 * Checks an `X-Cairn-Signature` header against the body in constant time. Receivers should verify the raw bytes
 * they received, before parsing JSON (re-serialising can change them). With a timestamp, a delivery older than the
 * tolerance is refused too; the signed body carries the same `sent_at`, so the timestamp cannot be swapped alone.
 */
export function verifySignature(secret: string, body: string | Uint8Array, signature: string | null | undefined, options: VerifyOptions = {}): boolean {
  if (typeof signature !== 'string' || !signature.startsWith('sha256=')) return false;
  const expected = Buffer.from(signPayload(secret, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  if (options.timestamp !== undefined && options.timestamp !== null) {
    const sentAt = Number(options.timestamp);
    if (!Number.isFinite(sentAt)) return false;
    const now = options.now ?? Date.now();
    if (Math.abs(now - sentAt) > (options.toleranceMs ?? 5 * 60_000)) return false;
  }
  return true;
}
