import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

interface EndpointBody {
  name: string;
  id: string;
  state: { ready: string; config_update: string; config_update_message?: string };
  config?: { config_version: number; served_entities: Array<Record<string, unknown>>; traffic_config: { routes: Array<Record<string, unknown>> } };
  tags: Array<{ key: string; value?: string }>;
}

describe.each(testDialects)('serving endpoints lifecycle on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await server.request(path, { method, json });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('deploys the demo endpoint at first start', async () => {
    const { status, body } = await call('GET', '/api/2.0/serving-endpoints/demo-chat');
    expect(status).toBe(200);
    const endpoint = body as unknown as EndpointBody;
    expect(endpoint.state).toEqual({ ready: 'READY', config_update: 'NOT_UPDATING' });
    expect(endpoint.config?.served_entities[0]).toMatchObject({ name: 'demo-1', entity_name: 'demo', entity_version: '1', state: { deployment: 'DEPLOYMENT_READY' } });
  });

  it('creates, updates, rolls back, tags and deletes an endpoint, keeping every config version', async () => {
    const created = await call('POST', '/api/2.0/serving-endpoints', {
      name: 'life',
      config: { served_entities: [{ name: 'blue', entity_name: 'demo', entity_version: '1' }] },
      tags: [{ key: 'team', value: 'ml' }],
    });
    expect(created.status).toBe(200);
    expect((created.body as unknown as EndpointBody).state).toEqual({ ready: 'READY', config_update: 'NOT_UPDATING' });
    expect((created.body as unknown as EndpointBody).config?.config_version).toBe(1);

    const updated = await call('PUT', '/api/2.0/serving-endpoints/life/config', {
      served_entities: [
        { name: 'blue', entity_name: 'demo', entity_version: '1' },
        { name: 'green', entity_name: 'demo', entity_version: '1' },
      ],
      traffic_config: { routes: [{ served_model_name: 'blue', traffic_percentage: 80 }, { served_model_name: 'green', traffic_percentage: 20 }] },
    });
    expect(updated.status).toBe(200);
    const afterUpdate = updated.body as unknown as EndpointBody;
    expect(afterUpdate.config?.config_version).toBe(2);
    expect(afterUpdate.config?.traffic_config.routes).toEqual([
      { served_model_name: 'blue', traffic_percentage: 80 },
      { served_model_name: 'green', traffic_percentage: 20 },
    ]);

    const rolledBack = await call('POST', '/api/2.0/cairn/serving-endpoints/life/rollback', {});
    expect(rolledBack.status).toBe(200);
    const afterRollback = rolledBack.body as unknown as EndpointBody;
    expect(afterRollback.config?.config_version).toBe(3);
    expect(afterRollback.config?.served_entities.map((entity) => entity.name)).toEqual(['blue']);

    const versions = await call('GET', '/api/2.0/cairn/serving-endpoints/life/config-versions');
    const list = versions.body.config_versions as Array<{ config_version: number; current: boolean }>;
    expect(list.map((version) => version.config_version)).toEqual([3, 2, 1]);
    expect(list.filter((version) => version.current).map((version) => version.config_version)).toEqual([3]);

    const explicit = await call('POST', '/api/2.0/cairn/serving-endpoints/life/rollback', { config_version: 2 });
    expect((explicit.body as unknown as EndpointBody).config?.served_entities.map((entity) => entity.name)).toEqual(['blue', 'green']);

    const tags = await call('PATCH', '/api/2.0/serving-endpoints/life/tags', { add_tags: [{ key: 'tier', value: 'gold' }], delete_tags: ['team'] });
    expect(tags.body).toEqual({ tags: [{ key: 'tier', value: 'gold' }] });

    const listed = await call('GET', '/api/2.0/serving-endpoints');
    expect((listed.body.endpoints as EndpointBody[]).map((endpoint) => endpoint.name)).toEqual(expect.arrayContaining(['demo-chat', 'life']));

    expect((await call('DELETE', '/api/2.0/serving-endpoints/life')).status).toBe(200);
    expect((await call('GET', '/api/2.0/serving-endpoints/life')).status).toBe(404);
    const query = await server.request('/serving-endpoints/life/invocations', { method: 'POST', json: { messages: [{ role: 'user', content: 'hi' }] } });
    expect(query.status).toBe(404);
  });

  it('rejects bad configs with clear 4xx errors and stores nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: 'bad name!', config: { served_entities: [{ entity_name: 'demo', entity_version: '1' }] } }, 400, 'INVALID_PARAMETER_VALUE'],
      [{ name: 'x1', config: { served_entities: [{ entity_name: 'demo', entity_version: '99' }] } }, 400, 'INVALID_PARAMETER_VALUE'],
      [{ name: 'x2', config: { served_entities: [{ entity_name: 'nope', entity_version: '1' }] } }, 400, 'INVALID_PARAMETER_VALUE'],
      [
        {
          name: 'x3',
          config: {
            served_entities: [{ name: 'a', entity_name: 'demo', entity_version: '1' }, { name: 'b', entity_name: 'demo', entity_version: '1' }],
            traffic_config: { routes: [{ served_model_name: 'a', traffic_percentage: 50 }, { served_model_name: 'b', traffic_percentage: 40 }] },
          },
        },
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [{ name: 'demo-chat', config: { served_entities: [{ entity_name: 'demo', entity_version: '1' }] } }, 409, 'RESOURCE_ALREADY_EXISTS'],
      [{ name: 'x4', config: { served_entities: [{ entity_name: 'demo', entity_version: '1' }] }, owner: 'mallory' }, 400, 'INVALID_PARAMETER_VALUE'],
      [{ name: 'x5', config: { served_entities: [{ external_model: { name: 'm', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_base: 'http://169.254.169.254/v1' } } }] } }, 400, 'INVALID_PARAMETER_VALUE'],
    ];
    for (const [body, status, code] of cases) {
      const result = await call('POST', '/api/2.0/serving-endpoints', body);
      expect({ status: result.status, code: result.body.error_code }).toEqual({ status, code });
      expect(JSON.stringify(result.body)).not.toMatch(/at .*\.ts:\d+/);
    }
    const listed = await call('GET', '/api/2.0/serving-endpoints');
    expect((listed.body.endpoints as EndpointBody[]).map((endpoint) => endpoint.name)).not.toEqual(expect.arrayContaining(['x1', 'x2', 'x3', 'x4', 'x5']));
  });

  it('queries through the Databricks invocations route in every input shape', async () => {
    const invoke = (json: unknown) => server.request('/serving-endpoints/demo-chat/invocations', { method: 'POST', json });
    const chat = await invoke({ messages: [{ role: 'user', content: 'hello' }], max_tokens: 5 });
    expect(chat.status).toBe(200);
    expect(chat.headers.get('served-model-name')).toBe('demo-1');
    expect(((await chat.json()) as { object: string }).object).toBe('chat.completion');
    const completion = await invoke({ prompt: 'hello', max_tokens: 5 });
    expect(((await completion.json()) as { object: string }).object).toBe('text_completion');
    const embedding = await invoke({ input: 'hello' });
    expect(((await embedding.json()) as { data: unknown[] }).data).toHaveLength(1);
    const records = await invoke({ dataframe_records: [{ prompt: 'a' }, { prompt: 'b' }], max_tokens: 3 });
    expect(((await records.json()) as { predictions: string[] }).predictions).toHaveLength(2);
    const empty = await invoke({ foo: 1 });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });

    // The endpoint's own Prometheus text holds its series and no other endpoint's.
    const metrics = await server.request('/api/2.0/serving-endpoints/demo-chat/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/cairn_requests_total\{[^}]*endpoint="demo-chat"[^}]*status_code="200"[^}]*\} [1-9]/);
    expect(text).toMatch(/gen_ai_client_operation_duration_seconds_bucket\{[^}]*endpoint="demo-chat"/);
    expect(text).not.toMatch(/endpoint="(?!demo-chat")/);
  });
});

describe('provider network policy (SEC API7)', () => {
  it('refuses loopback and private provider URLs when private networks are denied', async () => {
    const server = await startTestServer({ config: { providers: { allow_private_networks: false } } });
    try {
      for (const base of ['http://127.0.0.1:9/v1', 'http://10.1.2.3/v1', 'http://169.254.169.254/latest']) {
        const response = await server.request('/api/2.0/serving-endpoints', {
          method: 'POST',
          json: { name: 'private', config: { served_entities: [{ external_model: { name: 'm', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_base: base } } }] } },
        });
        expect(response.status, base).toBe(400);
        expect(await response.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      }
    } finally {
      await server.close();
    }
  });
});
