import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../src/http/server.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

/**
 * Throws random bodies, query strings and path parameters at every route (as admin, so requests get
 * past auth into the handlers) and asserts what users rely on: never a 5xx, always a JSON error body
 * with an error code on failure, no stack traces, and a server that keeps answering.
 */
describe('every route survives random input', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const pathValue = fc.oneof(
    fc.constantFrom('demo-chat', 'demo', '1', 'x', '%2F..%2F', '0', '-1', 'a'.repeat(300)),
    fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  );
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(
      fc.constantFrom('name', 'model', 'messages', 'config', 'version', 'stream', 'prompt', 'input', 'served_entities', 'traffic_config', 'max_tokens', 'token_id', 'access_control_list', 'key', 'value', 'filter'),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  );

  it('never answers 5xx or leaks a stack trace', async () => {
    const routes = registeredRoutes(server.app.server).filter((route) => route.path !== '/health/ready');
    expect(routes.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.array(pathValue, { minLength: 3, maxLength: 3 }), body, fc.boolean(), async (route, values, json, rawGarbage) => {
        let index = 0;
        const path = route.path.replace(/:[A-Za-z0-9_]+/g, () => values[index++ % values.length]!);
        const init: RequestInit & { json?: unknown } = { method: route.method };
        if (route.method !== 'GET') {
          if (rawGarbage) {
            init.body = '{"unterminated": [';
            init.headers = { 'content-type': 'application/json' };
          } else init.json = json;
        }
        const response = await server.request(path, init);
        const text = await response.text();
        const context = `${route.method} ${path} -> ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, context).toBeLessThan(500);
        expect(text, context).not.toMatch(/at [\w.<>]+ \(.*:\d+:\d+\)/);
        if (response.status >= 400) {
          const parsed = JSON.parse(text) as { error_code?: string; error?: { code?: string } };
          expect(parsed.error_code ?? parsed.error?.code, context).toBeTruthy();
        }
      }),
      { numRuns: 300 },
    );
    const health = await server.request('/health', { token: null });
    expect(health.status).toBe(200);
  });
});
