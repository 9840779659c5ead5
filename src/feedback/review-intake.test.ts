import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { StoredInferenceRow } from '../capture/index.js';
import { payloadTruncated, promptMessages, responseText, summarizeCall, SUMMARY_CHARS } from './call-payload.js';
import { IntakeQueue, intakeFlags, triggeredGuardrails } from './review-intake.js';
import { mergeReasons, MAX_REASONS } from './review-store.js';
import type { FlagForReviewInput, ReviewReason } from './types.js';

function row(overrides: Partial<StoredInferenceRow> = {}): StoredInferenceRow {
  return {
    request_id: 'r1',
    request_time: 1,
    request_date: '1970-01-01',
    endpoint_name: 'chat',
    endpoint_id: 'id-chat',
    status_code: 200,
    execution_duration_ms: 1,
    stream: 0,
    logging_error_codes: '[]',
    request: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    response: JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'hello' } }] }),
    ...overrides,
  };
}

const verdicts = (...list: Array<[string, string]>) => JSON.stringify(list.map(([guardrail, action]) => ({ guardrail, stage: 'output', action, findings: [] })));

describe('review intake', () => {
  it('guardrail verdicts that flag or block send the row to review, named; allow and mask do not', () => {
    expect(triggeredGuardrails(verdicts(['kw', 'flag'], ['pii', 'mask'], ['prompt_injection', 'block'], ['kw', 'block']))).toEqual(['kw', 'prompt_injection']);
    expect(triggeredGuardrails(verdicts(['pii', 'mask'], ['topics', 'allow']))).toEqual([]);
    expect(triggeredGuardrails(null)).toEqual([]);
    expect(triggeredGuardrails('not json')).toEqual([]);
    const flags = intakeFlags(row({ guardrail_results: verdicts(['kw', 'flag']) }), 0, () => 0);
    expect(flags).toEqual([{ request_id: 'r1', endpoint_name: 'chat', endpoint_id: 'id-chat', source: 'guardrail', detail: { guardrails: ['kw'] } }]);
  });

  it('samples successful rows only, at the configured fraction, with the injected draw', () => {
    expect(intakeFlags(row(), 0.1, () => 0.05).map((flag) => flag.source)).toEqual(['sample']);
    expect(intakeFlags(row(), 0.1, () => 0.1)).toEqual([]);
    expect(intakeFlags(row({ status_code: 500 }), 1, () => 0)).toEqual([]);
    expect(intakeFlags(row(), 0, () => 0)).toEqual([]);
    // A blocked call is a guardrail item, and (not being a success) never a sample.
    expect(intakeFlags(row({ status_code: 400, guardrail_results: verdicts(['kw', 'block']) }), 1, () => 0).map((flag) => flag.source)).toEqual(['guardrail']);
  });

  it('rows of calls not authorised on their endpoint belong to no endpoint and are never queued', () => {
    expect(intakeFlags(row({ endpoint_id: '(none)', guardrail_results: verdicts(['kw', 'flag']) }), 1, () => 0)).toEqual([]);
  });

  it('merging reasons is idempotent, keeps order and is bounded', () => {
    const reason = (source: ReviewReason['source'], n: number): ReviewReason => ({ source, detail: { n }, at: n });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('guardrail', 'quality', 'feedback', 'sample') as fc.Arbitrary<ReviewReason['source']>, fc.nat(5))), (pairs) => {
        const reasons = pairs.map(([source, n]) => reason(source, n));
        const once = mergeReasons([], reasons);
        expect(mergeReasons(once, reasons)).toEqual(once);
        expect(new Set(once.map((kept) => `${kept.source}:${JSON.stringify(kept.detail)}`)).size).toBe(once.length);
      }),
    );
    const many = Array.from({ length: 80 }, (_, index) => reason('quality', index));
    expect(mergeReasons([], many)).toHaveLength(MAX_REASONS);
  });

  it('the queue writes in batches, resolves each flag once written, and logs (never throws) a failed batch', async () => {
    const written: FlagForReviewInput[][] = [];
    let fail = false;
    const queue = new IntakeQueue({
      logger: pino({ level: 'silent' }),
      batchSize: 3,
      write: async (flags) => {
        if (fail) throw new Error('database down');
        written.push([...flags]);
      },
    });
    const flag = (id: string): FlagForReviewInput => ({ request_id: id, endpoint_name: 'chat', endpoint_id: null, source: 'quality', detail: {} });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => queue.push(flag(id))));
    expect(written.map((batch) => batch.map((entry) => entry.request_id))).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    fail = true;
    await expect(queue.push(flag('f'))).resolves.toBeUndefined();
    expect(queue.stats()).toMatchObject({ queued: 0, failed: 1 });
    await queue.close();
    await queue.push(flag('g'));
    expect(queue.stats().dropped).toBe(1);
  });
});

describe('call payloads', () => {
  it('reads chat messages, completion prompts and content-part arrays; answers from chat, completion and predictions', () => {
    expect(promptMessages(JSON.stringify({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }] }] }))).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'a\nb' },
    ]);
    expect(promptMessages(JSON.stringify({ prompt: 'complete me' }))).toEqual([{ role: 'user', content: 'complete me' }]);
    expect(promptMessages(JSON.stringify({ input: ['embed me'] }))).toBeNull();
    expect(responseText(JSON.stringify({ choices: [{ text: 'done' }] }))).toBe('done');
    expect(responseText(JSON.stringify({ predictions: ['p'] }))).toBe('p');
    expect(responseText(JSON.stringify({ error: { message: 'blocked' } }))).toBeNull();
  });

  it('never throws on whatever a client sent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value))), (text) => {
        promptMessages(text);
        responseText(text);
        summarizeCall({ ...row(), request: text, response: text, request_time: 1, endpoint_id: null, served_entity_name: null, model_version: null, requester: null } as never);
      }),
    );
  });

  it('spots truncated payloads by the logging codes and by the stand-in document, and clips summaries', () => {
    expect(payloadTruncated({ request: '{"truncated":true,"original_bytes":9}', response: null, logging_error_codes: '[]' })).toEqual({ request: true, response: false });
    expect(payloadTruncated({ request: '{}', response: '{}', logging_error_codes: '["RESPONSE_PAYLOAD_TOO_LARGE"]' })).toEqual({ request: false, response: true });
    const long = 'x'.repeat(SUMMARY_CHARS + 10);
    const summary = summarizeCall({ ...row({ request: JSON.stringify({ messages: [{ role: 'user', content: long }] }) }), served_entity_name: null, model_version: null, requester: null } as never);
    expect(summary.prompt).toHaveLength(SUMMARY_CHARS + 1);
    expect(summary.response).toBe('hello');
  });
});
