import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, principalWithToken } from '../src/http/databricks/test-support/auth-fixtures.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

type Level = 'CAN_VIEW' | 'CAN_QUERY' | 'CAN_MANAGE';
const rank: Record<Level, number> = { CAN_VIEW: 0, CAN_QUERY: 1, CAN_MANAGE: 2 };

const ENDPOINTS = ['bola-0', 'bola-1', 'bola-2'] as const;
/** Three users and a service principal; index 4 is the admin. */
const PRINCIPALS = [
  { name: 'bola-u0', kind: 'user' },
  { name: 'bola-u1', kind: 'user' },
  { name: 'bola-u2', kind: 'user' },
  { name: 'bola-robot', kind: 'service_principal' },
] as const;
const GROUPS = ['bola-g0', 'bola-g1'] as const;
const SCIM = '/api/2.0/preview/scim/v2';
const DEMO_ENTITY = { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1' }] };

/** Who holds what: grants[endpoint][grantee] with grantees = principals then groups; members[group][principal]. */
interface Grants {
  grants: Array<Array<Level | null>>;
  members: boolean[][];
  /** g1 is a member of g0, so g1's members inherit g0's grants. */
  nested: boolean;
}

const operations = ['get-endpoint', 'query', 'update-config', 'read-log', 'read-log-row', 'read-permissions'] as const;
type Operation = (typeof operations)[number];
const required: Record<Operation, Level> = {
  'get-endpoint': 'CAN_VIEW',
  query: 'CAN_QUERY',
  'update-config': 'CAN_MANAGE',
  'read-log': 'CAN_MANAGE',
  'read-log-row': 'CAN_MANAGE',
  'read-permissions': 'CAN_MANAGE',
};

/** The oracle: the highest level held directly or through (nested) groups; admins hold everything. */
function effectiveLevel(state: Grants, principal: number, endpoint: number): Level | null {
  if (principal === PRINCIPALS.length) return 'CAN_MANAGE';
  const groups = new Set(GROUPS.map((_, group) => group).filter((group) => state.members[group]![principal]));
  if (state.nested && groups.has(1)) groups.add(0);
  const held = [state.grants[endpoint]![principal], ...[...groups].map((group) => state.grants[endpoint]![PRINCIPALS.length + group])];
  return held.reduce<Level | null>((best, level) => (level && (!best || rank[level] > rank[best]) ? level : best), null);
}

/** 404 when the principal may not even view, 403 when it may view but lacks the level, 200 otherwise. */
function expectedStatus(level: Level | null, operation: Operation): number {
  // A row id reveals nothing: rows of endpoints one may not manage read as absent, whatever one may view.
  if (operation === 'read-log-row') return level === 'CAN_MANAGE' ? 200 : 404;
  if (level === null) return 404;
  return rank[level] >= rank[required[operation]] ? 200 : 403;
}

const levelArbitrary = fc.constantFrom<Level | null>(null, null, 'CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE');
const grantsArbitrary: fc.Arbitrary<Grants> = fc.record({
  grants: fc.array(fc.array(levelArbitrary, { minLength: PRINCIPALS.length + GROUPS.length, maxLength: PRINCIPALS.length + GROUPS.length }), {
    minLength: ENDPOINTS.length,
    maxLength: ENDPOINTS.length,
  }),
  members: fc.array(fc.array(fc.boolean(), { minLength: PRINCIPALS.length, maxLength: PRINCIPALS.length }), { minLength: GROUPS.length, maxLength: GROUPS.length }),
  nested: fc.boolean(),
});
const checkArbitrary = fc.record({
  principal: fc.integer({ min: 0, max: PRINCIPALS.length }),
  endpoint: fc.integer({ min: 0, max: ENDPOINTS.length - 1 }),
  operation: fc.constantFrom(...operations),
});

describe('BOLA: object-level authorization against an oracle (SEC API1)', () => {
  let server: TestServer;
  const tokens: string[] = [];
  const principalIds: string[] = [];
  const groupIds: string[] = [];
  const endpointIds: string[] = [];
  /** One inference-log row per endpoint. */
  const rowIds: string[] = [];

  const nameField = (index: number) => (PRINCIPALS[index]!.kind === 'user' ? 'user_name' : 'service_principal_name');

  async function applyGrants(state: Grants): Promise<void> {
    for (const [endpoint, id] of endpointIds.entries()) {
      const entries = state.grants[endpoint]!.flatMap((level, grantee): Array<Record<string, string>> => {
        if (!level) return [];
        if (grantee < PRINCIPALS.length) return [{ [nameField(grantee)]: PRINCIPALS[grantee]!.name, permission_level: level }];
        return [{ group_name: GROUPS[grantee - PRINCIPALS.length]!, permission_level: level }];
      });
      await expectJson(server.request(`/api/2.0/permissions/serving-endpoints/${id}`, { method: 'PUT', json: { access_control_list: entries } }));
    }
    for (const [group, id] of groupIds.entries()) {
      const members = principalIds.filter((_, principal) => state.members[group]![principal]);
      if (group === 0 && state.nested) members.push(groupIds[1]!);
      await expectJson(
        server.request(`${SCIM}/Groups/${id}`, {
          method: 'PATCH',
          json: { Operations: [{ op: 'replace', path: 'members', value: members.map((value) => ({ value })) }] },
        }),
      );
    }
  }

  function send(principal: number, endpoint: number, operation: Operation): Promise<Response> {
    const token = principal === PRINCIPALS.length ? server.adminToken : tokens[principal]!;
    const name = ENDPOINTS[endpoint]!;
    switch (operation) {
      case 'get-endpoint':
        return server.request(`/api/2.0/serving-endpoints/${name}`, { token });
      case 'query':
        return server.request(`/serving-endpoints/${name}/invocations`, { method: 'POST', token, json: { prompt: 'hello', max_tokens: 2 } });
      case 'update-config':
        return server.request(`/api/2.0/serving-endpoints/${name}/config`, { method: 'PUT', token, json: DEMO_ENTITY });
      case 'read-log':
        return server.request(`/api/2.0/cairn/inference-log?endpoint_name=${name}`, { token });
      case 'read-log-row':
        return server.request(`/api/2.0/cairn/inference-log/${rowIds[endpoint]}`, { token });
      case 'read-permissions':
        return server.request(`/api/2.0/permissions/serving-endpoints/${endpointIds[endpoint]}`, { token });
    }
  }

  beforeAll(async () => {
    server = await startTestServer();
    for (const principal of PRINCIPALS) {
      const created = await principalWithToken(server, principal.name, principal.kind);
      tokens.push(created.token);
      principalIds.push(created.id);
    }
    for (const group of GROUPS) {
      groupIds.push((await expectJson<{ id: string }>(server.request(`${SCIM}/Groups`, { method: 'POST', json: { displayName: group } }), 201)).id);
    }
    // Updating a config re-checks the served model; every principal may read it, so only the endpoint grant decides.
    const demo = await expectJson<{ registered_model: { id: string } }>(server.request('/api/2.0/mlflow/registered-models/get?name=demo'));
    await expectJson(
      server.request(`/api/2.0/permissions/registered-models/${demo.registered_model.id}`, {
        method: 'PATCH',
        json: { access_control_list: PRINCIPALS.map((principal, index) => ({ [nameField(index)]: principal.name, permission_level: 'CAN_READ' })) },
      }),
    );
    for (const name of ENDPOINTS) {
      endpointIds.push((await expectJson<{ id: string }>(server.request('/api/2.0/serving-endpoints', { method: 'POST', json: { name, config: DEMO_ENTITY } }))).id);
      const response = await server.request(`/serving-endpoints/${name}/invocations`, { method: 'POST', json: { prompt: 'hello', max_tokens: 2 } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      rowIds.push(response.headers.get('x-request-id')!);
    }
    await server.app.services.capture.flush();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('SEC API1: random principals × endpoints × operations with random direct, group and nested-group grants match the oracle', async () => {
    await fc.assert(
      fc.asyncProperty(grantsArbitrary, fc.array(checkArbitrary, { minLength: 1, maxLength: 4 }), async (state, checks) => {
        await applyGrants(state);
        for (const { principal, endpoint, operation } of checks) {
          const level = effectiveLevel(state, principal, endpoint);
          const response = await send(principal, endpoint, operation);
          const text = await response.text();
          const context = `${PRINCIPALS[principal]?.name ?? 'admin'} ${operation} ${ENDPOINTS[endpoint]} holding ${level}: ${text.slice(0, 200)}`;
          expect(response.status, context).toBe(expectedStatus(level, operation));
          if (response.status === 404) expect(JSON.parse(text), context).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
          if (response.status === 403) expect(JSON.parse(text), context).toMatchObject({ error_code: 'PERMISSION_DENIED' });
          if (operation === 'read-log' && response.status === 200) {
            const rows = (JSON.parse(text) as { rows: Array<{ endpoint_name: string }> }).rows;
            expect(new Set(rows.map((row) => row.endpoint_name))).toEqual(new Set([ENDPOINTS[endpoint]]));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("SEC API1: endpoint B's row id asked for by a principal with rights only on A is a 404, indistinguishable from an unknown id", async () => {
    const only = (endpoint: number): Grants => ({
      grants: ENDPOINTS.map((_, index) => [index === endpoint ? 'CAN_MANAGE' : null, null, null, null, null, null]),
      members: GROUPS.map(() => PRINCIPALS.map(() => false)),
      nested: false,
    });
    await applyGrants(only(0));
    const asManagerOfA = (path: string) => server.request(path, { token: tokens[0]! });
    expect((await asManagerOfA(`/api/2.0/cairn/inference-log/${rowIds[0]}`)).status).toBe(200);
    const foreign = await asManagerOfA(`/api/2.0/cairn/inference-log/${rowIds[1]}`);
    const unknown = await asManagerOfA('/api/2.0/cairn/inference-log/00000000-0000-4000-8000-000000000000');
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    const [foreignBody, unknownBody] = [(await foreign.json()) as { error_code: string }, (await unknown.json()) as { error_code: string }];
    expect(foreignBody.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(unknownBody.error_code).toBe(foreignBody.error_code);
    // Listing without a filter shows A's rows only; asking for B by name is a 404 (B is not even viewable).
    const all = await expectJson<{ rows: Array<{ endpoint_name: string }> }>(asManagerOfA('/api/2.0/cairn/inference-log'));
    expect(new Set(all.rows.map((row) => row.endpoint_name))).toEqual(new Set(['bola-0']));
    expect((await asManagerOfA('/api/2.0/cairn/inference-log?endpoint_name=bola-1')).status).toBe(404);
    const query = await server.request('/serving-endpoints/bola-1/invocations', { method: 'POST', token: tokens[0]!, json: { prompt: 'hi' } });
    expect(query.status).toBe(404);
  });
});
