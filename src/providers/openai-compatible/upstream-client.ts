import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../abort-error.js';
import type { StreamPart } from '../spec.js';
import { relaySseBody, type SseStreamTranslator } from './sse-body-relay.js';
import { UpstreamCall, readBodyText } from './upstream-call.js';
import { type Redactor, upstreamStatusError } from './upstream-errors.js';
import { leasePool } from './upstream-pool.js';

export interface UpstreamClientOptions {
  /** Already validated (validateProviderBaseUrl). */
  origin: string;
  allowPrivate: boolean;
  headersTimeoutMs?: number;
  idleTimeoutMs?: number;
  maxResponseBytes?: number;
  /** Sent on every call (content type, credentials, version headers); `accept` is added per call. */
  headers: Record<string, string>;
  redact: Redactor;
}

/** JSON POSTs and SSE streams to one upstream host, with Cairn's timeouts, error mapping and SSRF-guarded pool. */
export interface UpstreamClient {
  postJson<Schema extends z.ZodType>(path: string, body: string, schema: Schema, signal: AbortSignal, requestId: string): Promise<z.output<Schema>>;
  stream(path: string, body: string, signal: AbortSignal, requestId: string, translator: SseStreamTranslator): AsyncGenerator<StreamPart>;
  close(): Promise<void>;
}

const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new CairnError('INVALID_PARAMETER_VALUE', `${name} must be a positive number.`);
  return value;
}

/**
 * The HTTP half every upstream adapter shares: calls go through a keep-alive pool shared per origin, redirects
 * are never followed, the headers wait and the silence between body chunks are bounded, and every failure
 * becomes the CairnError the caller should see (credentials redacted from upstream messages).
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const headersTimeoutMs = positive('headersTimeoutMs', options.headersTimeoutMs, DEFAULT_HEADERS_TIMEOUT_MS);
  const idleTimeoutMs = positive('idleTimeoutMs', options.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS);
  const maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
  const { redact } = options;
  const lease = leasePool(options.origin, options.allowPrivate);
  const jsonHeaders = { ...options.headers, accept: 'application/json' };
  const streamHeaders = { ...options.headers, accept: 'text/event-stream' };

  /** Sends one POST; resolves with a 2xx response (headers in, idle clock running) or throws the mapped error. */
  async function send(call: UpstreamCall, path: string, body: string, stream: boolean, requestId: string): Promise<Dispatcher.ResponseData> {
    const response = await lease.pool.request({
      path,
      method: 'POST',
      headers: { ...(stream ? streamHeaders : jsonHeaders), 'x-request-id': requestId },
      body,
      signal: call.signal,
    });
    call.headersReceived();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw await upstreamStatusError(response.statusCode, response.headers, response.body, call, redact);
    }
    return response;
  }

  return {
    async postJson(path, body, schema, signal, requestId) {
      if (signal.aborted) throw abortErrorFrom(signal);
      const call = new UpstreamCall(signal, headersTimeoutMs, idleTimeoutMs);
      try {
        const response = await send(call, path, body, false, requestId);
        const text = await readBodyText(response.body, call, maxResponseBytes);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new CairnError('UPSTREAM_INVALID_RESPONSE', 'The upstream model answered with invalid JSON.');
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw new CairnError('UPSTREAM_INVALID_RESPONSE', 'The upstream model answered with an unexpected JSON shape.');
        return parsed.data;
      } catch (error) {
        throw call.translate(error);
      } finally {
        call.dispose();
      }
    },

    async *stream(path, body, signal, requestId, translator) {
      if (signal.aborted) throw abortErrorFrom(signal);
      const call = new UpstreamCall(signal, headersTimeoutMs, idleTimeoutMs);
      try {
        const response = await send(call, path, body, true, requestId);
        yield* relaySseBody(response.body, call, translator);
      } catch (error) {
        throw call.translate(error);
      } finally {
        call.dispose();
      }
    },

    close(): Promise<void> {
      return lease.release();
    },
  };
}
