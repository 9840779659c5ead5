import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, sseEvents, startGatewayHarness, streamedText } from './support/gateway-harness.js';

/**
 * Fallbacks, retries and circuit breakers with two external served entities on two fake upstreams. All traffic is
 * routed to `a`; `b` only ever serves as the fallback, so which upstream answered says what the gateway did.
 */
describe('gateway fallbacks, retries and circuit breaker', () => {
  let harness: GatewayHarness;
  let upstreamA: FakeOpenAiUpstream;
  let upstreamB: FakeOpenAiUpstream;

  const ask = (endpoint: string, extra: Record<string, unknown> = {}) =>
    harness.chat({ model: endpoint, messages: [{ role: 'user', content: 'hello there' }], max_tokens: 16, ...extra });

  async function twoEntityEndpoint(name: string): Promise<void> {
    await harness.externalEndpoint(name, [{ name: 'a', upstream: upstreamA }, { name: 'b', upstream: upstreamB }], { a: 100, b: 0 });
  }

  beforeAll(async () => {
    [upstreamA, upstreamB] = await fakeUpstreams({ reply: 'Answer from A.' }, { reply: 'Answer from B.' });
    harness = await startGatewayHarness();
    await twoEntityEndpoint('fb');
    await twoEntityEndpoint('nofb');
    await twoEntityEndpoint('retry');
    await twoEntityEndpoint('cb');
  });
  beforeEach(() => {
    upstreamA.reset();
    upstreamB.reset();
  });
  afterAll(async () => {
    await harness?.close();
    await Promise.all([upstreamA?.close(), upstreamB?.close()]);
  });

  it('with fallback_config enabled, a 500 from A is answered by B (served-model-name b) and both attempts are captured', async () => {
    await harness.putGateway('fb', { fallback_config: { enabled: true } });
    upstreamA.setMode({ kind: 'http-error', status: 500 });
    const response = await ask('fb');
    const body = await expectStatus(response, 200);
    expect(response.headers.get('served-model-name')).toBe('b');
    expect(body.choices).toMatchObject([{ message: { content: 'Answer from B.' } }]);
    expect([upstreamA.requestCount, upstreamB.requestCount]).toEqual([1, 1]);

    const row = (await harness.rows('fb')).at(-1)!;
    expect(row.status_code).toBe(200);
    expect(row.served_entity_name).toBe('b');
    expect(row.attempts).toMatchObject([{ entity: 'a', attempt: 1, error_code: 'UPSTREAM_ERROR' }, { entity: 'b', attempt: 1 }]);
    expect(row.attempts?.[1]?.error_code).toBeUndefined();
  });

  it('a 429 and a timeout-free stream failure also move to B before the first byte; the client sees only B', async () => {
    await harness.putGateway('fb', { fallback_config: { enabled: true } });
    upstreamA.setMode({ kind: 'http-error', status: 429, retryAfter: '30' });
    const limited = await ask('fb');
    await expectStatus(limited, 200);
    expect(limited.headers.get('served-model-name')).toBe('b');

    upstreamA.setMode({ kind: 'http-error', status: 503 });
    const stream = await ask('fb', { stream: true });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('served-model-name')).toBe('b');
    expect(streamedText(sseEvents(await stream.text()))).toBe('Answer from B.');
  });

  it('without fallback a 500 from A is a 5xx to the client, and B is never called', async () => {
    upstreamA.setMode({ kind: 'http-error', status: 500 });
    const response = await ask('nofb');
    const body = await expectStatus(response, 502);
    expect(body.error).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(upstreamB.requestCount).toBe(0);
    expect((await harness.rows('nofb')).at(-1)).toMatchObject({ status_code: 502, error_code: 'UPSTREAM_ERROR', served_entity_name: 'a' });
  });

  it('retry_config retries an upstream 429 after its Retry-After, on the same entity', async () => {
    await harness.putGateway('retry', { retry_config: { max_attempts: 3, initial_backoff_ms: 10, max_backoff_ms: 50 } });
    upstreamA.setMode({ kind: 'http-error', status: 429, retryAfter: '1' });
    // The upstream recovers long before its Retry-After second is over: a retry that did not wait would fail again.
    const recover = setTimeout(() => upstreamA.setMode('ok'), 300);
    const started = performance.now();
    const response = await ask('retry');
    clearTimeout(recover);
    await expectStatus(response, 200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(response.headers.get('served-model-name')).toBe('a');
    expect(upstreamA.requestCount).toBe(2);
    expect(upstreamB.requestCount).toBe(0);
    expect((await harness.rows('retry')).at(-1)!.attempts).toMatchObject([
      { entity: 'a', attempt: 1, error_code: 'REQUEST_LIMIT_EXCEEDED', status: 429 },
      { entity: 'a', attempt: 2 },
    ]);
  });

  it('retry_config gives up after max_attempts and does not wait out a Retry-After longer than max_retry_after_ms', async () => {
    await harness.putGateway('retry', { retry_config: { max_attempts: 3, initial_backoff_ms: 10, max_backoff_ms: 20, max_retry_after_ms: 500 } });
    upstreamA.setMode({ kind: 'http-error', status: 500 });
    await expectStatus(await ask('retry'), 502);
    expect(upstreamA.requestCount).toBe(3);

    upstreamA.reset();
    upstreamA.setMode({ kind: 'http-error', status: 429, retryAfter: '20' });
    const started = performance.now();
    const response = await ask('retry');
    expect(response.status).toBe(429);
    await response.arrayBuffer();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(upstreamA.requestCount).toBe(1);
  });

  it('the circuit breaker opens after failures: later calls skip A and go straight to B; without fallback they get 503 CIRCUIT_OPEN', async () => {
    await harness.putGateway('cb', {
      fallback_config: { enabled: true },
      circuit_breaker: { enabled: true, minimum_calls: 3, failure_rate_threshold: 0.5, window_ms: 10_000, open_ms: 60_000 },
    });
    upstreamA.setMode({ kind: 'http-error', status: 500 });
    for (let call = 0; call < 3; call++) await expectStatus(await ask('cb'), 200);
    expect(upstreamA.requestCount).toBe(3);

    for (let call = 0; call < 4; call++) {
      const response = await ask('cb');
      await expectStatus(response, 200);
      expect(response.headers.get('served-model-name')).toBe('b');
    }
    // A's circuit is open: it was not called again.
    expect(upstreamA.requestCount).toBe(3);
    expect(upstreamB.requestCount).toBe(7);
    const skipped = (await harness.rows('cb')).at(-1)!;
    expect(skipped.attempts?.[0]).toMatchObject({ entity: 'a', error_code: 'CIRCUIT_OPEN' });

    await harness.putGateway('cb', { circuit_breaker: { enabled: true, minimum_calls: 3, failure_rate_threshold: 0.5, window_ms: 10_000, open_ms: 60_000 } });
    const refused = await ask('cb');
    const body = await expectStatus(refused, 503);
    expect(body.error).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(upstreamA.requestCount).toBe(3);
  });
});
