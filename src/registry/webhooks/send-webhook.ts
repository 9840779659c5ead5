import type { Dispatcher } from 'undici';
import { parseRetryAfter } from '../../alerting/notifiers/index.js';
import { type FetchFunction, hostOf, oneLine, postOnce } from '../../providers/index.js';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

export type { FetchFunction } from '../../providers/index.js';

export interface WebhookRequest {
  url: string;
  body: string;
  deliveryId: string;
  webhookId: string;
  attempt: number;
  /** Signing secret; without one no signature header is sent (as MLflow does). */
  secret: string | null;
}

export interface AttemptResult {
  ok: boolean;
  /** Worth another attempt: no answer, a timeout, 408, 429 or a 5xx (MLflow retries 429 and 5xx too). */
  retryable: boolean;
  statusCode?: number;
  /** Short and free of secrets: names at most the receiver's host. */
  error?: string;
  /** The first bytes of the receiver's answer (for the test endpoint). */
  responseBody?: string;
  retryAfterMs?: number;
  durationMs: number;
}

export interface SendOptions {
  fetch?: FetchFunction | undefined;
  dispatcher?: Dispatcher | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  now: () => number;
}

const RESPONSE_BODY_BYTES = 1000;

function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * One POST of a delivery with MLflow's headers, signed afresh (new timestamp) per attempt (redirects never followed,
 * one timeout for the whole attempt: see postOnce).
 */
export async function sendWebhook(request: WebhookRequest, options: SendOptions): Promise<AttemptResult> {
  const host = hostOf(request.url);
  const timestamp = String(Math.floor(options.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'cairn-webhooks',
    [DELIVERY_ID_HEADER]: request.deliveryId,
    [TIMESTAMP_HEADER]: timestamp,
    'X-Cairn-Webhook-Id': request.webhookId,
    'X-Cairn-Delivery-Attempt': String(request.attempt),
  };
  if (request.secret) headers[SIGNATURE_HEADER] = signWebhook(request.secret, request.deliveryId, timestamp, request.body);
  const result = await postOnce(request.url, { headers, body: request.body }, { ...options, responseBytes: RESPONSE_BODY_BYTES });
  if (!result.answered) {
    // A name that resolves to a refused address stays refused: retrying would only repeat the SSRF refusal.
    return { ok: false, retryable: !result.blockedAddress, error: result.error, durationMs: result.durationMs };
  }
  const { status, body: responseBody, durationMs } = result;
  if (status >= 200 && status < 300) return { ok: true, retryable: false, statusCode: status, responseBody, durationMs };
  const snippet = oneLine(responseBody);
  const attempt: AttemptResult = {
    ok: false,
    retryable: retryableStatus(status),
    statusCode: status,
    error: `HTTP ${status} from ${host}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}${snippet ? `: ${snippet}` : ''}`,
    responseBody,
    durationMs,
  };
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(result.headers.get('retry-after'), options.now());
    if (retryAfterMs !== undefined) attempt.retryAfterMs = retryAfterMs;
  }
  return attempt;
}
