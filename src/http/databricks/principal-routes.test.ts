import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { expectJson, expectNoTokenHash, principalWithToken } from './test-support/auth-fixtures.js';

const SCIM = '/api/2.0/preview/scim/v2';

interface ScimResource {
  id: string;
  userName?: string;
  applicationId?: string;
  displayName: string;
  active?: boolean;
  roles: Array<{ value: string }>;
  groups: Array<{ value: string; display: string }>;
  members?: Array<{ value: string; display: string }>;
}

describe.each(testDialects)('SCIM principal routes on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server?.close();
  });

  const patch = (path: string, operations: unknown[], token?: string) =>
    server.request(path, {
      method: 'PATCH',
      token,
      json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations },
    });

  it('creates, gets, filters and deletes users; a deleted user’s token stops working', async () => {
    const created = await expectJson<ScimResource>(
      server.request(`${SCIM}/Users`, {
        method: 'POST',
        json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com', displayName: 'Grace', entitlements: [] },
      }),
      201,
    );
    expect(created).toMatchObject({ userName: 'grace@example.com', displayName: 'Grace', active: true, roles: [], groups: [] });
    await expectJson(server.request(`${SCIM}/Users`, { method: 'POST', json: { userName: 'grace@example.com' } }), 409);

    const fetched = await expectJson<ScimResource>(server.request(`${SCIM}/Users/${created.id}`));
    expect(fetched.id).toBe(created.id);
    const filtered = await expectJson<{ totalResults: number; Resources: ScimResource[] }>(
      server.request(`${SCIM}/Users?filter=${encodeURIComponent('userName eq "GRACE@example.com"')}`),
    );
    expect(filtered.totalResults).toBe(1);
    expect(filtered.Resources[0]?.id).toBe(created.id);
    await expectJson(server.request(`${SCIM}/Users?filter=${encodeURIComponent('userName eq')}`), 400);

    const token = await expectJson<{ token_value: string }>(
      server.request('/api/2.0/token-management/on-behalf-of/tokens', { method: 'POST', json: { application_id: 'grace@example.com' } }),
    );
    const me = await expectJson<ScimResource>(server.request(`${SCIM}/Me`, { token: token.token_value }));
    expect(me.id).toBe(created.id);
    expectNoTokenHash(me);

    await expectJson(server.request(`${SCIM}/Users/${created.id}`, { method: 'DELETE' }));
    await expectJson(server.request(`${SCIM}/Me`, { token: token.token_value }), 401);
    await expectJson(server.request(`${SCIM}/Users/${created.id}`), 404);
  });

  it('PATCH deactivates and reactivates a user, and grants or removes admin through the admin role', async () => {
    const heidi = await principalWithToken(server, 'heidi@example.com');
    await expectJson(patch(`${SCIM}/Users/${heidi.id}`, [{ op: 'replace', path: 'active', value: false }]));
    await expectJson(server.request(`${SCIM}/Me`, { token: heidi.token }), 401);
    await expectJson(patch(`${SCIM}/Users/${heidi.id}`, [{ op: 'Replace', value: { active: 'True' } }]));
    await expectJson(server.request(`${SCIM}/Me`, { token: heidi.token }));

    await expectJson(server.request(`${SCIM}/Users`, { token: heidi.token }), 403);
    const promoted = await expectJson<ScimResource>(patch(`${SCIM}/Users/${heidi.id}`, [{ op: 'add', path: 'roles', value: [{ value: 'admin' }] }]));
    expect(promoted.roles).toEqual([{ value: 'admin' }]);
    await expectJson(server.request(`${SCIM}/Users`, { token: heidi.token }));
    await expectJson(patch(`${SCIM}/Users/${heidi.id}`, [{ op: 'remove', path: 'roles[value eq "admin"]' }]));
    await expectJson(server.request(`${SCIM}/Users`, { token: heidi.token }), 403);
  });

  it('SEC API3: PATCH of unknown or protected attributes is rejected and changes nothing', async () => {
    const ivan = await principalWithToken(server, 'ivan@example.com');
    for (const operations of [
      [{ op: 'replace', path: 'userName', value: 'root' }],
      [{ op: 'replace', value: { id: 'other-id' } }],
      [{ op: 'replace', value: { active: false, owner: 'x' } }],
      [{ op: 'add', path: 'roles', value: [{ value: 'superuser' }] }],
    ]) {
      await expectJson(patch(`${SCIM}/Users/${ivan.id}`, operations), 400);
    }
    const after = await expectJson<ScimResource>(server.request(`${SCIM}/Users/${ivan.id}`));
    expect(after).toMatchObject({ id: ivan.id, userName: 'ivan@example.com', active: true, roles: [] });

    // an `id` in a create body is ignored, never applied
    const created = await expectJson<ScimResource>(server.request(`${SCIM}/Users`, { method: 'POST', json: { userName: 'judy@example.com', id: 'chosen' } }), 201);
    expect(created.id).not.toBe('chosen');
  });

  it('refuses to remove the last admin', async () => {
    const admin = await expectJson<ScimResource>(server.request(`${SCIM}/Me`));
    // other tests may have made more admins; demote them first so `admin` is the last one
    const users = await expectJson<{ Resources: ScimResource[] }>(server.request(`${SCIM}/Users`));
    for (const user of users.Resources) {
      if (user.id !== admin.id && user.roles.length > 0) await expectJson(patch(`${SCIM}/Users/${user.id}`, [{ op: 'replace', path: 'roles', value: [] }]));
    }
    const body = await expectJson<{ error_code: string }>(patch(`${SCIM}/Users/${admin.id}`, [{ op: 'replace', path: 'roles', value: [] }]), 400);
    expect(body.error_code).toBe('INVALID_STATE');
    await expectJson(server.request(`${SCIM}/Users/${admin.id}`, { method: 'DELETE' }), 400);
  });

  it('creates service principals with a generated or given application id', async () => {
    const generated = await expectJson<ScimResource>(server.request(`${SCIM}/ServicePrincipals`, { method: 'POST', json: { displayName: 'CI' } }), 201);
    expect(generated.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.displayName).toBe('CI');
    const listed = await expectJson<{ Resources: ScimResource[] }>(
      server.request(`${SCIM}/ServicePrincipals?filter=${encodeURIComponent(`applicationId eq "${generated.applicationId}"`)}`),
    );
    expect(listed.Resources.map((resource) => resource.id)).toEqual([generated.id]);
  });

  it('manages group membership with SCIM PatchOp in both the path-filter and value-list styles', async () => {
    const kim = await principalWithToken(server, 'kim@example.com');
    const leo = await principalWithToken(server, 'leo', 'service_principal');
    const group = await expectJson<ScimResource>(
      server.request(`${SCIM}/Groups`, { method: 'POST', json: { displayName: 'data-science', members: [{ value: kim.id }] } }),
      201,
    );
    expect(group.members?.map((member) => member.value)).toEqual([kim.id]);
    await expectJson(server.request(`${SCIM}/Groups`, { method: 'POST', json: { displayName: 'bad', members: [{ value: 'nope' }] } }), 400);

    await expectJson(patch(`${SCIM}/Groups/${group.id}`, [{ op: 'add', path: 'members', value: [{ value: leo.id }] }]));
    const kimNow = await expectJson<ScimResource>(server.request(`${SCIM}/Users/${kim.id}`));
    expect(kimNow.groups.map((entry) => entry.display)).toEqual(['data-science']);

    await expectJson(patch(`${SCIM}/Groups/${group.id}`, [{ op: 'remove', path: `members[value eq "${kim.id}"]` }]));
    await expectJson(patch(`${SCIM}/Groups/${group.id}`, [{ op: 'remove', path: 'members', value: [{ value: leo.id }] }]));
    const empty = await expectJson<ScimResource>(server.request(`${SCIM}/Groups/${group.id}`));
    expect(empty.members).toEqual([]);

    await expectJson(patch(`${SCIM}/Groups/${group.id}`, [{ op: 'add', value: { members: [{ value: kim.id }, { value: leo.id }] } }]));
    await expectJson(patch(`${SCIM}/Groups/${group.id}`, [{ op: 'replace', path: 'members', value: [{ value: leo.id }] }]));
    expect((await expectJson<ScimResource>(server.request(`${SCIM}/Groups/${group.id}`))).members?.map((member) => member.value)).toEqual([leo.id]);

    await expectJson(server.request(`${SCIM}/Groups/${group.id}`, { method: 'DELETE' }));
    await expectJson(server.request(`${SCIM}/Groups/${group.id}`), 404);
  });

  it('SEC API5: non-admins cannot create, list, change or delete principals', async () => {
    const mallory = await principalWithToken(server, 'mallory@example.com');
    const requests: Array<[string, RequestInit & { json?: unknown }]> = [
      [`${SCIM}/Users`, { method: 'POST', json: { userName: 'sneaky' } }],
      [`${SCIM}/ServicePrincipals`, {}],
      [`${SCIM}/Groups`, { method: 'POST', json: { displayName: 'sneaky' } }],
      [`${SCIM}/Users/${mallory.id}`, { method: 'PATCH', json: { Operations: [{ op: 'add', path: 'roles', value: [{ value: 'admin' }] }] } }],
      [`${SCIM}/Users/${mallory.id}`, { method: 'DELETE' }],
    ];
    for (const [path, init] of requests) {
      const body = await expectJson<{ error_code: string }>(server.request(path, { ...init, token: mallory.token }), 403);
      expect(body.error_code).toBe('PERMISSION_DENIED');
    }
    const me = await expectJson<ScimResource>(server.request(`${SCIM}/Me`, { token: mallory.token }));
    expect(me.roles).toEqual([]);
  });
});
