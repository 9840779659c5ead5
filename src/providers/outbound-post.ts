import { type Dispatcher, fetch as undiciFetch } from 'undici';
import { BLOCKED_ADDRESS_CODE } from './openai-compatible/validate-provider-base-url.js';

/**
 * One POST to a URL an operator configured (an alert channel, a registry webhook): the shared, SSRF-careful way
 * Cairn calls out. Redirects are never followed (a 3xx is an answer, not a hop: a receiver must not bounce Cairn to
 * an internal address); one timeout covers the whole attempt, body included; only the first bytes of the answer are
 * read; errors name at most the receiver's host, never a path or a query.
 */
export type FetchFunction = typeof undiciFetch;

export interface OutboundPostOptions {
  fetch?: FetchFunction | undefined;
  dispatcher?: Dispatcher | undefined;
  timeoutMs: number;
  /** Aborts the attempt (the caller is closing). */
  signal?: AbortSignal | undefined;
  /** How much of the answer to keep. */
  responseBytes: number;
}

export type OutboundPostResult =
  | { answered: true; status: number; headers: Headers | { get(name: string): string | null }; body: string; durationMs: number }
  | { answered: false; error: string; blockedAddress: boolean; durationMs: number };

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the receiver';
  }
}

/** The answer's text on one line, for an error message. */
export function oneLine(text: string, length = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters would break a one-line error
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, length);
}

async function readPrefix(response: Awaited<ReturnType<FetchFunction>>, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // The rest is dropped with the socket.
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function networkError(error: unknown, host: string, timeoutMs: number, timedOut: boolean): { error: string; blockedAddress: boolean } {
  if (timedOut) return { error: `timed out after ${timeoutMs} ms (${host})`, blockedAddress: false };
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as { code?: unknown }).code;
  if (code === BLOCKED_ADDRESS_CODE) return { error: `${host} resolves to a blocked address`, blockedAddress: true };
  if (typeof code === 'string') return { error: `connection to ${host} failed (${code})`, blockedAddress: false };
  if ((error as { name?: unknown }).name === 'AbortError') return { error: `aborted (${host})`, blockedAddress: false };
  return { error: `request to ${host} failed`, blockedAddress: false };
}

export async function postOnce(url: string, request: { headers: Record<string, string>; body: string }, options: OutboundPostOptions): Promise<OutboundPostResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const send = options.fetch ?? undiciFetch;
  try {
    const response = await send(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const body = await readPrefix(response, options.responseBytes);
    return { answered: true, status: response.status, headers: response.headers, body, durationMs: elapsed() };
  } catch (error) {
    return { answered: false, ...networkError(error, hostOf(url), options.timeoutMs, timeout.aborted), durationMs: elapsed() };
  }
}
