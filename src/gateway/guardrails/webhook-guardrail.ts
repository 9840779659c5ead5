import { fetch } from 'undici';
import { z } from 'zod';
import type { Guardrail, GuardrailContext, GuardrailFinding, GuardrailVerdict, TextSegment } from './types.js';

/**
 * Custom `webhook` guardrail: POSTs `{text, segments, stage, endpoint, request_id}` to the admin's URL and takes its
 * answer `{action: 'allow'|'flag'|'mask'|'block', findings?, score?, masked?}` as the verdict.
 *
 * Run-time behaviour (documented for users): the call has `timeout_ms` for everything, body included; redirects
 * are never followed (a 3xx is an error: a webhook must not bounce the text elsewhere); a timeout, network error,
 * non-2xx status, an answer over 64 KB or not of the shape above is an error, which `on_error` turns into `allow`
 * (fail_open) or `block` (fail_closed) with the reason in the verdict's `error`. The call is aborted when the
 * request ends.
 */

export interface WebhookGuardrailOptions {
  name: string;
  url: string;
  timeoutMs: number;
  onError: 'fail_open' | 'fail_closed';
  /** Sent as `Authorization: Bearer …`; resolved from the secret store by the caller. */
  authToken?: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;

const answerSchema = z.object({
  action: z.enum(['allow', 'flag', 'mask', 'block']),
  score: z.number().finite().optional(),
  masked: z.array(z.string()).optional(),
  findings: z
    .array(
      z.object({
        type: z.string().min(1).max(64),
        segment: z.number().int().min(0).optional(),
        start: z.number().int().min(0).optional(),
        end: z.number().int().min(0).optional(),
        score: z.number().finite().optional(),
        detail: z.string().max(200).optional(),
      }),
    )
    .max(1000)
    .optional(),
});

class WebhookError extends Error {}

async function readLimited(body: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw new WebhookError(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function verdictFromAnswer(name: string, context: GuardrailContext, segments: readonly TextSegment[], raw: string): GuardrailVerdict {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new WebhookError('answer is not JSON');
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) throw new WebhookError(`answer is not {action, findings?, score?, masked?}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const answer = parsed.data;
  const findings: GuardrailFinding[] = [];
  for (const finding of answer.findings ?? []) {
    const segment = finding.segment ?? 0;
    const text = segments[segment]?.text;
    if (text === undefined) throw new WebhookError(`finding names segment ${segment}, but there are ${segments.length}`);
    const result: GuardrailFinding = { type: finding.type, segment };
    if (finding.start !== undefined && finding.end !== undefined) {
      if (finding.start > finding.end || finding.end > text.length) throw new WebhookError('finding offsets are outside the text');
      result.start = finding.start;
      result.end = finding.end;
    }
    if (finding.score !== undefined) result.score = finding.score;
    if (finding.detail !== undefined) result.detail = finding.detail;
    findings.push(result);
  }
  const verdict: GuardrailVerdict = { guardrail: name, stage: context.stage, action: answer.action, findings };
  if (answer.score !== undefined) verdict.score = answer.score;
  if (answer.action === 'mask') {
    if (!answer.masked || answer.masked.length !== segments.length) throw new WebhookError(`action mask needs masked: one text per segment (${segments.length})`);
    verdict.masked = answer.masked;
  }
  return verdict;
}

export function createWebhookGuardrail(options: WebhookGuardrailOptions): Guardrail {
  const { name, url, timeoutMs, onError } = options;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'cairn-guardrail' };
  if (options.authToken) headers.authorization = `Bearer ${options.authToken}`;

  async function call(segments: readonly TextSegment[], context: GuardrailContext): Promise<GuardrailVerdict> {
    const signal = AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]);
    const body = JSON.stringify({
      text: segments.map((segment) => segment.text).join('\n'),
      segments: segments.map(({ source, text, index }) => ({ source, text, index })),
      stage: context.stage,
      endpoint: context.endpointName,
      request_id: context.requestId,
    });
    const response = await fetch(url, { method: 'POST', headers: { ...headers, 'x-request-id': context.requestId }, body, signal, redirect: 'manual' });
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => undefined);
      throw new WebhookError(response.status >= 300 && response.status < 400 ? `answered a redirect (HTTP ${response.status}), which is not followed` : `answered HTTP ${response.status}`);
    }
    return verdictFromAnswer(name, context, segments, await readLimited(response.body));
  }

  function failed(context: GuardrailContext, error: unknown): GuardrailVerdict {
    let reason: string;
    if (error instanceof WebhookError) reason = error.message;
    else if (context.signal.aborted) reason = 'the request ended before the webhook answered';
    else if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) reason = `no answer within ${timeoutMs} ms`;
    else reason = `could not be reached: ${(error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.message ?? String(error)}`;
    return { guardrail: name, stage: context.stage, action: onError === 'fail_open' ? 'allow' : 'block', findings: [], error: `webhook ${reason}` };
  }

  return {
    name,
    wholeText: true,
    check(segments, context) {
      return call(segments, context).catch((error: unknown) => failed(context, error));
    },
  };
}
