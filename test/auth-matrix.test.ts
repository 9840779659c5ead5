import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../src/http/server.js';
import {
  aclBody,
  anonymousCallers,
  type AuthWorld,
  type Caller,
  createAuthWorld,
  invalidTokenVariants,
  principalCallers,
  type PrincipalCaller,
  sha256Hex,
} from './support/auth-world.js';
import { routeMatrix } from './support/route-matrix.js';

/** Routes that also get the revoked, expired, malformed-header and oversized-token variants (SEC API2). */
const allInvalidTokenRoutes = new Set([
  'GET /openapi.json',
  'POST /serving-endpoints/:name/invocations',
  'POST /v1/chat/completions',
  'PUT /api/2.0/serving-endpoints/:name/config',
  'GET /api/2.0/token/list',
  'GET /metrics',
]);

const isPrincipal = (caller: Caller): caller is PrincipalCaller => (principalCallers as readonly string[]).includes(caller);
const isAnthropicSurface = (path: string) => /^\/(serving-endpoints\/anthropic\/)?v1\/messages(\/|$)/.test(path);
const isOpenAiSurface = (path: string) => /^\/(v1|serving-endpoints\/(chat\/completions|completions|embeddings|models))(\/|$)/.test(path);

function errorCodeOf(body: unknown): unknown {
  const value = body as { error_code?: unknown; error?: { code?: unknown } } | undefined;
  return value?.error_code ?? value?.error?.code;
}

const SCIM = '/api/2.0/preview/scim/v2';
const expectedCodes: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'RESOURCE_DOES_NOT_EXIST' };

/**
 * Every route × every kind of caller, against one server (SQLite). Expectations live in
 * test/support/route-matrix.ts; the fixture and its grants in test/support/auth-world.ts.
 */
