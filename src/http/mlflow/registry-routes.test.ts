import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const api = '/api/2.0/mlflow';

/** The registry through its MLflow REST shape, on a real server, once per storage backend. */
describe.each(testDialects)('MLflow registry routes on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Sends fields as JSON (POST/PATCH) or in the query string (GET/DELETE), as MLflow clients do. */
  async function call(method: string, path: string, fields: Record<string, unknown> = {}, token?: string) {
    let url = `${api}/${path}`;
    let json: unknown;
    if (method === 'GET' || method === 'DELETE') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
      }
      if (query.size > 0) url += `?${query}`;
    } else {
      json = fields;
    }
    const response = await server.request(url, { method, json, ...(token ? { token } : {}) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
    return { status: response.status, body: (await response.json()) as any };
  }

  it('runs the whole lifecycle: create, versions, aliases, stages, search, rename, delete', async () => {
    const created = await call('POST', 'registered-models/create', {
      name: 'lifecycle',
      description: 'a chat model',
      tags: [{ key: 'team', value: 'nlp' }],
    });
    expect(created.status).toBe(200);
    expect(created.body.registered_model).toMatchObject({
      name: 'lifecycle',
      description: 'a chat model',
      tags: [{ key: 'team', value: 'nlp' }],
      aliases: [],
      latest_versions: [],
      user_id: 'admin',
    });
    expect(created.body.registered_model.id).toEqual(expect.any(String));
    expect(Number.isInteger(created.body.registered_model.creation_timestamp)).toBe(true);

    const duplicate = await call('POST', 'registered-models/create', { name: 'lifecycle' });
    expect(duplicate).toEqual({ status: 409, body: { error_code: 'RESOURCE_ALREADY_EXISTS', message: expect.stringContaining('lifecycle') } });

    for (const [index, runId] of ['run-1', 'run-2', 'run-3'].entries()) {
      const version = await call('POST', 'model-versions/create', {
        name: 'lifecycle',
        source: `s3://bucket/lifecycle/${index + 1}`,
        run_id: runId,
        tags: [{ key: 'step', value: String(index) }],
      });
      expect(version.status).toBe(200);
      expect(version.body.model_version).toMatchObject({
        name: 'lifecycle',
        version: String(index + 1),
        status: 'READY',
        current_stage: 'None',
        run_id: runId,
        tags: [{ key: 'step', value: String(index) }],
        aliases: [],
      });
    }

    // Aliases: set, move, read back on the version and the model, delete.
    expect((await call('POST', 'registered-models/alias', { name: 'lifecycle', alias: 'champion', version: '1' })).body).toEqual({});
    expect((await call('POST', 'registered-models/alias', { name: 'lifecycle', alias: 'champion', version: 2 })).status).toBe(200);
    const byAlias = await call('GET', 'registered-models/alias', { name: 'lifecycle', alias: 'champion' });
    expect(byAlias.body.model_version).toMatchObject({ version: '2', aliases: ['champion'] });
    expect((await call('GET', 'registered-models/get', { name: 'lifecycle' })).body.registered_model.aliases).toEqual([
      { alias: 'champion', version: '2' },
    ]);
    expect((await call('DELETE', 'registered-models/alias', { name: 'lifecycle', alias: 'champion' })).status).toBe(200);
    expect((await call('GET', 'registered-models/alias', { name: 'lifecycle', alias: 'champion' })).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');

    // Stages with archive_existing_versions.
    await call('POST', 'model-versions/transition-stage', { name: 'lifecycle', version: '1', stage: 'Production', archive_existing_versions: false });
    const promoted = await call('POST', 'model-versions/transition-stage', {
      name: 'lifecycle',
      version: '2',
      stage: 'Production',
      archive_existing_versions: true,
    });
    expect(promoted.body.model_version.current_stage).toBe('Production');
    expect((await call('GET', 'model-versions/get', { name: 'lifecycle', version: '1' })).body.model_version.current_stage).toBe('Archived');
    const latest = await call('GET', 'registered-models/get-latest-versions', { name: 'lifecycle', stages: ['Production', 'Archived'] });
    expect(latest.body.model_versions.map((version: { version: string }) => version.version)).toEqual(['1', '2']);
    const badStage = await call('POST', 'model-versions/transition-stage', { name: 'lifecycle', version: '3', stage: 'Live' });
    expect(badStage).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });

    // Search with filters and pagination (max_results as a query-string string).
    await call('POST', 'registered-models/create', { name: 'lifecycle-other' });
    const firstPage = await call('GET', 'registered-models/search', { filter: "name LIKE 'lifecycle%'", max_results: '1' });
    expect(firstPage.body.registered_models.map((model: { name: string }) => model.name)).toEqual(['lifecycle']);
    expect(firstPage.body.registered_models[0].latest_versions.map((version: { version: string }) => version.version)).toEqual(['1', '2', '3']);
    const secondPage = await call('GET', 'registered-models/search', {
      filter: "name LIKE 'lifecycle%'",
      max_results: '1',
      page_token: firstPage.body.next_page_token,
    });
    expect(secondPage.body).toEqual({ registered_models: [expect.objectContaining({ name: 'lifecycle-other' })] });
    const versions = await call('GET', 'model-versions/search', { filter: "name = 'lifecycle' AND run_id IN ('run-1', 'run-3')", order_by: 'version_number DESC' });
    expect(versions.body.model_versions.map((version: { version: string }) => version.version)).toEqual(['3', '1']);
    const badFilter = await call('GET', 'registered-models/search', { filter: "name = 'x' OR name = 'y'" });
    expect(badFilter).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('OR') } });

    // Rename keeps versions and aliases; the old name is gone.
    await call('POST', 'registered-models/alias', { name: 'lifecycle', alias: 'prod', version: '2' });
    const renamed = await call('POST', 'registered-models/rename', { name: 'lifecycle', new_name: 'lifecycle-renamed' });
    expect(renamed.body.registered_model).toMatchObject({ name: 'lifecycle-renamed', id: created.body.registered_model.id, aliases: [{ alias: 'prod', version: '2' }] });
    expect((await call('GET', 'model-versions/get', { name: 'lifecycle-renamed', version: '3' })).body.model_version.source).toBe('s3://bucket/lifecycle/3');
    expect((await call('GET', 'registered-models/get', { name: 'lifecycle' })).status).toBe(404);
    expect((await call('POST', 'registered-models/rename', { name: 'lifecycle-renamed', new_name: 'lifecycle-other' })).status).toBe(409);

    // Deleting a version drops its aliases; deleting the model drops everything.
    expect((await call('DELETE', 'model-versions/delete', { name: 'lifecycle-renamed', version: '2' })).body).toEqual({});
    expect((await call('GET', 'registered-models/get', { name: 'lifecycle-renamed' })).body.registered_model.aliases).toEqual([]);
    expect((await call('DELETE', 'registered-models/delete', { name: 'lifecycle-renamed' })).status).toBe(200);
    const gone = await call('GET', 'model-versions/get', { name: 'lifecycle-renamed', version: '1' });
    expect(gone).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    const afterDelete = await call('GET', 'model-versions/search', { filter: "name = 'lifecycle-renamed'" });
    expect(afterDelete.body.model_versions).toEqual([]);
  });

  it('updates only descriptions and tags; source and run_id of a version can never change (SEC API3)', async () => {
    await call('POST', 'registered-models/create', { name: 'frozen' });
    await call('POST', 'model-versions/create', { name: 'frozen', source: 's3://frozen/1', run_id: 'r1' });

    const sneaky = await call('PATCH', 'model-versions/update', { name: 'frozen', version: '1', description: 'new', source: 's3://evil' });
    expect(sneaky).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('source') } });
    const runIdChange = await call('PATCH', 'model-versions/update', { name: 'frozen', version: '1', run_id: 'r2' });
    expect(runIdChange.status).toBe(400);
    const ownerChange = await call('PATCH', 'registered-models/update', { name: 'frozen', user_id: 'mallory' });
    expect(ownerChange.status).toBe(400);

    const updated = await call('PATCH', 'model-versions/update', { name: 'frozen', version: '1', description: 'second thoughts' });
    expect(updated.body.model_version).toMatchObject({ description: 'second thoughts', source: 's3://frozen/1', run_id: 'r1' });
    const modelUpdate = await call('PATCH', 'registered-models/update', { name: 'frozen', description: 'cold' });
    expect(modelUpdate.body.registered_model.description).toBe('cold');

    await call('POST', 'registered-models/set-tag', { name: 'frozen', key: 'k', value: 'v' });
    await call('POST', 'model-versions/set-tag', { name: 'frozen', version: '1', key: 'k', value: 'v' });
    expect((await call('GET', 'registered-models/get', { name: 'frozen' })).body.registered_model.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect((await call('DELETE', 'registered-models/delete-tag', { name: 'frozen', key: 'k' })).status).toBe(200);
    expect((await call('DELETE', 'model-versions/delete-tag', { name: 'frozen', version: '1', key: 'k' })).status).toBe(200);
    const version = (await call('GET', 'model-versions/get', { name: 'frozen', version: '1' })).body.model_version;
    expect(version).toMatchObject({ tags: [], source: 's3://frozen/1', description: 'second thoughts' });
    expect((await call('GET', 'registered-models/get', { name: 'frozen' })).body.registered_model.tags).toEqual([]);

    expect((await call('GET', 'model-versions/get', { name: 'frozen', version: 'one' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await call('GET', 'model-versions/get', { name: 'frozen', version: '7' })).status).toBe(404);
  });

  it('SEC API9: lists every MLflow registry route with its methods in /openapi.json', async () => {
    const document = (await (await server.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const methods = (path: string) => Object.keys(document.paths[`${api}/${path}`] ?? {}).sort();
    expect(methods('registered-models/alias')).toEqual(['delete', 'get', 'post']);
    expect(methods('registered-models/get-latest-versions')).toEqual(['get', 'post']);
    expect(methods('registered-models/update')).toEqual(['patch']);
    expect(methods('model-versions/delete-tag')).toEqual(['delete']);
    expect(methods('model-versions/transition-stage')).toEqual(['post']);
  });

  it('has the built-in demo model registered as version 1', async () => {
    const demo = await call('GET', 'model-versions/get', { name: 'demo', version: '1' });
    expect(demo.body.model_version).toMatchObject({ name: 'demo', version: '1', source: 'builtin://demo', status: 'READY' });
  });

  it('enforces registered-model permissions for non-admin tokens', async () => {
    const { auth } = server.app.services;
    const user = async (name: string, kind: 'user' | 'service_principal' = 'user') => {
      const record = await auth.principals.create({ kind, name }, null);
      return (await auth.tokens.create(record.id, { createdBy: null })).value;
    };
    const alice = await user(`alice-${dialect}`);
    const bob = await user(`bob-${dialect}`);
    const robot = await user(`robot-${dialect}`, 'service_principal');

    const created = await call('POST', 'registered-models/create', { name: 'alice-model' }, alice);
    expect(created.status).toBe(200);
    await call('POST', 'model-versions/create', { name: 'alice-model', source: 's3://a/1' }, alice);
    await call('POST', 'model-versions/create', { name: 'alice-model', source: 's3://a/2' }, alice);
    const modelId = created.body.registered_model.id as string;

    // Bob cannot even tell the model exists; search does not list it.
    expect((await call('GET', 'registered-models/get', { name: 'alice-model' }, bob)).status).toBe(404);
    expect((await call('GET', 'registered-models/search', {}, bob)).body.registered_models).toEqual([]);

    const grant = async (level: string) => {
      const response = await server.request(`/api/2.0/permissions/registered-models/${modelId}`, {
        method: 'PATCH',
        token: alice,
        json: { access_control_list: [{ user_name: `bob-${dialect}`, permission_level: level }] },
      });
      expect(response.status).toBe(200);
    };
    await grant('CAN_READ');
    expect((await call('GET', 'registered-models/get', { name: 'alice-model' }, bob)).status).toBe(200);
    expect((await call('GET', 'registered-models/search', {}, bob)).body.registered_models.map((model: { name: string }) => model.name)).toEqual([
      'alice-model',
    ]);
    expect((await call('POST', 'registered-models/set-tag', { name: 'alice-model', key: 'k', value: 'v' }, bob)).body.error_code).toBe(
      'PERMISSION_DENIED',
    );
    expect((await call('POST', 'model-versions/create', { name: 'alice-model', source: 's3://b' }, bob)).status).toBe(403);

    await grant('CAN_EDIT');
    expect((await call('POST', 'model-versions/transition-stage', { name: 'alice-model', version: '1', stage: 'Staging' }, bob)).status).toBe(200);
    expect((await call('POST', 'registered-models/alias', { name: 'alice-model', alias: 'champion', version: '1' }, bob)).status).toBe(200);
    expect((await call('POST', 'model-versions/transition-stage', { name: 'alice-model', version: '1', stage: 'Production' }, bob)).status).toBe(403);
    expect((await call('POST', 'registered-models/rename', { name: 'alice-model', new_name: 'bobs' }, bob)).status).toBe(403);
    expect((await call('DELETE', 'registered-models/delete', { name: 'alice-model' }, bob)).status).toBe(403);
    expect((await call('POST', 'model-versions/transition-stage', { name: 'alice-model', version: '2', stage: 'Production' }, alice)).status).toBe(200);

    // Service principals that are not admins may not create models.
    expect((await call('POST', 'registered-models/create', { name: 'robot-model' }, robot)).status).toBe(403);

    // The permissions API knows the model exists until it is deleted.
    expect(await auth.objectExists('registered-models', modelId)).toBe(true);
    expect((await call('DELETE', 'registered-models/delete', { name: 'alice-model' }, alice)).status).toBe(200);
    expect(await auth.objectExists('registered-models', modelId)).toBe(false);
    const permissionsAfter = await server.request(`/api/2.0/permissions/registered-models/${modelId}`);
    expect(permissionsAfter.status).toBe(404);
  });

  it('answers malformed input with a 4xx JSON error, never a 5xx', async () => {
    await call('POST', 'registered-models/create', { name: 'robust' });
    await call('POST', 'model-versions/create', { name: 'robust', source: 's3://robust/1' });
    const edgeCases: Array<[string, string, Record<string, unknown>]> = [
      ['GET', 'registered-models/get', { name: 'robust\u0000' }],
      ['GET', 'model-versions/get', { name: 'robust', version: '2147483648' }],
      ['GET', 'model-versions/get', { name: 'robust', version: '-1' }],
      ['GET', 'model-versions/search', { filter: 'version_number = 99999999999' }],
      ['GET', 'model-versions/search', { filter: "run_id = 'a\u0000'" }],
      ['GET', 'registered-models/search', { max_results: '1e3' }],
      ['POST', 'model-versions/create', { name: 'robust', source: 's3://x\u0000' }],
      ['POST', 'registered-models/set-tag', { name: 'robust', key: 'k', value: 'v\u0000' }],
      ['POST', 'model-versions/transition-stage', { name: 'robust', version: '1', stage: 'Staging', archive_existing_versions: 'maybe' }],
    ];
    for (const [method, path, fields] of edgeCases) {
      const response = await call(method, path, fields);
      expect(`${path} ${response.status}`).toMatch(/ 4\d\d$/);
      expect(response.body.error_code).toEqual(expect.any(String));
    }

    const paths = [
      ['POST', 'registered-models/create'],
      ['GET', 'registered-models/search'],
      ['POST', 'registered-models/search'],
      ['POST', 'registered-models/alias'],
      ['PATCH', 'model-versions/update'],
      ['POST', 'model-versions/transition-stage'],
      ['GET', 'model-versions/search'],
    ] as const;
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    const fields = fc.dictionary(fc.constantFrom('name', 'version', 'stage', 'filter', 'max_results', 'alias', 'source', 'order_by', 'page_token', 'description'), value);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fields, async ([method, path], body) => {
        const response = await call(method, path, { name: 'robust', ...body });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});
