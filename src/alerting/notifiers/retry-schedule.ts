/** A receiver's Retry-After is honoured up to this; beyond it, a misbehaving receiver would park deliveries for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** ±20 % around each wait, so deliveries that failed together do not retry together. */
export const JITTER = 0.2;

/** `Retry-After: <seconds>` or an HTTP date, as milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  let waitMs: number;
  if (/^\d+$/.test(text)) waitMs = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    waitMs = at - now;
  }
  return Math.min(Math.max(0, waitMs), MAX_RETRY_AFTER_MS);
}

export type NextAttempt = { status: 'pending'; nextAttemptAt: number } | { status: 'dead' };

export interface NextAttemptInput {
  /** Attempts made so far, this failed one included (≥ 1). */
  attempts: number;
  /** `monitoring.alerts.delivery_retry_ms`: the wait before retry n is `retryMs[n - 1]`. */
  retryMs: readonly number[];
  now: number;
  /** In [0, 1): the jitter draw. */
  random: number;
  /** The receiver's Retry-After (429 / 503), used when longer than the backoff. */
  retryAfterMs?: number | undefined;
}

/** After a failed attempt: when to try again, or dead-letter once the retry list is used up. Pure. */
export function nextAttempt(input: NextAttemptInput): NextAttempt {
  const base = input.retryMs[input.attempts - 1];
  if (base === undefined) return { status: 'dead' };
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * input.random));
  const wait = Math.max(jittered, input.retryAfterMs ?? 0);
  return { status: 'pending', nextAttemptAt: input.now + wait };
}
