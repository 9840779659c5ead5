import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * A client that hangs up while the gateway is still deciding (an input guardrail or a Redis admission awaiting I/O)
 * must cost nothing and break nothing: the model is not called, the call is captured as 499, and the server keeps
 * serving. (Found by the gateway benchmark: such a non-streamed call ended in an unhandled rejection, which takes
 * the process down.)
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

/**
 * Sends a chat call on a connection of its own and closes that connection after `afterMs`, before any answer. Plain
 * node:http rather than fetch, whose pool opens a spare connection after an abort that would hold the server's close.
 */
function hangUpAfter(url: string, token: string, body: Record<string, unknown>, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${url}/v1/chat/completions`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    call.on('response', () => reject(new Error('the server answered before the client hung up')));
    call.on('error', () => undefined);
    call.end(JSON.stringify(body));
    setTimeout(() => {
      call.destroy();
      resolve();
    }, afterMs);
  });
}

describe('a client that hangs up during the input guardrails', () => {
  let harness: GatewayHarness;
  let upstream: FakeOpenAiUpstream;
  let webhook: Awaited<ReturnType<typeof startSlowAllowWebhook>>;
  const question = { model: 'hangup', messages: [{ role: 'user', content: 'Where is my parcel?' }], max_tokens: 8 };

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
    await harness?.close();
    await webhook?.close();
    await upstream?.close();
  });

  it.each([false, true])('stream=%s: the model is never called, the call is captured as 499, and the server still answers', async (stream) => {
    upstream.reset();
    await hangUpAfter(harness.server.url, harness.server.adminToken, { ...question, ...(stream ? { stream: true } : {}) }, 100);
    // Past the webhook's answer, when the pipeline would go on to the model with the client gone.
    await new Promise((resolve) => setTimeout(resolve, 600));

    expect(upstream.requestCount).toBe(0);
    const row = (await harness.rows('hangup')).at(-1)!;
    expect([row.status_code, row.error_code]).toEqual([499, 'CLIENT_CLOSED_REQUEST']);
    await expectStatus(await harness.chat(question), 200);
  });
});
