import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

describe('http edge', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers health checks without a token', async () => {
    const response = await server.request('/health', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await server.request('/health/ready', { token: null })).status).toBe(200);
  });

  it('SEC API8: every other route, known or not, needs a token', async () => {
    for (const path of ['/openapi.json', '/no/such/route']) {
      const response = await server.request(path, { token: null });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' });
    }
  });

  it('sets request id and overhead headers on every response', async () => {
    const response = await server.request('/health');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(response.headers.get('x-cairn-overhead-ms'))).toBeGreaterThanOrEqual(0);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await server.request('/api/2.0/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
  });

  it('serves an OpenAPI document listing its routes', async () => {
    const response = await server.request('/openapi.json');
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready', '/openapi.json']));
  });
});

describe('route inventory (SEC API9)', () => {
  it('lists every registered route in /openapi.json and nothing else', async () => {
    const { registeredRoutes } = await import('./server.js');
    const { openApiPath } = await import('./openapi.js');
    const server = await startTestServer();
    try {
      const document = (await (await server.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
      const registered = registeredRoutes(server.app.server).map((route) => `${route.method} ${openApiPath(route.path)}`);
      expect(new Set(registered)).toEqual(new Set(documented));
      expect(registered.length).toBeGreaterThan(10);
    } finally {
      await server.close();
    }
  });
});

describe('edge limits and CORS', () => {
  it('SEC-DOS-1: rejects a body over the limit with 413 JSON before parsing it', async () => {
    const server = await startTestServer({ config: { server: { body_limit_bytes: 1024 } } });
    try {
      const response = await server.request('/v1/chat/completions', {
        method: 'POST',
        json: { model: 'demo-chat', messages: [{ role: 'user', content: 'x'.repeat(5000) }] },
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      await server.app.services.capture.flush();
      expect((await server.request('/health')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('SEC API8: sends no CORS headers unless the origin is configured', async () => {
    const server = await startTestServer({ config: { server: { cors_origins: ['https://console.example'] } } });
    try {
      const denied = await server.request('/v1/models', { headers: { origin: 'https://evil.example' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      const allowed = await server.request('/v1/models', { headers: { origin: 'https://console.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
      const preflight = await server.request('/v1/models', { method: 'OPTIONS', token: null, headers: { origin: 'https://console.example' } });
      expect(preflight.status).toBe(204);
      expect(allowed.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await server.close();
    }
  });
});
