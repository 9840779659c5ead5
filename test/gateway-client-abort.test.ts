import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * A client that hangs up while the gateway is still deciding (an input guardrail or a Redis admission awaiting I/O)
 * must cost nothing and break nothing: the model is not called, the call is captured as 499, and the server keeps
 * serving. (Found by the gateway benchmark: such a call used to end in an unhandled rejection that killed the process.)
 */

/** A webhook guardrail that allows every text, after `delayMs`. */
async function startSlowAllowWebhook(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ action: 'allow' }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/check`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a client that hangs up during the input guardrails', () => {
  let harness: GatewayHarness;
  let upstream: FakeOpenAiUpstream;
  let webhook: Awaited<ReturnType<typeof startSlowAllowWebhook>>;

  beforeAll(async () => {
    [upstream] = await fakeUpstreams({});
    webhook = await startSlowAllowWebhook(300);
    harness = await startGatewayHarness();
    await harness.externalEndpoint('hangup', [{ name: 'ext', upstream }]);
    await harness.putGateway('hangup', {
      guardrails: { input: { custom: [{ type: 'webhook', name: 'slow-hook', url: webhook.url, timeout_ms: 2000, on_error: 'fail_open' }] } },
    });
  });
  afterAll(async () => {
    let t = performance.now();
    const app = harness.server.app;
    await app.server.close();
    console.log('fastify', performance.now() - t); t = performance.now();
    await harness?.close();
    console.log('harness', performance.now() - t); t = performance.now();
    await webhook?.close();
    console.log('webhook', performance.now() - t); t = performance.now();
    await upstream?.close();
    console.log('upstream', performance.now() - t);
  }, 60_000);

  it.each([false, true])('stream=%s: the model is never called, the call is captured as 499, and the server still answers', async (stream) => {
    upstream.reset();
    const hangUp = new AbortController();
    const call = fetch(`${harness.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'hangup', messages: [{ role: 'user', content: 'Where is my parcel?' }], max_tokens: 8, ...(stream ? { stream: true } : {}) }),
      signal: hangUp.signal,
    });
    setTimeout(() => hangUp.abort(), 100);
    await expect(call).rejects.toThrow();
    // Past the webhook's answer, when the pipeline goes on to the model with the client gone.
    await new Promise((resolve) => setTimeout(resolve, 600));

    expect(upstream.requestCount).toBe(0);
    const row = (await harness.rows('hangup')).at(-1)!;
    expect([row.status_code, row.error_code]).toEqual([499, 'CLIENT_CLOSED_REQUEST']);
    await expectStatus(await harness.chat({ model: 'hangup', messages: [{ role: 'user', content: 'Where is my parcel?' }], max_tokens: 8 }), 200);
  });
});
