import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * Rate limits (SEC-DOS-2) and per-request caps (SEC-DOS-1, SEC-DOS-6) over the real HTTP server: what a caller sees
 * (status, error code, Retry-After, OpenAI's x-ratelimit-* headers) and what the inference table records.
 */
describe('gateway rate limits and request caps', () => {
  let harness: GatewayHarness;
  let upstream: FakeOpenAiUpstream;
  let endpointId: string;
  let alice: { token: string; name: string };
  let bob: { token: string; name: string };

  const ask = (endpoint: string, extra: Record<string, unknown> = {}, token?: string) =>
    harness.invoke(endpoint, { messages: [{ role: 'user', content: 'How do I watch latency?' }], max_tokens: 8, ...extra }, token);

  beforeAll(async () => {
    [upstream] = await fakeUpstreams({});
    harness = await startGatewayHarness();
    endpointId = await harness.demoEndpoint('rl');
    await harness.externalEndpoint('rl-ext', [{ name: 'ext', upstream: upstream }]);
    alice = await harness.user('alice', endpointId, 'CAN_QUERY');
    bob = await harness.user('bob', endpointId, 'CAN_QUERY');
  });
  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  it('SEC-DOS-2: calls per minute — the (limit+1)th call is a 429 with Retry-After; every response has x-ratelimit-* headers', async () => {
    await harness.putGateway('rl', { rate_limits: [{ calls: 3, key: 'endpoint', renewal_period: 'minute' }] });
    const remaining: string[] = [];
    for (let call = 0; call < 3; call++) {
      const response = await ask('rl');
      await expectStatus(response, 200);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?\d+(\.\d+)?(ms|s)$/);
      remaining.push(response.headers.get('x-ratelimit-remaining-requests') ?? '');
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await ask('rl');
    const body = await expectStatus(limited, 429);
    expect(body).toMatchObject({ error_code: 'REQUEST_LIMIT_EXCEEDED', limit_type: 'requests', limit: 3 });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');

    // The OpenAI route says the same in OpenAI's shape, so SDKs back off on it.
    const viaOpenAi = await harness.chat({ model: 'rl', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 });
    const openAiBody = await expectStatus(viaOpenAi, 429);
    expect(openAiBody.error).toMatchObject({ type: 'rate_limit_error', code: 'REQUEST_LIMIT_EXCEEDED' });
    expect(viaOpenAi.headers.get('retry-after')).not.toBeNull();

    const rows = await harness.rows('rl');
    const rejected = rows.filter((row) => row.status_code === 429);
    expect(rejected.length).toBe(2);
    expect(rejected.every((row) => row.error_code === 'REQUEST_LIMIT_EXCEEDED')).toBe(true);
    expect(rows.filter((row) => row.status_code === 200).length).toBe(3);
  });

  it('SEC-DOS-2: a per-user limit gives every user a counter of their own', async () => {
    await harness.putGateway('rl', { rate_limits: [{ calls: 2, key: 'user' }] });
    for (let call = 0; call < 2; call++) await expectStatus(await ask('rl', {}, alice.token), 200);
    await expectStatus(await ask('rl', {}, alice.token), 429);
    // Bob is not affected by Alice's use.
    const bobFirst = await ask('rl', {}, bob.token);
    await expectStatus(bobFirst, 200);
    expect(bobFirst.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await expectStatus(await ask('rl', {}, bob.token), 200);
    await expectStatus(await ask('rl', {}, bob.token), 429);

    // A limit naming one user applies to that user only.
    await harness.putGateway('rl', { rate_limits: [{ calls: 0, key: 'user', principal: 'bob' }] });
    await expectStatus(await ask('rl', {}, bob.token), 429);
    await expectStatus(await ask('rl', {}, alice.token), 200);
  });

  it('SEC-DOS-2: token limits reserve input + max_tokens up front; a call that could exceed the limit is refused', async () => {
    await harness.putGateway('rl-ext', { rate_limits: [{ tokens: 200 }] });
    const tooBig = await ask('rl-ext', { max_tokens: 500 });
    const body = await expectStatus(tooBig, 429);
    expect(body).toMatchObject({ error_code: 'REQUEST_LIMIT_EXCEEDED', limit_type: 'tokens' });
    expect(String(body.message)).toContain('max_tokens');
    expect(upstream.requestCount).toBe(0);

    const first = await ask('rl-ext', { max_tokens: 60 });
    await expectStatus(first, 200);
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('200');
    const afterReserve = Number(first.headers.get('x-ratelimit-remaining-tokens'));
    expect(afterReserve).toBeLessThanOrEqual(200 - 60);

    // The call used far fewer tokens than it reserved (the fake answers in 7): settlement refunds the rest,
    // so the next call sees the real use, not the reservation.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await ask('rl-ext', { max_tokens: 60 });
    await expectStatus(second, 200);
    const reserved = 200 - afterReserve;
    expect(Number(second.headers.get('x-ratelimit-remaining-tokens'))).toBeGreaterThan(200 - 2 * reserved);

    // Two calls in flight together each reserving 150 of 200: only one is admitted.
    await harness.putGateway('rl-ext', { rate_limits: [{ tokens: 200 }] });
    upstream.setMode({ kind: 'delay', ms: 300 });
    const together = await Promise.all([ask('rl-ext', { max_tokens: 150 }), ask('rl-ext', { max_tokens: 150 })]);
    upstream.setMode('ok');
    expect(together.map((response) => response.status).sort()).toEqual([200, 429]);
    await Promise.all(together.map((response) => response.arrayBuffer()));
    const rows = await harness.rows('rl-ext');
    expect(rows.filter((row) => row.status_code === 429).map((row) => row.error_code)).toEqual(['REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED']);
    await harness.putGateway('rl-ext', {});
  });

  it('SEC-DOS-1: max_tokens over the cap is a 400 naming it (reject) or lowered with x-cairn-warnings (clamp)', async () => {
    await harness.putGateway('rl-ext', { request_limits: { max_tokens: 64, on_exceed: 'reject' } });
    const refused = await expectStatus(await ask('rl-ext', { max_tokens: 1000 }), 400);
    expect(refused).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', param: 'max_tokens' });
    upstream.reset();

    await harness.putGateway('rl-ext', { request_limits: { max_tokens: 64, max_n: 1, on_exceed: 'clamp' } });
    const clamped = await ask('rl-ext', { max_tokens: 1000 });
    await expectStatus(clamped, 200);
    expect(clamped.headers.get('x-cairn-warnings')).toContain('max_tokens lowered to 64');
    expect(upstream.requests.at(-1)?.body).toMatchObject({ max_tokens: 64 });
    // Without max_tokens the cap still bounds the call.
    await expectStatus(await ask('rl-ext', { max_tokens: undefined }), 200);
    expect(upstream.requests.at(-1)?.body).toMatchObject({ max_tokens: 64 });
    await harness.putGateway('rl-ext', {});
  });

  it('SEC-DOS-6: logprobs, top_logprobs and logit_bias are refused when disabled on the endpoint', async () => {
    await harness.putGateway('rl-ext', { request_limits: { allow_logprobs: false } });
    upstream.reset();
    const logprobs = await expectStatus(await ask('rl-ext', { logprobs: true, top_logprobs: 5 }), 400);
    expect(logprobs).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', param: 'logprobs' });
    const bias = await expectStatus(await ask('rl-ext', { logit_bias: { '50256': -100 } }), 400);
    expect(bias).toMatchObject({ param: 'logit_bias' });
    expect(upstream.requestCount).toBe(0);
    // logprobs: false asks for nothing and passes.
    await expectStatus(await ask('rl-ext', { logprobs: false }), 200);
    await harness.putGateway('rl-ext', {});
  });
});
