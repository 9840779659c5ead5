import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimitsService as GatewayLimits } from '../src/gateway/index.js';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, sseEvents, startGatewayHarness, streamedText, streamError } from './support/gateway-harness.js';

/**
 * Budgets (SEC-DOS-3), cost and usage over the real server: a budget holds, every call has a cost, and streamed
 * calls are never counted as free — not when the provider sends no usage, not when the stream is cut mid-way.
 */

const LONG_REPLY = Array.from({ length: 160 }, (_, index) => `word${index}`).join(' ');
/** Dollars per token are easy to check with a price of 1000 / 2000 per million. */
const PRICING = [
  { model_pattern: 'demo*', input_per_million: 1000, output_per_million: 2000 },
  { model_pattern: 'gpt-4o-mini', input_per_million: 1000, output_per_million: 2000 },
];

describe('gateway budgets, cost and usage', () => {
  let harness: GatewayHarness;
  let plain: FakeOpenAiUpstream;
  let slowLong: FakeOpenAiUpstream;
  let noUsage: FakeOpenAiUpstream;
  let streamEndpointId: string;

  beforeAll(async () => {
    [plain, slowLong, noUsage] = await fakeUpstreams({}, { reply: LONG_REPLY, mode: { kind: 'slow-stream', ms: 4 } }, { streamUsage: false });
    harness = await startGatewayHarness();
    await harness.demoEndpoint('bdemo');
    await harness.externalEndpoint('bext', [{ name: 'ext', upstream: plain }]);
    streamEndpointId = await harness.externalEndpoint('bstream', [{ name: 'long', upstream: slowLong }]);
    await harness.externalEndpoint('bnousage', [{ name: 'quiet', upstream: noUsage }]);
  });
  afterAll(async () => {
    await harness?.close();
    await Promise.all([plain, slowLong, noUsage].map((upstream) => upstream?.close()));
  });

  it('cost_usd of every call is its usage at the endpoint price (demo model and external model)', async () => {
    await harness.putGateway('bdemo', { pricing: PRICING });
    await harness.putGateway('bext', { pricing: PRICING });
    await expectStatus(await harness.invoke('bdemo', { messages: [{ role: 'user', content: 'How do budgets work?' }], max_tokens: 12 }), 200);
    await expectStatus(await harness.invoke('bext', { messages: [{ role: 'user', content: 'three words here' }], max_tokens: 12 }), 200);
    for (const endpoint of ['bdemo', 'bext']) {
      const row = (await harness.rows(endpoint)).at(-1)!;
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.output_tokens).toBeGreaterThan(0);
      expect(row.cost_usd).toBeCloseTo((row.input_tokens! * 1000 + row.output_tokens! * 2000) / 1e6, 9);
    }
    const ext = (await harness.rows('bext')).at(-1)!;
    // The fake reports 3 prompt words and 6 answer words.
    expect([ext.input_tokens, ext.output_tokens, Boolean(ext.usage_estimated)]).toEqual([3, 6, false]);
    expect(ext.cost_usd).toBeCloseTo(0.015, 9);
  });

  it('a tokens budget that is used up refuses further calls with BUDGET_EXCEEDED (429), captured', async () => {
    await harness.putGateway('bext', { budgets: [{ name: 'daily-tokens', period: 'day', limit_tokens: 120 }] });
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let call = 0; call < 20 && !refusal; call++) {
      const response = await harness.invoke('bext', { messages: [{ role: 'user', content: 'one two three four' }], max_tokens: 20 });
      statuses.push(response.status);
      if (response.status !== 200) refusal = response;
      else await response.arrayBuffer();
      // Settlement of the finished call is asynchronous; let it land before the next admission.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(refusal).toBeDefined();
    const body = await expectStatus(refusal!, 429);
    expect(body).toMatchObject({ error_code: 'BUDGET_EXCEEDED', budget: 'daily-tokens', period: 'day', unit: 'tokens' });
    expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Each call used 10 tokens. Calls are admitted while the budget is not used up (spent + reserved < limit), so
    // the last one admitted started under the limit and the overrun is at most that one call's reservation.
    const admitted = statuses.filter((status) => status === 200).length;
    expect((admitted - 1) * 10).toBeLessThan(120);
    expect(admitted * 10).toBeGreaterThanOrEqual(120);
    expect(admitted * 10).toBeLessThanOrEqual(120 + 20 + 10);
    const last = (await harness.rows('bext')).at(-1)!;
    expect([last.status_code, last.error_code]).toEqual([429, 'BUDGET_EXCEEDED']);
    // The budgets API shows the same standing: used up for this period.
    const standing = (await (await harness.server.request('/api/2.0/cairn/serving-endpoints/bext/budgets')).json()) as { budgets: Array<Record<string, unknown>> };
    expect(standing.budgets).toEqual([expect.objectContaining({ budget: 'daily-tokens', subject: 'endpoint', period: 'day', unit: 'tokens', limit: 120 })]);
    expect(standing.budgets[0]!.used as number).toBeGreaterThanOrEqual(120);
    await harness.putGateway('bext', {});
  });

  it('a USD budget holds with the endpoint price', async () => {
    // 9 tokens a call cost 0.015 $ at this price; 0.05 $ admits a few calls, not many.
    await harness.putGateway('bext', { pricing: PRICING, budgets: [{ period: 'month', limit_usd: 0.05 }] });
    let admitted = 0;
    let code: unknown;
    for (let call = 0; call < 10 && code === undefined; call++) {
      const response = await harness.invoke('bext', { messages: [{ role: 'user', content: 'one two three' }], max_tokens: 8 });
      const body = await response.json() as Record<string, unknown>;
      if (response.status === 200) admitted++;
      else code = body.error_code;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(code).toBe('BUDGET_EXCEEDED');
    expect((admitted - 1) * 0.015).toBeLessThan(0.05);
    expect(admitted * 0.015).toBeGreaterThanOrEqual(0.05);
    const spent = (await harness.rows('bext')).filter((row) => row.status_code === 200 && row.cost_usd !== null).slice(-admitted);
    expect(spent.reduce((sum, row) => sum + row.cost_usd!, 0)).toBeCloseTo(admitted * 0.015, 9);
    await harness.putGateway('bext', {});
  });

  it('SEC-DOS-3: a stream that overruns the remaining budget ends with an error event, the upstream is aborted, partial usage is captured and charged', async () => {
    await harness.putGateway('bstream', { pricing: PRICING, budgets: [{ name: 'stream-budget', period: 'day', limit_tokens: 100 }] });
    const response = await harness.chat({ model: 'bstream', messages: [{ role: 'user', content: 'tell me a long story' }], max_tokens: 10, stream: true });
    expect(response.status).toBe(200);
    const events = sseEvents(await response.text());
    const error = streamError(events);
    expect(error).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(events.at(-1)).not.toBe('[DONE]');
    const text = streamedText(events);
    expect(text.length).toBeGreaterThan(0);
    // Cut well before the 160 words the upstream would have sent.
    expect(text.split(' ').length).toBeLessThan(120);
    await slowLong.waitForAbortedRequests(1, 3000);

    const row = (await harness.rows('bstream')).at(-1)!;
    expect([row.status_code, row.error_code]).toEqual([429, 'BUDGET_EXCEEDED']);
    expect(row.output_tokens).toBeGreaterThan(10);
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(Boolean(row.usage_estimated)).toBe(true);
    expect(row.cost_usd).toBeGreaterThan(0);

    // What was streamed was charged to the budget (beyond the 10 tokens of max_tokens reserved), not refunded.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stored = await expectStatus(await harness.server.request('/api/2.0/cairn/serving-endpoints/bstream/ai-gateway'), 200);
    const [usage] = await harness.server.app.services.gateway.limits.budgetUsage(
      streamEndpointId, 'bstream', stored.budgets as Parameters<GatewayLimits['budgetUsage']>[2],
    );
    expect(usage).toMatchObject({ budget: 'stream-budget', unit: 'tokens', limit: 100 });
    expect(usage!.used).toBe(row.input_tokens! + row.output_tokens!);
  });

  it('usage of a stream whose provider sends no usage is counted and flagged estimated, never zero', async () => {
    const stream = await harness.openai().chat.completions.create({
      model: 'bnousage',
      messages: [{ role: 'user', content: 'Count my tokens, please.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage ??= chunk.usage;
    }
    expect(text).toBe('Hello from the fake upstream model.');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    const row = (await harness.rows('bnousage')).at(-1)!;
    expect(Boolean(row.usage_estimated)).toBe(true);
    expect(row.output_tokens).toBe(usage?.completion_tokens);
    expect(row.input_tokens).toBeGreaterThan(0);

    // The same provider's non-streamed answers carry usage: exact, not estimated.
    await harness.openai().chat.completions.create({ model: 'bnousage', messages: [{ role: 'user', content: 'hi' }] });
    expect(Boolean((await harness.rows('bnousage')).at(-1)!.usage_estimated)).toBe(false);
  });

  it('a streamed call with provider usage is exact: the client usage chunk and the row agree', async () => {
    await harness.putGateway('bext', { pricing: PRICING });
    const stream = await harness.openai().chat.completions.create({
      model: 'bext',
      messages: [{ role: 'user', content: 'four words right here' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) usage ??= chunk.usage;
    expect(usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
    const row = (await harness.rows('bext')).at(-1)!;
    expect([row.input_tokens, row.output_tokens, Boolean(row.usage_estimated)]).toEqual([4, 6, false]);
    expect(row.cost_usd).toBeCloseTo(0.016, 9);
    await harness.putGateway('bext', {});
  });
});
