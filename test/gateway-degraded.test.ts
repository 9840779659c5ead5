import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFreezableProxy, type FreezableProxy } from '../src/gateway/redis/test-support/freezable-proxy.js';
import { TEST_REDIS_URL, uniqueTestKeyPrefix } from '../src/gateway/redis/test-support/redis-test-keyspace.js';
import { expectStatus, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * The "bad input" at run time: a webhook guardrail that hangs or refuses, and a Redis that is unreachable at
 * start or stops answering mid-run. Each has a documented outcome and none takes the server down.
 */

const ask = (harness: GatewayHarness, endpoint: string) =>
  harness.invoke(endpoint, { messages: [{ role: 'user', content: 'How do I watch latency?' }], max_tokens: 6 });

/** A webhook guardrail server: `hang` reads the request and never answers; otherwise it answers `verdict`. */
async function startWebhook(): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((request, response) => {
    calls++;
    request.resume();
    request.on('end', () => {
      if (request.url === '/hang') return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ action: 'block', score: 0.9, findings: [{ type: 'policy', detail: 'refused by webhook' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('webhook guardrails that hang or refuse', () => {
  let harness: GatewayHarness;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;

  beforeAll(async () => {
    webhook = await startWebhook();
    harness = await startGatewayHarness();
    await harness.demoEndpoint('hook');
  });
  afterAll(async () => {
    await harness?.close();
    await webhook?.close();
  });

  const hookConfig = (path: string, onError: 'fail_open' | 'fail_closed') => ({
    guardrails: { input: { custom: [{ type: 'webhook', name: 'policy-hook', url: `${webhook.url}${path}`, timeout_ms: 200, on_error: onError }] } },
  });

  it('a hanging webhook with fail_closed refuses the call after its timeout (400 GUARDRAIL_BLOCKED), captured with the error', async () => {
    await harness.putGateway('hook', hookConfig('/hang', 'fail_closed'));
    const started = performance.now();
    const body = await expectStatus(await ask(harness, 'hook'), 400);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(body).toMatchObject({ error_code: 'GUARDRAIL_BLOCKED', guardrail: 'policy-hook' });
    const row = (await harness.rows('hook')).at(-1)!;
    expect(row.guardrail_results?.[0]).toMatchObject({ guardrail: 'policy-hook', action: 'block' });
    expect((row.guardrail_results?.[0] as { error?: string }).error).toBeTruthy();
    expect(row.logging_error_codes).toContain('GUARDRAIL_ERROR');
  });

  it('a hanging webhook with fail_open lets the call through after its timeout, flagged GUARDRAIL_ERROR in the row', async () => {
    await harness.putGateway('hook', hookConfig('/hang', 'fail_open'));
    await expectStatus(await ask(harness, 'hook'), 200);
    const row = (await harness.rows('hook')).at(-1)!;
    expect(row.status_code).toBe(200);
    expect(row.logging_error_codes).toContain('GUARDRAIL_ERROR');
  });

  it('a webhook answering block refuses the call, naming the custom guardrail', async () => {
    await harness.putGateway('hook', hookConfig('/check', 'fail_closed'));
    const before = webhook.calls();
    const body = await expectStatus(await ask(harness, 'hook'), 400);
    expect(body).toMatchObject({ error_code: 'GUARDRAIL_BLOCKED', guardrail: 'policy-hook' });
    expect(webhook.calls()).toBe(before + 1);
  });
});

describe('Redis unreachable at start', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    // Port 1 on loopback: connection refused at once, for as long as the test runs.
    harness = await startGatewayHarness({ config: { redis_url: 'redis://127.0.0.1:1' } });
    await harness.demoEndpoint('noredis');
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('the server starts and serves; rate limits count locally; fail_closed budgets answer 503, fail_open budgets admit', async () => {
    expect(harness.server.app.services.gateway.storeMode()).toBe('redis-degraded');
    await harness.putGateway('noredis', { rate_limits: [{ calls: 2 }] });
    await expectStatus(await ask(harness, 'noredis'), 200);
    await expectStatus(await ask(harness, 'noredis'), 200);
    expect((await expectStatus(await ask(harness, 'noredis'), 429)).error_code).toBe('REQUEST_LIMIT_EXCEEDED');

    await harness.putGateway('noredis', { budgets: [{ period: 'day', limit_tokens: 10_000 }] });
    const closed = await ask(harness, 'noredis');
    expect((await expectStatus(closed, 503)).error_code).toBe('POLICY_STORE_UNAVAILABLE');
    expect(closed.headers.get('retry-after')).not.toBeNull();

    await harness.putGateway('noredis', { budgets: [{ period: 'day', limit_tokens: 10_000, on_store_unavailable: 'fail_open' }] });
    await expectStatus(await ask(harness, 'noredis'), 200);
    const health = await harness.server.request('/health', { token: null });
    expect(health.status).toBeLessThan(500);
    await health.arrayBuffer();
  });
});

describe('Redis that stops answering mid-run', () => {
  let harness: GatewayHarness;
  let proxy: FreezableProxy;
  const keyPrefix = uniqueTestKeyPrefix('degraded');

  beforeAll(async () => {
    const target = new URL(TEST_REDIS_URL);
    proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port || 6379) });
    harness = await startGatewayHarness({ config: { redis_url: proxy.url, gateway: { redis_key_prefix: keyPrefix } } });
    await harness.demoEndpoint('flaky');
  });
  afterAll(async () => {
    await harness?.close();
    await proxy?.close();
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.unlink(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('a fail_closed budget answers 503 within a bounded time while Redis hangs, and works again once it is back', async () => {
    expect(harness.server.app.services.gateway.storeMode()).toBe('redis');
    await harness.putGateway('flaky', { budgets: [{ period: 'day', limit_tokens: 100_000 }] });
    await expectStatus(await ask(harness, 'flaky'), 200);

    proxy.freeze();
    const started = performance.now();
    const during = await ask(harness, 'flaky');
    expect((await expectStatus(during, 503)).error_code).toBe('POLICY_STORE_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(3000);
    // The proxy drops what it swallows (TCP never would); let the client's socket timeout tear that connection down,
    // as it does for a Redis that hangs for longer than a blip, so the test does not depend on lost bytes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(harness.server.app.services.gateway.storeMode()).toBe('redis-degraded');

    proxy.thaw();
    let status = 0;
    const deadline = performance.now() + 10_000;
    while (status !== 200 && performance.now() < deadline) {
      const response = await ask(harness, 'flaky');
      status = response.status;
      await response.arrayBuffer();
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});
