import type { Dispatcher } from 'undici';
import { type FetchFunction, hostOf, oneLine, postOnce } from '../../providers/index.js';
import type { HttpRequestSpec } from './channels/http-request.js';
import { parseRetryAfter } from './retry-schedule.js';

export type { FetchFunction } from '../../providers/index.js';

/** One attempt's result; errors are short, and name at most the receiver's host (never a path or a query). */
export type SendOutcome = { ok: true } | { ok: false; error: string; retryAfterMs?: number };

export interface SendHttpOptions {
  fetch?: FetchFunction;
  dispatcher?: Dispatcher;
  timeoutMs: number;
  /** Aborts the attempt when the notifier closes. */
  signal?: AbortSignal;
  now: () => number;
}

/** The first bytes of a refusal are kept: receivers explain themselves there. */
const RESPONSE_SNIPPET_BYTES = 300;

/** POSTs one notification (redirects never followed, one timeout for the whole attempt: see postOnce). */
export async function sendHttp(spec: HttpRequestSpec, options: SendHttpOptions): Promise<SendOutcome> {
  const result = await postOnce(spec.url, { headers: { 'user-agent': 'cairn-alerting', ...spec.headers }, body: spec.body }, {
    ...options,
    responseBytes: RESPONSE_SNIPPET_BYTES,
  });
  if (!result.answered) return { ok: false, error: result.error };
  if (result.status >= 200 && result.status < 300) return { ok: true };
  const snippet = oneLine(result.body);
  const outcome: SendOutcome = { ok: false, error: `HTTP ${result.status} from ${hostOf(spec.url)}${snippet ? `: ${snippet}` : ''}` };
  if (result.status === 429 || result.status === 503) {
    const retryAfterMs = parseRetryAfter(result.headers.get('retry-after'), options.now());
    if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  }
  return outcome;
}
