import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { expectJson, principalWithToken } from './test-support/auth-fixtures.js';

const ENDPOINTS = '/api/2.0/permissions/serving-endpoints';
const MODELS = '/api/2.0/permissions/registered-models';

interface ObjectPermissions {
  object_id: string;
  object_type: string;
  access_control_list: Array<Record<string, unknown>>;
}

describe.each(testDialects)('permission routes on %s', (dialect) => {
  let server: TestServer;
  let viewer: Awaited<ReturnType<typeof principalWithToken>>;
  let stranger: Awaited<ReturnType<typeof principalWithToken>>;
  let member: Awaited<ReturnType<typeof principalWithToken>>;
  let robot: Awaited<ReturnType<typeof principalWithToken>>;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    // Serving and registry register the real resolvers; these fakes stand in for them here.
    server.app.services.auth.registerObjectResolver('serving-endpoints', async (id) => id.startsWith('ep-'));
    server.app.services.auth.registerObjectResolver('registered-models', async (id) => id.startsWith('model-'));
    viewer = await principalWithToken(server, 'viewer@example.com');
    stranger = await principalWithToken(server, 'stranger@example.com');
    member = await principalWithToken(server, 'member@example.com');
    robot = await principalWithToken(server, 'robot', 'service_principal');
    await expectJson(
      server.request('/api/2.0/preview/scim/v2/Groups', { method: 'POST', json: { displayName: 'ops', members: [{ value: member.id }] } }),
      201,
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('PUT replaces and PATCH adds grants, answered in the Databricks ObjectPermissions shape', async () => {
    const put = await expectJson<ObjectPermissions>(
      server.request(`${ENDPOINTS}/ep-1`, {
        method: 'PUT',
        json: {
          access_control_list: [
            { user_name: 'viewer@example.com', permission_level: 'CAN_VIEW' },
            { group_name: 'ops', permission_level: 'CAN_MANAGE' },
          ],
        },
      }),
    );
    expect(put.object_id).toBe('/serving-endpoints/ep-1');
    expect(put.object_type).toBe('serving-endpoint');
    expect(put.access_control_list).toEqual(
      expect.arrayContaining([
        { user_name: 'viewer@example.com', display_name: 'viewer@example.com', all_permissions: [{ permission_level: 'CAN_VIEW', inherited: false }] },
        { group_name: 'ops', display_name: 'ops', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] },
      ]),
    );
    expect(put.access_control_list).toHaveLength(2);

    const patched = await expectJson<ObjectPermissions>(
      server.request(`${ENDPOINTS}/ep-1`, {
        method: 'PATCH',
        json: { access_control_list: [{ service_principal_name: 'robot', permission_level: 'CAN_QUERY' }] },
      }),
    );
    expect(patched.access_control_list).toHaveLength(3);
    expect(patched.access_control_list).toContainEqual({
      service_principal_name: 'robot',
      display_name: 'robot',
      all_permissions: [{ permission_level: 'CAN_QUERY', inherited: false }],
    });

    const replaced = await expectJson<ObjectPermissions>(
      server.request(`${ENDPOINTS}/ep-1`, { method: 'PUT', json: { access_control_list: [{ group_name: 'ops', permission_level: 'CAN_MANAGE' }] } }),
    );
    expect(replaced.access_control_list.map((entry) => entry.group_name ?? entry.user_name ?? entry.service_principal_name)).toEqual(['ops']);
  });

  it('a group member inherits CAN_MANAGE and may manage the permissions itself', async () => {
    await expectJson(server.request(`${ENDPOINTS}/ep-2`, { method: 'PUT', json: { access_control_list: [{ group_name: 'ops', permission_level: 'CAN_MANAGE' }] } }));
    const asMember = await expectJson<ObjectPermissions>(
      server.request(`${ENDPOINTS}/ep-2`, {
        method: 'PATCH',
        token: member.token,
        json: { access_control_list: [{ user_name: 'viewer@example.com', permission_level: 'CAN_VIEW' }] },
      }),
    );
    expect(asMember.access_control_list).toHaveLength(2);
  });

  it('API1/API5: 404 for principals that cannot see the object, 403 for viewers, the same 404 for unknown objects', async () => {
    await expectJson(server.request(`${ENDPOINTS}/ep-3`, { method: 'PUT', json: { access_control_list: [{ user_name: 'viewer@example.com', permission_level: 'CAN_QUERY' }] } }));
    const denied = await expectJson<{ error_code: string }>(server.request(`${ENDPOINTS}/ep-3`, { token: viewer.token }), 403);
    expect(denied.error_code).toBe('PERMISSION_DENIED');
    const hidden = await expectJson<{ error_code: string; message: string }>(server.request(`${ENDPOINTS}/ep-3`, { token: stranger.token }), 404);
    const missing = await expectJson<{ error_code: string; message: string }>(server.request(`${ENDPOINTS}/nothing-3`), 404);
    expect(hidden.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(missing.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(hidden.message).toBe('Serving endpoint ep-3 does not exist.');

    // a querier cannot grant itself more
    await expectJson(
      server.request(`${ENDPOINTS}/ep-3`, {
        method: 'PATCH',
        token: viewer.token,
        json: { access_control_list: [{ user_name: 'viewer@example.com', permission_level: 'CAN_MANAGE' }] },
      }),
      403,
    );
    // …while viewing the permission levels only needs visibility
    const levels = await expectJson<{ permission_levels: Array<{ permission_level: string }> }>(
      server.request(`${ENDPOINTS}/ep-3/permissionLevels`, { token: viewer.token }),
    );
    expect(levels.permission_levels.map((level) => level.permission_level)).toEqual(['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE']);
    await expectJson(server.request(`${ENDPOINTS}/ep-3/permissionLevels`, { token: stranger.token }), 404);
  });

  it('rejects unknown principals, levels of the wrong object type and ambiguous entries with 400, changing nothing', async () => {
    await expectJson(server.request(`${ENDPOINTS}/ep-4`, { method: 'PUT', json: { access_control_list: [{ user_name: 'viewer@example.com', permission_level: 'CAN_VIEW' }] } }));
    for (const entry of [
      { user_name: 'ghost@example.com', permission_level: 'CAN_VIEW' },
      { user_name: 'viewer@example.com', permission_level: 'CAN_READ' },
      { user_name: 'viewer@example.com', group_name: 'ops', permission_level: 'CAN_VIEW' },
      { user_name: 'viewer@example.com', permission_level: 'CAN_VIEW', inherited: true },
    ]) {
      const body = await expectJson<{ error_code: string }>(server.request(`${ENDPOINTS}/ep-4`, { method: 'PUT', json: { access_control_list: [entry] } }), 400);
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    const after = await expectJson<ObjectPermissions>(server.request(`${ENDPOINTS}/ep-4`));
    expect(after.access_control_list).toEqual([
      { user_name: 'viewer@example.com', display_name: 'viewer@example.com', all_permissions: [{ permission_level: 'CAN_VIEW', inherited: false }] },
    ]);
  });

  it('registered models use CAN_READ < CAN_EDIT < CAN_MANAGE', async () => {
    const set = await expectJson<ObjectPermissions>(
      server.request(`${MODELS}/model-1`, { method: 'PUT', json: { access_control_list: [{ user_name: 'viewer@example.com', permission_level: 'CAN_EDIT' }] } }),
    );
    expect(set).toMatchObject({ object_id: '/registered-models/model-1', object_type: 'registered-model' });
    await expectJson(server.request(`${MODELS}/model-1`, { method: 'PUT', json: { access_control_list: [{ user_name: 'viewer@example.com', permission_level: 'CAN_QUERY' }] } }), 400);
    await expectJson(server.request(`${MODELS}/model-1`, { token: viewer.token }), 403);
    await expectJson(server.request(`${MODELS}/model-1`, { token: robot.token }), 404);
    const levels = await expectJson<{ permission_levels: Array<{ permission_level: string }> }>(server.request(`${MODELS}/model-1/permissionLevels`));
    expect(levels.permission_levels.map((level) => level.permission_level)).toEqual(['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE']);
  });
});
