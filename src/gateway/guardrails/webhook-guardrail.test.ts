import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardrailContext, TextSegment } from './types.js';
import { createWebhookGuardrail, type WebhookGuardrailOptions } from './webhook-guardrail.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const received: Array<{ path: string; body: Record<string, unknown>; authorization: string | undefined }> = [];
const routes: Record<string, Handler> = {
  '/allow': (_request, _body, response) => response.end(JSON.stringify({ action: 'allow', score: 0.1 })),
  '/block': (_request, _body, response) => response.end(JSON.stringify({ action: 'block', score: 0.97, findings: [{ type: 'toxicity', segment: 1, start: 0, end: 4, detail: 'insult' }] })),
  '/mask': (_request, body, response) => {
    const segments = (JSON.parse(body) as { segments: Array<{ text: string }> }).segments;
    response.end(JSON.stringify({ action: 'mask', masked: segments.map((segment) => segment.text.replace(/secret/g, '[X]')) }));
  },
  '/hang': () => undefined,
  '/slow-body': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"action":');
  },
  '/error': (_request, _body, response) => {
    response.statusCode = 500;
    response.end('{"action":"allow"}');
  },
  '/garbage': (_request, _body, response) => response.end('<html>not json</html>'),
  '/wrong-shape': (_request, _body, response) => response.end(JSON.stringify({ action: 'maybe' })),
  '/mask-without-texts': (_request, _body, response) => response.end(JSON.stringify({ action: 'mask' })),
  '/huge': (_request, _body, response) => response.end(JSON.stringify({ action: 'allow', padding: 'x'.repeat(100_000) })),
  '/redirect': (_request, _body, response) => {
    response.writeHead(307, { location: '/block' });
    response.end();
  },
};

let server: Server;
let base: string;
const openResponses = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, body: JSON.parse(body) as Record<string, unknown>, authorization: request.headers.authorization });
      openResponses.add(response);
      response.on('close', () => openResponses.delete(response));
      (routes[path] ?? routes['/garbage']!)(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of openResponses) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const segments: TextSegment[] = [
  { source: 'system', text: 'Be nice.', index: 0 },
  { source: 'user', text: 'dumb question with a secret', index: 1 },
];
const context = (signal = new AbortController().signal): GuardrailContext => ({ stage: 'input', endpointName: 'bot', requestId: 'req-42', signal });
const guardrail = (path: string, options: Partial<WebhookGuardrailOptions> = {}) =>
  // A generous timeout where the webhook answers (the machine may be busy); the hanging cases set a short one.
  createWebhookGuardrail({ name: 'moderation', url: `${base}${path}`, timeoutMs: 5000, onError: 'fail_closed', ...options });

describe('webhook guardrail', () => {
  it('POSTs the texts with stage, endpoint, request id and bearer secret, and takes the answer as the verdict', async () => {
    const verdict = await guardrail('/block', { authToken: 's3cret' }).check(segments, context());
    expect(verdict).toMatchObject({ guardrail: 'moderation', stage: 'input', action: 'block', score: 0.97 });
    expect(verdict.findings).toEqual([{ type: 'toxicity', segment: 1, start: 0, end: 4, detail: 'insult' }]);
    const call = received.find((entry) => entry.path === '/block')!;
    expect(call.authorization).toBe('Bearer s3cret');
    expect(call.body).toEqual({
      text: 'Be nice.\ndumb question with a secret',
      segments: [
        { source: 'system', text: 'Be nice.', index: 0 },
        { source: 'user', text: 'dumb question with a secret', index: 1 },
      ],
      stage: 'input',
      endpoint: 'bot',
      request_id: 'req-42',
    });
  });

  it('allows and masks as answered', async () => {
    expect(await guardrail('/allow').check(segments, context())).toMatchObject({ action: 'allow', score: 0.1 });
    const masked = await guardrail('/mask').check(segments, context());
    expect(masked).toMatchObject({ action: 'mask', masked: ['Be nice.', 'dumb question with a [X]'] });
  });

  it.each([
    ['/hang', 'no answer within 300 ms'],
    ['/slow-body', 'no answer within 300 ms'],
    ['/error', 'answered HTTP 500'],
    ['/garbage', 'answer is not JSON'],
    ['/wrong-shape', 'answer is not {action'],
    ['/mask-without-texts', 'action mask needs masked'],
    ['/huge', 'answer larger than'],
    ['/redirect', 'redirect (HTTP 307), which is not followed'],
  ])('%s: fail_closed blocks and fail_open allows, with the error recorded', async (path, reason) => {
    const timeoutMs = reason.startsWith('no answer') ? 300 : 5000;
    const closed = await guardrail(path, { timeoutMs }).check(segments, context());
    expect(closed.action).toBe('block');
    expect(closed.error).toContain(reason);
    const open = await guardrail(path, { onError: 'fail_open', timeoutMs }).check(segments, context());
    expect(open.action).toBe('allow');
    expect(open.error).toContain(reason);
  });

  it('never follows a redirect: the target is not called', async () => {
    const before = received.filter((entry) => entry.path === '/block').length;
    await guardrail('/redirect').check(segments, context());
    expect(received.filter((entry) => entry.path === '/block').length).toBe(before);
  });

  it('reports an unreachable webhook', async () => {
    const verdict = await createWebhookGuardrail({ name: 'moderation', url: 'http://127.0.0.1:1/x', timeoutMs: 500, onError: 'fail_closed' }).check(segments, context());
    expect(verdict.action).toBe('block');
    expect(verdict.error).toContain('could not be reached');
  });

  it('stops waiting when the call ends', async () => {
    const controller = new AbortController();
    const pending = guardrail('/hang', { timeoutMs: 10_000 }).check(segments, context(controller.signal));
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const verdict = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(verdict.error).toContain('request ended');
  });
});
