import type { Dispatcher } from 'undici';
import { CairnError, isCairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../abort-error.js';
import { SseParseError } from './sse-parser.js';
import { BLOCKED_ADDRESS_CODE } from './validate-provider-base-url.js';

/** setTimeout treats anything above 2^31 − 1 ms as 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

export type ResponseBody = Dispatcher.ResponseData['body'];

/**
 * The lifetime of one upstream HTTP call: links the caller's abort signal to the request, runs an exact
 * headers timer and then an idle-between-chunks timer (one timer, re-armed per chunk), and translates
 * every failure into the CairnError the caller should see. Aborting destroys the upstream socket.
 */
export class UpstreamCall {
  private readonly controller = new AbortController();
  private readonly onCallerAbort: () => void;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly callerSignal: AbortSignal,
    private readonly headersTimeoutMs: number,
    private readonly idleTimeoutMs: number,
  ) {
    this.onCallerAbort = () => this.controller.abort(callerSignal.reason);
    callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
    this.timer = setTimeout(() => this.expire('headers'), Math.min(headersTimeoutMs, MAX_TIMER_MS));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Headers are in: from now on the clock measures silence between body chunks. */
  headersReceived(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire('idle'), Math.min(this.idleTimeoutMs, MAX_TIMER_MS));
  }

  /** A body chunk arrived. */
  touch(): void {
    this.timer.refresh();
  }

  /** The answer is complete; give the rest of the body a short deadline, then drop the socket. */
  startDrain(deadlineMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error('Drain deadline passed.')), deadlineMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal.removeEventListener('abort', this.onCallerAbort);
  }

  private expire(phase: 'headers' | 'idle'): void {
    const message =
      phase === 'headers'
        ? `The upstream model sent no response headers within ${this.headersTimeoutMs} ms.`
        : `The upstream model sent nothing for ${this.idleTimeoutMs} ms.`;
    this.controller.abort(new CairnError('UPSTREAM_TIMEOUT', message));
  }

  /** The error to throw for whatever went wrong during the call. */
  translate(error: unknown): CairnError {
    if (this.callerSignal.aborted) return abortErrorFrom(this.callerSignal);
    const reason: unknown = this.controller.signal.aborted ? this.controller.signal.reason : undefined;
    if (isCairnError(reason)) return reason;
    if (isCairnError(error)) return error;
    if (error instanceof SseParseError) {
      return new CairnError('UPSTREAM_INVALID_RESPONSE', `The upstream model sent a malformed event stream: ${error.message}`);
    }
    return connectionError(error);
  }
}

function connectionError(error: unknown): CairnError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === BLOCKED_ADDRESS_CODE) {
    return new CairnError(
      'UPSTREAM_CONNECTION_ERROR',
      'The upstream host resolves to a link-local, cloud metadata or disallowed private address.',
      { cause: error },
    );
  }
  // Only the error code travels: messages of network errors can carry addresses, never headers, but stay terse.
  const suffix = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : '';
  return new CairnError('UPSTREAM_CONNECTION_ERROR', `The connection to the upstream model failed${suffix}.`, { cause: error });
}

/** Reads a whole response body as text, re-arming the idle timer per chunk and refusing oversized bodies. */
export async function readBodyText(body: ResponseBody, call: UpstreamCall, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    call.touch();
    size += chunk.length;
    if (size > limitBytes) {
      throw new CairnError('UPSTREAM_INVALID_RESPONSE', `The upstream response is larger than ${limitBytes} bytes.`);
    }
    chunks.push(chunk);
  }
  if (chunks.length === 1) return chunks[0]!.toString('utf8');
  return Buffer.concat(chunks, size).toString('utf8');
}
