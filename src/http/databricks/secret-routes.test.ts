import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { expectJson, principalWithToken } from './test-support/auth-fixtures.js';

const SECRET_VALUE = 'sk-proj-canary-a8b7c6d5e4f3';

describe.each(testDialects)('secret routes on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores secrets encrypted and never returns their values', async () => {
    const bodies: string[] = [];
    const call = async (path: string, init: RequestInit & { json?: unknown } = {}, status = 200) => {
      const response = await server.request(path, init);
      const text = await response.text();
      bodies.push(text);
      expect({ status: response.status, text }).toMatchObject({ status });
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };

    await call('/api/2.0/secrets/scopes/create', { method: 'POST', json: { scope: 'providers', initial_manage_principal: 'users' } });
    await call('/api/2.0/secrets/scopes/create', { method: 'POST', json: { scope: 'providers' } }, 409);
    expect(await call('/api/2.0/secrets/scopes/list')).toEqual({ scopes: [{ name: 'providers', backend_type: 'DATABRICKS' }] });

    await call('/api/2.0/secrets/put', { method: 'POST', json: { scope: 'providers', key: 'openai', string_value: SECRET_VALUE } });
    const listed = await call('/api/2.0/secrets/list?scope=providers');
    expect(listed).toEqual({ secrets: [{ key: 'openai', last_updated_timestamp: expect.any(Number) }] });
    await call('/api/2.0/secrets/get?scope=providers&key=openai', {}, 404);
    expect(await server.app.services.secrets.get('providers', 'openai')).toBe(SECRET_VALUE);

    const rows = await server.app.services.storage.db.selectFrom('secrets').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(SECRET_VALUE);

    await call('/api/2.0/secrets/put', { method: 'POST', json: { scope: 'missing', key: 'k', string_value: 'v' } }, 404);
    await call('/api/2.0/secrets/put', { method: 'POST', json: { scope: 'providers', key: 'k', bytes_value: 'dg==' } }, 400);
    await call('/api/2.0/secrets/put', { method: 'POST', json: { scope: 'providers', key: 'k', string_value: 'v', owner: 'me' } }, 400);
    await call('/api/2.0/secrets/put', { method: 'POST', json: { scope: 'providers', key: 'bad key!', string_value: 'v' } }, 400);

    await call('/api/2.0/secrets/delete', { method: 'POST', json: { scope: 'providers', key: 'openai' } });
    await call('/api/2.0/secrets/delete', { method: 'POST', json: { scope: 'providers', key: 'openai' } }, 404);
    await call('/api/2.0/secrets/scopes/delete', { method: 'POST', json: { scope: 'providers' } });
    await call('/api/2.0/secrets/list?scope=providers', {}, 404);

    for (const body of bodies) expect(body).not.toContain(SECRET_VALUE);
  });

  it('SEC API5: non-admins cannot read, write or list secrets', async () => {
    const user = await principalWithToken(server, 'nina@example.com');
    await expectJson(server.request('/api/2.0/secrets/scopes/create', { method: 'POST', json: { scope: 'team' } }));
    const requests: Array<[string, RequestInit & { json?: unknown }]> = [
      ['/api/2.0/secrets/scopes/create', { method: 'POST', json: { scope: 'mine' } }],
      ['/api/2.0/secrets/scopes/list', {}],
      ['/api/2.0/secrets/put', { method: 'POST', json: { scope: 'team', key: 'k', string_value: 'v' } }],
      ['/api/2.0/secrets/list?scope=team', {}],
      ['/api/2.0/secrets/delete', { method: 'POST', json: { scope: 'team', key: 'k' } }],
      ['/api/2.0/secrets/scopes/delete', { method: 'POST', json: { scope: 'team' } }],
    ];
    for (const [path, init] of requests) {
      const body = await expectJson<{ error_code: string }>(server.request(path, { ...init, token: user.token }), 403);
      expect(body.error_code).toBe('PERMISSION_DENIED');
    }
  });
});
