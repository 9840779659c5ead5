import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { expectJson, expectNoTokenHash, principalWithToken } from './test-support/auth-fixtures.js';

interface TokenInfo {
  token_id: string;
  creation_time: number;
  expiry_time: number;
  comment: string;
}

describe.each(testDialects)('token routes on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates, lists and revokes the caller’s own tokens in the Databricks shape', async () => {
    const ada = await principalWithToken(server, 'ada@example.com');
    const created = await expectJson<{ token_value: string; token_info: TokenInfo }>(
      server.request('/api/2.0/token/create', { method: 'POST', token: ada.token, json: { comment: 'laptop', lifetime_seconds: 3600 } }),
    );
    expect(created.token_value).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(created.token_info).toEqual({
      token_id: expect.any(String),
      creation_time: expect.any(Number),
      expiry_time: created.token_info.creation_time + 3_600_000,
      comment: 'laptop',
    });
    expectNoTokenHash(created);

    const listed = await expectJson<{ token_infos: TokenInfo[] }>(server.request('/api/2.0/token/list', { token: created.token_value }));
    expect(listed.token_infos.map((info) => info.token_id).sort()).toEqual([ada.tokenId, created.token_info.token_id].sort());
    expect(listed.token_infos.find((info) => info.token_id === ada.tokenId)?.expiry_time).toBe(-1);
    expectNoTokenHash(listed);

    await expectJson(server.request('/api/2.0/token/delete', { method: 'POST', token: ada.token, json: { token_id: created.token_info.token_id } }));
    await expectJson(server.request('/api/2.0/token/list', { token: created.token_value }), 401);
    expect((await expectJson<{ token_infos: TokenInfo[] }>(server.request('/api/2.0/token/list', { token: ada.token }))).token_infos).toHaveLength(1);
  });

  it('SEC API2: missing, malformed, unknown and revoked tokens get the identical 401 body', async () => {
    const bob = await principalWithToken(server, 'bob@example.com');
    await expectJson(server.request(`/api/2.0/token-management/tokens/${bob.tokenId}`, { method: 'DELETE' }));
    const bodies = await Promise.all(
      [
        server.request('/api/2.0/token/list', { token: null }),
        server.request('/api/2.0/token/list', { token: null, headers: { authorization: 'Basic Ym9iOnNlY3JldA==' } }),
        server.request('/api/2.0/token/list', { token: 'cairn_not-a-real-token' }),
        server.request('/api/2.0/token/list', { token: bob.token }),
      ].map(async (response) => {
        const resolved = await response;
        expect(resolved.status).toBe(401);
        return resolved.text();
      }),
    );
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0] as string)).toEqual({ error_code: 'UNAUTHENTICATED', message: 'A valid bearer token is required.' });
  });

  it('SEC API3: token creation rejects owner, created_by and unknown fields, and bad lifetimes', async () => {
    for (const json of [{ owner_id: 'someone' }, { created_by: 'x' }, { comment: 'x', is_admin: true }, { lifetime_seconds: -5 }, { lifetime_seconds: 1.5 }]) {
      const body = await expectJson<{ error_code: string }>(server.request('/api/2.0/token/create', { method: 'POST', json }), 400);
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('a caller cannot revoke someone else’s token through token/delete (it reads as unknown)', async () => {
    const carol = await principalWithToken(server, 'carol@example.com');
    const dave = await principalWithToken(server, 'dave@example.com');
    const body = await expectJson<{ error_code: string }>(
      server.request('/api/2.0/token/delete', { method: 'POST', token: carol.token, json: { token_id: dave.tokenId } }),
      404,
    );
    expect(body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    await expectJson(server.request('/api/2.0/token/list', { token: dave.token }));
  });

  it('admins mint on-behalf-of tokens for service principals and manage every token', async () => {
    const robot = await principalWithToken(server, 'etl-robot', 'service_principal');
    const me = await expectJson<{ applicationId: string; id: string }>(server.request('/api/2.0/preview/scim/v2/Me', { token: robot.token }));
    expect(me).toMatchObject({ applicationId: 'etl-robot', id: robot.id });

    const admin = await expectJson<{ id: string }>(server.request('/api/2.0/preview/scim/v2/Me'));
    const all = await expectJson<{ token_infos: Array<TokenInfo & { owner_id: string; created_by_id: string; created_by_username: string }> }>(
      server.request('/api/2.0/token-management/tokens'),
    );
    expectNoTokenHash(all);
    const robotToken = all.token_infos.find((info) => info.token_id === robot.tokenId);
    expect(robotToken).toMatchObject({ owner_id: robot.id, created_by_id: admin.id, created_by_username: 'admin', expiry_time: -1 });

    const byCreator = await expectJson<{ token_infos: TokenInfo[] }>(server.request('/api/2.0/token-management/tokens?created_by_username=admin'));
    expect(byCreator.token_infos.map((info) => info.token_id)).toContain(robot.tokenId);

    const single = await expectJson<{ token_info: { owner_id: string } }>(server.request(`/api/2.0/token-management/tokens/${robot.tokenId}`));
    expect(single.token_info.owner_id).toBe(robot.id);

    await expectJson(server.request(`/api/2.0/token-management/tokens/${robot.tokenId}`, { method: 'DELETE' }));
    await expectJson(server.request('/api/2.0/preview/scim/v2/Me', { token: robot.token }), 401);
    await expectJson(server.request(`/api/2.0/token-management/tokens/${robot.tokenId}`), 404);
  });

  it('SEC API5: non-admins cannot manage other principals’ tokens', async () => {
    const eve = await principalWithToken(server, 'eve@example.com');
    const requests: Array<[string, RequestInit & { json?: unknown }]> = [
      ['/api/2.0/token-management/on-behalf-of/tokens', { method: 'POST', json: { application_id: 'eve@example.com' } }],
      ['/api/2.0/token-management/tokens', {}],
      [`/api/2.0/token-management/tokens/${eve.tokenId}`, {}],
      [`/api/2.0/token-management/tokens/${eve.tokenId}`, { method: 'DELETE' }],
    ];
    for (const [path, init] of requests) {
      const body = await expectJson<{ error_code: string }>(server.request(path, { ...init, token: eve.token }), 403);
      expect(body.error_code).toBe('PERMISSION_DENIED');
    }
  });

  it('on-behalf-of an unknown application id is a 400', async () => {
    const body = await expectJson<{ error_code: string }>(
      server.request('/api/2.0/token-management/on-behalf-of/tokens', { method: 'POST', json: { application_id: 'nobody' } }),
      400,
    );
    expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('authentication throttling', () => {
  it('SEC API2: 20 distinct bad tokens from one source within a minute → 429 with Retry-After, even for a good token', async () => {
    const server = await startTestServer();
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        await expectJson(server.request('/api/2.0/token/list', { token: `cairn_guess_${attempt}` }), 401);
      }
      const refused = await server.request('/api/2.0/token/list');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error_code: 'REQUEST_LIMIT_EXCEEDED' });
      // health checks stay reachable for the load balancer
      expect((await server.request('/health', { token: null })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