describe('authorization matrix: every route × no token, bad token, outsider, viewer, querier, manager, admin', () => {
  let world: AuthWorld;
  /** 401 bodies by surface (OpenAI-shaped vs Databricks-shaped), over every route. */
  const unauthenticatedBodies = { openai: new Set<string>(), databricks: new Set<string>(), anthropic: new Set<string>() };

  beforeAll(async () => {
    world = await createAuthWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('SEC API8/API9: the matrix has exactly one entry per registered route, so a new route without one fails here', () => {
    const registered = registeredRoutes(world.server.app.server).map((route) => `${route.method} ${route.path}`).sort();
    expect(Object.keys(routeMatrix).sort()).toEqual(registered);
  });

  for (const [key, routeCase] of Object.entries(routeMatrix)) {
    const [method, pattern] = key.split(' ') as [string, string];
    it(`SEC API1/API2/API5: ${key}`, async () => {
      const callers: Caller[] = [...principalCallers, ...anonymousCallers, ...(allInvalidTokenRoutes.has(key) ? invalidTokenVariants : [])];
      const failures: string[] = [];
      const routeUnauthenticated = new Set<string>();
      for (const caller of callers) {
        const expected = routeCase.expect === 'public' ? 200 : isPrincipal(caller) ? routeCase.expect[caller] : 401;
        const request = await routeCase.request(world, { caller, allowed: expected < 300 });
        const response = await world.send(caller, method, request.path, request.json);
        const context = `${caller}: ${method} ${request.path} expected ${expected}, got ${response.status} ${response.text.slice(0, 300)}`;
        if (response.status !== expected) {
          failures.push(context);
          continue;
        }
        if (expectedCodes[expected] && errorCodeOf(response.json) !== expectedCodes[expected]) failures.push(`${context} (wrong error code)`);
        if (expected === 401) routeUnauthenticated.add(response.text);
        if (expected < 300 && isPrincipal(caller) && routeCase.check) {
          try {
            routeCase.check(response.json, caller, world);
          } catch (error) {
            failures.push(`${caller}: ${(error as Error).message}`);
          }
        }
      }
      expect(failures).toEqual([]);
      if (routeCase.expect !== 'public') {
        // SEC API2: no token, an unknown token, a revoked or expired one: one identical body, no oracle.
        expect([...routeUnauthenticated]).toHaveLength(1);
        for (const body of routeUnauthenticated) unauthenticatedBodies[isAnthropicSurface(pattern) ? 'anthropic' : isOpenAiSurface(pattern) ? 'openai' : 'databricks'].add(body);
      }
    });
  }

  it('SEC API2: the 401 body is byte-identical on every route of a surface', () => {
    expect([...unauthenticatedBodies.databricks]).toEqual([JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'A valid bearer token is required.' })]);
    expect(unauthenticatedBodies.openai.size).toBe(1);
    expect(JSON.parse([...unauthenticatedBodies.openai][0]!)).toMatchObject({ error: { code: 'UNAUTHENTICATED', type: 'authentication_error' } });
    expect(unauthenticatedBodies.anthropic.size).toBe(1);
    expect(JSON.parse([...unauthenticatedBodies.anthropic][0]!)).toMatchObject({ type: 'error', error: { code: 'UNAUTHENTICATED', type: 'authentication_error' } });
  });

  it('SEC API3: no response or log line carries a token hash, the plaintext provider key or a stored secret value', async () => {
    // The external-model endpoint through every route that shows or uses it, by each principal that may.
    const probes: Array<[Caller, string, string, unknown?]> = [
      ['admin', 'GET', '/api/2.0/serving-endpoints/ep-ext'],
      ['manager', 'GET', '/api/2.0/serving-endpoints/ep-ext'],
      ['querier', 'GET', '/api/2.0/cairn/serving-endpoints/ep-ext/config-versions'],
      ['admin', 'GET', '/api/2.0/serving-endpoints'],
      ['querier', 'POST', '/serving-endpoints/ep-ext/invocations', { messages: [{ role: 'user', content: 'hi' }] }],
      ['querier', 'POST', '/v1/chat/completions', { model: 'ep-ext', messages: [{ role: 'user', content: 'hi' }], stream: true }],
      ['manager', 'GET', '/api/2.0/cairn/inference-log?endpoint_name=ep-ext'],
      ['manager', 'GET', `/api/2.0/cairn/inference-log/${world.requestIdExt}`],
      ['admin', 'GET', '/api/2.0/cairn/inference-log?max_results=1000'],
      ['admin', 'GET', `/api/2.0/permissions/serving-endpoints/${world.endpointExt.id}`],
      ['admin', 'GET', '/api/2.0/secrets/list?scope=mx-scope'],
      ['admin', 'GET', '/api/2.0/secrets/list?scope=cairn-endpoints'],
      ['admin', 'GET', '/metrics'],
    ];
    for (const [caller, method, path, json] of probes) expect((await world.send(caller, method, path, json)).status, `${caller} ${path}`).toBe(200);
    const shown = (await world.send('admin', 'GET', '/api/2.0/serving-endpoints/ep-ext')).json as {
      config: { served_entities: Array<{ external_model: { openai_config: Record<string, unknown> } }> };
    };
    const openaiConfig = shown.config.served_entities[0]!.external_model.openai_config;
    expect(openaiConfig).not.toHaveProperty('openai_api_key_plaintext');
    expect(openaiConfig.openai_api_key).toMatch(/^\{\{secrets\/[^/]+\/[^/]+\}\}$/);

    const tokenHashes = [...world.issuedTokens].map(sha256Hex);
    expect(tokenHashes.length).toBeGreaterThan(20);
    const forbidden = [...tokenHashes, world.providerKey, world.secretValue];
    const leaks = world.transcript.flatMap((entry) => forbidden.filter((value) => entry.includes(value)).map(() => entry.split('\n')[0]));
    expect(leaks).toEqual([]);
    // Logs must not hold token values either (responses may: a new token is shown once).
    const logs = world.server.logLines.join('');
    expect(logs.length).toBeGreaterThan(1000);
    expect([...forbidden, ...world.issuedTokens].filter((value) => logs.includes(value))).toEqual([]);
  });

  it("SEC API1: callers that may not query ep-a plant no rows in its inference table and no series in its metrics", async () => {
    // On top of the matrix's denied calls: a malformed body naming ep-a, a made-up endpoint name.
    await world.send('outsider', 'POST', '/v1/chat/completions', { model: 'ep-a', messages: 'planted by outsider' });
    await world.send('outsider', 'POST', '/serving-endpoints/ep-a/invocations', { messages: 'planted by outsider' });
    await world.send('viewer', 'POST', '/v1/chat/completions', { model: 'made-up-endpoint', messages: [{ role: 'user', content: 'x' }] });
    await world.server.app.services.capture.flush();
    type Rows = { rows: Array<{ requester: string; endpoint_id: string | null; endpoint_name: string }> };
    const managed = (await world.send('manager', 'GET', '/api/2.0/cairn/inference-log?endpoint_name=ep-a&max_results=1000')).json as Rows;
    expect(managed.rows.length).toBeGreaterThan(0);
    expect(new Set(managed.rows.map((row) => row.requester))).toEqual(new Set(['querier', 'manager', 'admin']));
    expect(new Set(managed.rows.map((row) => row.endpoint_id))).toEqual(new Set([world.endpointA.id]));
    // Admins still see every attempt, booked under no endpoint.
    for (const requester of ['outsider', 'viewer']) {
      const attempts = await world.admin<Rows>('GET', `/api/2.0/cairn/inference-log?requester=${requester}&max_results=1000`);
      expect(attempts.rows.length).toBeGreaterThan(0);
      expect(new Set(attempts.rows.map((row) => row.endpoint_id))).toEqual(new Set(['(none)']));
    }
    const endpointMetrics = (await world.send('viewer', 'GET', '/api/2.0/serving-endpoints/ep-a/metrics')).text;
    expect(endpointMetrics).toContain('endpoint="ep-a"');
    expect(endpointMetrics).not.toMatch(/PERMISSION_DENIED|RESOURCE_DOES_NOT_EXIST|INVALID_PARAMETER_VALUE/);
    expect((await world.send('admin', 'GET', '/metrics')).text).not.toContain('made-up-endpoint');
  });

  it('SEC API5: CAN_VIEW and CAN_QUERY principals cannot touch tokens, permissions, endpoint config or principals; nothing changes', async () => {
    const { manager } = world.users;
    const entities = { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1' }] };
    const versionsBefore = (await world.admin<{ config_versions: unknown[] }>('GET', '/api/2.0/cairn/serving-endpoints/ep-a/config-versions')).config_versions;
    const tokensBefore = (await world.admin<{ token_infos: unknown[] }>('GET', '/api/2.0/token-management/tokens')).token_infos;
    for (const caller of ['viewer', 'querier'] as const) {
      const self = world.users[caller];
      const attempts: Array<[string, string, unknown, number]> = [
        ['POST', '/api/2.0/token-management/on-behalf-of/tokens', { application_id: 'manager' }, 403],
        ['GET', '/api/2.0/token-management/tokens', undefined, 403],
        ['GET', `/api/2.0/token-management/tokens/${manager.tokenId}`, undefined, 403],
        ['DELETE', `/api/2.0/token-management/tokens/${manager.tokenId}`, undefined, 403],
        // Someone else's token id through the own-token route reads as unknown.
        ['POST', '/api/2.0/token/delete', { token_id: manager.tokenId }, 404],
        ['PUT', `/api/2.0/permissions/serving-endpoints/${world.endpointA.id}`, aclBody([[caller, 'CAN_MANAGE']]), 403],
        ['PATCH', `/api/2.0/permissions/serving-endpoints/${world.endpointA.id}`, aclBody([[caller, 'CAN_MANAGE']]), 403],
        ['PUT', '/api/2.0/serving-endpoints/ep-a/config', entities, 403],
        ['POST', '/api/2.0/cairn/serving-endpoints/ep-a/rollback', {}, 403],
        ['PATCH', '/api/2.0/serving-endpoints/ep-a/tags', { delete_tags: ['touched-by'] }, 403],
        ['DELETE', '/api/2.0/serving-endpoints/ep-a', undefined, 403],
        ['PATCH', `${SCIM}/Users/${self.id}`, { Operations: [{ op: 'add', path: 'roles', value: [{ value: 'admin' }] }] }, 403],
        ['POST', `${SCIM}/Users`, { userName: `${caller}-twin`, roles: [{ value: 'admin' }] }, 403],
        ['PATCH', `${SCIM}/Groups/${world.team.id}`, { Operations: [{ op: 'add', path: 'members', value: [{ value: self.id }] }] }, 403],
        ['DELETE', `${SCIM}/Users/${manager.id}`, undefined, 403],
        ['POST', '/api/2.0/secrets/put', { scope: world.secretScope, key: 'provider', string_value: 'overwritten' }, 403],
      ];
      for (const [method, path, json, status] of attempts) {
        const response = await world.send(caller, method, path, json);
        expect(response.status, `${caller} ${method} ${path}: ${response.text}`).toBe(status);
      }
    }
    // Nothing changed: levels, roles, memberships, tokens, config history.
    expect((await world.send('viewer', 'GET', '/api/2.0/serving-endpoints/ep-a')).json).toMatchObject({ permission_level: 'CAN_VIEW' });
    expect((await world.send('querier', 'GET', '/api/2.0/serving-endpoints/ep-a')).json).toMatchObject({ permission_level: 'CAN_QUERY' });
    for (const caller of ['viewer', 'querier'] as const) expect((await world.send(caller, 'GET', `${SCIM}/Me`)).json).toMatchObject({ roles: [], groups: [] });
    expect((await world.send('manager', 'GET', `${SCIM}/Me`)).status).toBe(200);
    expect((await world.admin<{ config_versions: unknown[] }>('GET', '/api/2.0/cairn/serving-endpoints/ep-a/config-versions')).config_versions).toEqual(versionsBefore);
    expect((await world.admin<{ token_infos: unknown[] }>('GET', '/api/2.0/token-management/tokens')).token_infos).toEqual(tokensBefore);

    // Only admins manage tokens for others: an admin hands an application a query-only token, then revokes it.
    const minted = await world.admin<{ token_value: string; token_info: { token_id: string; owner_id: string } }>(
      'POST', '/api/2.0/token-management/on-behalf-of/tokens', { application_id: 'querier', comment: 'for an app', lifetime_seconds: 600 },
    );
    world.issuedTokens.add(minted.token_value);
    expect(minted.token_info.owner_id).toBe(world.users.querier.id);
    const asApp = (path: string, init: RequestInit & { json?: unknown } = {}) => world.server.request(path, { ...init, token: minted.token_value });
    expect(await (await asApp(`${SCIM}/Me`)).json()).toMatchObject({ userName: 'querier' });
    expect((await asApp('/serving-endpoints/ep-a/invocations', { method: 'POST', json: { prompt: 'hi', max_tokens: 2 } })).status).toBe(200);
    expect((await asApp('/api/2.0/serving-endpoints/ep-a/config', { method: 'PUT', json: entities })).status).toBe(403);
    await world.admin('DELETE', `/api/2.0/token-management/tokens/${minted.token_info.token_id}`);
    expect((await asApp(`${SCIM}/Me`)).status).toBe(401);
  });

  it('SEC-SC-2/SEC API7: only admins configure external models (provider base URLs and keys), even on endpoints they manage', async () => {
    const external = {
      served_entities: [
        { name: 'ext', external_model: { name: 'gpt-x', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_base: world.upstream.url, openai_api_key_plaintext: 'sk-from-a-user' } } },
      ],
    };
    const versions = (await world.admin<{ config_versions: unknown[] }>('GET', '/api/2.0/cairn/serving-endpoints/ep-a/config-versions')).config_versions;
    for (const [method, path, json] of [
      ['POST', '/api/2.0/serving-endpoints', { name: 'mx-user-external', config: external }],
      ['PUT', '/api/2.0/serving-endpoints/ep-a/config', external],
      ['PUT', '/api/2.0/serving-endpoints/ep-ext/config', external],
    ] as const) {
      const response = await world.send('manager', method, path, json);
      expect(response.status, `${method} ${path}: ${response.text}`).toBe(403);
      expect(errorCodeOf(response.json)).toBe('PERMISSION_DENIED');
    }
    expect((await world.send('admin', 'GET', '/api/2.0/serving-endpoints/mx-user-external')).status).toBe(404);
    expect((await world.admin<{ config_versions: unknown[] }>('GET', '/api/2.0/cairn/serving-endpoints/ep-a/config-versions')).config_versions).toEqual(versions);
    expect((await world.admin<{ secrets: Array<{ key: string }> }>('GET', '/api/2.0/secrets/list?scope=cairn-endpoints')).secrets).toHaveLength(1);
  });

  it('SEC API3: mass assignment (owner, created_by, is_admin, ids, unknown fields) is rejected or ignored, never applied', async () => {
    const MLFLOW = '/api/2.0/mlflow';
    const config = { served_entities: [{ name: 'main', entity_name: 'model-a', entity_version: '1' }] };
    const rejected = async (caller: Caller, method: string, path: string, json: unknown) => {
      const response = await world.send(caller, method, path, json);
      expect(response.status, `${method} ${path} ${JSON.stringify(json)}: ${response.text}`).toBe(400);
      expect(errorCodeOf(response.json)).toBe('INVALID_PARAMETER_VALUE');
    };

    // Serving endpoints: strict bodies.
    for (const field of ['creator', 'owner', 'id', 'is_admin', 'permission_level']) {
      await rejected('manager', 'POST', '/api/2.0/serving-endpoints', { name: `mx-ma-${field.replace('_', '-')}`, config, [field]: 'admin' });
      expect((await world.send('admin', 'GET', `/api/2.0/serving-endpoints/mx-ma-${field.replace('_', '-')}`)).status).toBe(404);
    }
    const versions = (await world.admin<{ config_versions: unknown[] }>('GET', '/api/2.0/cairn/serving-endpoints/ep-a/config-versions')).config_versions;
    await rejected('manager', 'PUT', '/api/2.0/serving-endpoints/ep-a/config', { ...config, creator: 'outsider' });
    await rejected('manager', 'PUT', '/api/2.0/serving-endpoints/ep-a/config', { ...config, permission_level: 'CAN_MANAGE' });
    await rejected('manager', 'PATCH', '/api/2.0/serving-endpoints/ep-a/tags', { add_tags: [{ key: 'a', value: 'b' }], owner: 'outsider' });
    expect((await world.admin<{ config_versions: unknown[] }>('GET', '/api/2.0/cairn/serving-endpoints/ep-a/config-versions')).config_versions).toEqual(versions);

    // Registry: server-owned fields on create are ignored; on update they are a 400.
    const created = await world.send('viewer', 'POST', `${MLFLOW}/registered-models/create`, {
      name: 'mx-ma-model', user_id: 'admin', owner: 'admin', created_by: 'admin', id: 'fixed-id', creation_timestamp: 1, is_admin: true,
    });
    expect(created.status).toBe(200);
    const model = (created.json as { registered_model: { id: string; user_id: string; creation_timestamp: number } }).registered_model;
    expect(model).toMatchObject({ user_id: 'viewer' });
    expect(model.id).not.toBe('fixed-id');
    expect(model.creation_timestamp).toBeGreaterThan(1);
    const modelAcl = await world.admin<{ access_control_list: Array<{ user_name?: string; all_permissions: unknown }> }>(
      'GET', `/api/2.0/permissions/registered-models/${model.id}`,
    );
    expect(modelAcl.access_control_list).toEqual([{ user_name: 'viewer', display_name: 'viewer', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] }]);
    const before = await world.admin<{ registered_model: unknown }>('GET', `${MLFLOW}/registered-models/get?name=model-a`);
    for (const field of ['owner', 'created_by', 'user_id', 'id']) {
      await rejected('manager', 'PATCH', `${MLFLOW}/registered-models/update`, { name: 'model-a', description: 'changed', [field]: 'outsider' });
    }
    await rejected('manager', 'PATCH', `${MLFLOW}/model-versions/update`, { name: 'model-a', version: '1', source: 's3://elsewhere', run_id: 'other' });
    expect(await world.admin('GET', `${MLFLOW}/registered-models/get?name=model-a`)).toEqual(before);
    const version = await world.send('manager', 'POST', `${MLFLOW}/model-versions/create`, {
      name: 'model-a', source: 'builtin://demo', user_id: 'admin', status: 'FAILED_REGISTRATION', version: '999', current_stage: 'Production',
    });
    expect(version.status).toBe(200);
    expect((version.json as { model_version: unknown }).model_version).toMatchObject({ user_id: 'manager', status: 'READY', current_stage: 'None' });
    expect((version.json as { model_version: { version: string } }).model_version.version).not.toBe('999');

    // Principals: admin status only through the SCIM admin role, never through look-alike fields.
    const user = await world.admin<{ id: string; roles: unknown[] }>(
      'POST', `${SCIM}/Users`, { userName: 'mx-ma-user', id: 'fixed-user-id', is_admin: true, isAdmin: true, admin: true }, 201,
    );
    expect(user.id).not.toBe('fixed-user-id');
    expect(user.roles).toEqual([]);
    await rejected('admin', 'PATCH', `${SCIM}/Users/${user.id}`, { Operations: [{ op: 'replace', path: 'is_admin', value: true }] });
    await rejected('admin', 'PATCH', `${SCIM}/Users/${user.id}`, { Operations: [{ op: 'replace', value: { isAdmin: true } }] });
    expect(await world.admin(`GET`, `${SCIM}/Users/${user.id}`)).toMatchObject({ roles: [], active: true });

    // Permissions, tokens and secrets: strict bodies.
    const acl = await world.admin('GET', `/api/2.0/permissions/serving-endpoints/${world.endpointA.id}`);
    const entry = { user_name: 'outsider', permission_level: 'CAN_VIEW' };
    await rejected('manager', 'PUT', `/api/2.0/permissions/serving-endpoints/${world.endpointA.id}`, { access_control_list: [{ ...entry, inherited: true }] });
    await rejected('manager', 'PATCH', `/api/2.0/permissions/serving-endpoints/${world.endpointA.id}`, { access_control_list: [entry], object_id: world.endpointExt.id });
    expect(await world.admin('GET', `/api/2.0/permissions/serving-endpoints/${world.endpointA.id}`)).toEqual(acl);
    const ownTokens = (await world.send('viewer', 'GET', '/api/2.0/token/list')).json;
    await rejected('viewer', 'POST', '/api/2.0/token/create', { comment: 'x', principal_id: world.users.manager.id });
    await rejected('viewer', 'POST', '/api/2.0/token/create', { comment: 'x', owner_id: world.users.manager.id });
    await rejected('admin', 'POST', '/api/2.0/token-management/on-behalf-of/tokens', { application_id: 'viewer', created_by: world.users.manager.id });
    expect((await world.send('viewer', 'GET', '/api/2.0/token/list')).json).toEqual(ownTokens);
    await rejected('admin', 'POST', '/api/2.0/secrets/put', { scope: world.secretScope, key: 'provider', string_value: 'x', owner: 'viewer' });
  });
});
