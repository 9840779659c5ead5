import { type Dispatcher, fetch as undiciFetch } from 'undici';
import { parseRetryAfter } from '../../alerting/notifiers/index.js';
import { BLOCKED_ADDRESS_CODE } from '../../providers/index.js';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

export type FetchFunction = typeof undiciFetch;

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

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the receiver';
  }
}

async function readBody(response: Awaited<ReturnType<FetchFunction>>): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_BYTES).toString('utf8');
}

function networkError(error: unknown, host: string, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `timed out after ${timeoutMs} ms (${host})`;
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as { code?: unknown }).code;
  if (code === BLOCKED_ADDRESS_CODE) return `${host} resolves to a blocked address`;
  if (typeof code === 'string') return `connection to ${host} failed (${code})`;
  if ((error as { name?: unknown }).name === 'AbortError') return `aborted (${host})`;
  return `request to ${host} failed`;
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * One POST of a delivery with MLflow's headers, signed afresh (new timestamp) per attempt. Redirects are never
 * followed (a 3xx fails): a receiver must not bounce Cairn to an internal address. One timeout covers the whole
 * attempt, response body included.
 */
export async function sendWebhook(request: WebhookRequest, options: SendOptions): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
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
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const send = options.fetch ?? undiciFetch;
  try {
    const response = await send(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      redirect: 'manual',
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const responseBody = await readBody(response);
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, retryable: false, statusCode: status, responseBody, durationMs: elapsed() };
    // eslint-disable-next-line no-control-regex -- one line for the error message
    const snippet = responseBody.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);
    const result: AttemptResult = {
      ok: false,
      retryable: retryableStatus(status),
      statusCode: status,
      error: `HTTP ${status} from ${host}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}${snippet ? `: ${snippet}` : ''}`,
      responseBody,
      durationMs: elapsed(),
    };
    if (status === 429 || status === 503) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), options.now());
      if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
    }
    return result;
  } catch (error) {
    const message = networkError(error, host, options.timeoutMs, timeout.aborted);
    // A name that resolves to a refused address stays refused: retrying would only repeat the SSRF refusal.
    return { ok: false, retryable: !message.endsWith('resolves to a blocked address'), error: message, durationMs: elapsed() };
  }
}
