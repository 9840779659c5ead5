import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

/**
 * An MLflow client's session, request by request, as MLflow's Python REST store sends it
 * (`mlflow/utils/rest_utils.py: call_endpoint`): GET fields go in the query string through `requests`
 * (lists as repeated keys, booleans as `True`/`False`, numbers as text); every other method, DELETE
 * included, sends a JSON body. Methods and paths are those of MLflow's `model_registry.proto`.
 */
describe.each(testDialects)('an MLflow REST client against Cairn on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function callEndpoint(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', endpoint: string, body: Record<string, unknown>) {
    const headers = { authorization: `Bearer ${server.adminToken}`, 'user-agent': 'mlflow-python-client/2.x' };
    let url = `${server.url}/api/2.0/mlflow/${endpoint}`;
    let init: RequestInit = { method, headers };
    if (method === 'GET') {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          params.append(key, typeof item === 'boolean' ? (item ? 'True' : 'False') : String(item));
        }
      }
      url += `?${params.toString()}`;
    } else {
      init = { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    }
    const response = await fetch(url, init);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MLflow response protos, asserted field by field
    return { status: response.status, json: (await response.json()) as any };
  }

  it('registers, stages, aliases, searches and deletes the way MlflowClient does', async () => {
    const name = `Mlflow-Flow-${dialect}`;
    const created = await callEndpoint('POST', 'registered-models/create', {
      name,
      tags: [{ key: 'task', value: 'chat' }],
      description: 'registered by an MLflow client',
    });
    expect(created.json.registered_model).toMatchObject({ name, tags: [{ key: 'task', value: 'chat' }] });

    for (const runId of ['0123abcd', '4567efgh']) {
      const version = await callEndpoint('POST', 'model-versions/create', {
        name,
        source: `runs:/${runId}/model`,
        run_id: runId,
        tags: [{ key: 'framework', value: 'transformers' }],
      });
      expect(version.status).toBe(200);
    }
    const fetched = await callEndpoint('GET', 'model-versions/get', { name, version: '1' });
    expect(fetched.json.model_version).toMatchObject({ name, version: '1', source: 'runs:/0123abcd/model', run_id: '0123abcd', status: 'READY' });
    expect(typeof fetched.json.model_version.creation_timestamp).toBe('number');

    await callEndpoint('POST', 'model-versions/transition-stage', { name, version: '1', stage: 'Staging', archive_existing_versions: false });
    const staged = await callEndpoint('POST', 'model-versions/transition-stage', { name, version: '2', stage: 'staging', archive_existing_versions: true });
    expect(staged.json.model_version.current_stage).toBe('Staging');

    // get_latest_versions: the proto's POST with a JSON list, and GET with repeated `stages` keys.
    const latestPost = await callEndpoint('POST', 'registered-models/get-latest-versions', { name, stages: ['Staging', 'Production'] });
    expect(latestPost.json.model_versions.map((version: { version: string }) => version.version)).toEqual(['2']);
    const latestGet = await callEndpoint('GET', 'registered-models/get-latest-versions', { name, stages: ['Staging', 'Archived'] });
    expect(latestGet.json.model_versions.map((version: { version: string; current_stage: string }) => [version.version, version.current_stage])).toEqual([
      ['1', 'Archived'],
      ['2', 'Staging'],
    ]);

    await callEndpoint('POST', 'registered-models/alias', { name, alias: 'champion', version: '2' });
    const byAlias = await callEndpoint('GET', 'registered-models/alias', { name, alias: 'champion' });
    expect(byAlias.json.model_version).toMatchObject({ version: '2', aliases: ['champion'] });

    // search_registered_models / search_model_versions with query-string paging.
    await callEndpoint('POST', 'registered-models/create', { name: `${name}-b` });
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await callEndpoint('GET', 'registered-models/search', {
        filter: `name ILIKE '${name.toLowerCase()}%'`,
        max_results: 1,
        order_by: ['name ASC'],
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      expect(page.status).toBe(200);
      names.push(...page.json.registered_models.map((model: { name: string }) => model.name));
      pageToken = page.json.next_page_token;
    } while (pageToken);
    expect(names).toEqual([name, `${name}-b`]);

    // MLflow asks for up to 200 000 versions by default; Cairn caps the page instead of refusing.
    const versions = await callEndpoint('GET', 'model-versions/search', {
      filter: `name='${name}' AND tags.framework = 'transformers'`,
      max_results: 200000,
      order_by: ['version_number DESC'],
    });
    expect(versions.json.model_versions.map((version: { version: string }) => version.version)).toEqual(['2', '1']);

    const described = await callEndpoint('PATCH', 'model-versions/update', { name, version: '1', description: 'archived baseline' });
    expect(described.json.model_version.description).toBe('archived baseline');

    // DELETEs carry a JSON body from MLflow's client.
    expect((await callEndpoint('DELETE', 'model-versions/delete-tag', { name, version: '1', key: 'framework' })).json).toEqual({});
    expect((await callEndpoint('DELETE', 'registered-models/alias', { name, alias: 'champion' })).json).toEqual({});
    expect((await callEndpoint('DELETE', 'model-versions/delete', { name, version: '1' })).json).toEqual({});
    expect((await callEndpoint('DELETE', 'registered-models/delete', { name })).json).toEqual({});

    const missing = await callEndpoint('GET', 'registered-models/get', { name });
    expect(missing).toEqual({ status: 404, json: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining(name) } });
  });
});
