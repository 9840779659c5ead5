import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceLogEntry, InferenceLogPage } from '../../capture/index.js';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { expectJson, principalWithToken } from '../databricks/test-support/auth-fixtures.js';

const LOG = '/api/2.0/cairn/inference-log';
const CANARY_EMAIL = 'route.canary@example.org';

type Principal = Awaited<ReturnType<typeof principalWithToken>>;

/** The inference-log API through real HTTP, real auth and real model calls, once per storage backend. */
describe.each(testDialects)('inference-log and metrics routes on %s', (dialect) => {
  let server: TestServer;
  let managerA: Principal;
  let querierA: Principal;
  let viewerB: Principal;
  const requestIds: Record<'a' | 'b', string[]> = { a: [], b: [] };

  async function createEndpoint(name: string): Promise<string> {
    const endpoint = await expectJson<{ id: string }>(
      server.request('/api/2.0/serving-endpoints', {
        method: 'POST',
        json: { name, config: { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1' }] } },
      }),
    );
    return endpoint.id;
  }

  async function grant(endpointId: string, userName: string, level: string): Promise<void> {
    await expectJson(
      server.request(`/api/2.0/permissions/serving-endpoints/${endpointId}`, {
        method: 'PATCH',
        json: { access_control_list: [{ user_name: userName, permission_level: level }] },
      }),
    );
  }

  async function chat(endpoint: string, content: string): Promise<string> {
    const response = await server.request(`/serving-endpoints/${endpoint}/invocations`, {
      method: 'POST',
      json: { messages: [{ role: 'user', content }], max_tokens: 5 },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return response.headers.get('x-request-id') ?? '';
  }

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    const idA = await createEndpoint('log-a');
    const idB = await createEndpoint('log-b');
    [managerA, querierA, viewerB] = await Promise.all([
      principalWithToken(server, 'manager-a@example.com'),
      principalWithToken(server, 'querier-a@example.com'),
      principalWithToken(server, 'viewer-b@example.com'),
    ]);
    await grant(idA, managerA.name, 'CAN_MANAGE');
    await grant(idA, querierA.name, 'CAN_QUERY');
    await grant(idB, viewerB.name, 'CAN_VIEW');
    await grant(idB, managerA.name, 'CAN_VIEW');
    for (let index = 0; index < 3; index += 1) requestIds.a.push(await chat('log-a', `hello ${index}, I am ${CANARY_EMAIL}`));
    for (let index = 0; index < 2; index += 1) requestIds.b.push(await chat('log-b', `hi ${index}`));
    await server.app.services.capture.flush();
    await server.app.services.auth.refresh();
  });
  afterAll(async () => {
    await server?.close();
  });

  const list = (query: string, token?: string) => server.request(`${LOG}${query}`, token ? { token } : {});
  const endpointsOf = (page: InferenceLogPage) => [...new Set(page.rows.map((row) => row.endpoint_name))].sort();

  it('admins read every endpoint, filtered and paginated through query parameters', async () => {
    const all = await expectJson<InferenceLogPage>(list(''));
    expect(endpointsOf(all)).toEqual(expect.arrayContaining(['log-a', 'log-b']));
    const onlyB = await expectJson<InferenceLogPage>(list('?endpoint_name=log-b&status_code=2xx'));
    expect(onlyB.rows.map((row) => row.request_id).sort()).toEqual([...requestIds.b].sort());
    // `status` (the CLI's --status) is an alias of `status_code`.
    expect(await expectJson(list('?endpoint_name=log-b&status=5xx'))).toEqual({ rows: [] });
    expect((await expectJson<InferenceLogPage>(list('?endpoint_name=log-b&status=200'))).rows).toHaveLength(2);

    const first = await expectJson<InferenceLogPage>(list('?endpoint_name=log-a&max_results=2'));
    expect(first.rows).toHaveLength(2);
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = await expectJson<InferenceLogPage>(list(`?endpoint_name=log-a&max_results=2&page_token=${first.next_page_token}`));
    expect(second.next_page_token).toBeUndefined();
    expect([...first.rows, ...second.rows].map((row) => row.request_id).sort()).toEqual([...requestIds.a].sort());
  });

  it('the x-request-id of a call finds its row, stored with masked payloads (SEC-PII-1)', async () => {
    const row = await expectJson<InferenceLogEntry>(server.request(`${LOG}/${requestIds.a[0]}`));
    expect(row).toMatchObject({ request_id: requestIds.a[0], endpoint_name: 'log-a', status_code: 200, stream: false, served_entity_name: 'main' });
    expect(row.request).toMatchObject({ messages: [{ role: 'user', content: 'hello 0, I am [EMAIL_1]' }] });
    expect(JSON.stringify(row)).not.toContain(CANARY_EMAIL);
  });

  it('SEC API1: a manager of A sees only A, without naming an endpoint', async () => {
    const page = await expectJson<InferenceLogPage>(list('', managerA.token));
    expect(page.rows.map((row) => row.request_id).sort()).toEqual([...requestIds.a].sort());
  });

  it('SEC API1: naming an endpoint needs CAN_MANAGE: 403 when it can be viewed, 404 when not', async () => {
    expect(await expectJson(list('?endpoint_name=log-a', managerA.token))).toMatchObject({ rows: expect.any(Array) });
    expect(await expectJson(list('?endpoint_name=log-b', managerA.token), 403)).toMatchObject({ error_code: 'PERMISSION_DENIED' });
    expect(await expectJson(list('?endpoint_name=log-a', querierA.token), 403)).toMatchObject({ error_code: 'PERMISSION_DENIED' });
    expect(await expectJson(list('?endpoint_name=log-a', viewerB.token), 404)).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    expect(await expectJson(list('?endpoint_name=no-such-endpoint', viewerB.token), 404)).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('SEC API1: principals who manage nothing see no rows', async () => {
    expect(await expectJson(list('', querierA.token))).toEqual({ rows: [] });
    expect(await expectJson(list('', viewerB.token))).toEqual({ rows: [] });
  });

  it("SEC API1: a row id of B asked for by A's manager is 404, the same answer as an unknown id", async () => {
    const foreign = await expectJson(server.request(`${LOG}/${requestIds.b[0]}`, { token: managerA.token }), 404);
    const unknown = await expectJson(server.request(`${LOG}/no-such-request`, { token: managerA.token }), 404);
    expect(foreign).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Inference log row ${requestIds.b[0]} does not exist.` });
    expect(unknown).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    await expectJson(server.request(`${LOG}/${requestIds.a[0]}`, { token: querierA.token }), 404);
    expect(await expectJson<InferenceLogEntry>(server.request(`${LOG}/${requestIds.a[1]}`, { token: managerA.token }))).toMatchObject({
      request_id: requestIds.a[1],
    });
  });

  it('rejects malformed filters with 400', async () => {
    for (const query of ['?status_code=abc', '?max_results=0', '?start_time_ms=yesterday', '?endpoint=log-a', '?page_token=garbage']) {
      expect(await expectJson(list(query), 400), query).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    }
  });

  it('needs a token', async () => {
    expect((await server.request(LOG, { token: null })).status).toBe(401);
    expect((await server.request('/metrics', { token: null })).status).toBe(401);
  });

  it('GET /metrics is Prometheus text for admins and 403 for everyone else', async () => {
    const response = await server.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^gen_ai_client_operation_duration_seconds_count\{[^}]*endpoint="log-a"[^}]*\} 3$/m);
    expect(text).toMatch(/^cairn_capture_written_total \d+$/m);
    expect(text).toContain('cairn_http_requests_total{route="/api/2.0/cairn/inference-log",method="GET"');
    expect(await expectJson(server.request('/metrics', { token: managerA.token }), 403)).toMatchObject({ error_code: 'PERMISSION_DENIED' });
  });
});
