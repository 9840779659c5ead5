import http from 'node:http';
import type https from 'node:https';
import { ApiError, Config, PatCredentials, Time, TimeUnits, WorkspaceClient } from '@databricks/sdk-experimental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

/**
 * The SDK rewrites every host to https on port 443 (Config.fixHost); pointing it at a local http server
 * needs this getHost override and an http agent. Nothing else is mocked: the SDK talks to a real Cairn.
 */
class LocalConfig extends Config {
  constructor(
    private readonly baseUrl: string,
    token: string,
  ) {
    super({ host: baseUrl, token, authType: 'pat', credentials: new PatCredentials(), loaders: [], env: {}, retryTimeoutSeconds: 5 });
  }
  override async getHost(): Promise<URL> {
    await this.ensureResolved();
    return new URL(this.baseUrl);
  }
}

function databricksClient(baseUrl: string, token: string): WorkspaceClient {
  return new WorkspaceClient(new LocalConfig(baseUrl, token), {
    agent: new http.Agent({ keepAlive: false }) as unknown as https.Agent,
    product: 'cairn-it',
    productVersion: '0.0.1',
  });
}

describe.each(testDialects)('@databricks/sdk-experimental against Cairn on %s', (dialect) => {
  let server: TestServer;
  let client: WorkspaceClient;
  const wait = { timeout: new Time(20, TimeUnits.seconds) };

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    client = databricksClient(server.url, server.adminToken);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates, waits, gets, lists, updates, queries and deletes an endpoint', async () => {
    const created = await client.servingEndpoints.create({
      name: 'sdk-chat',
      config: { name: 'sdk-chat', served_entities: [{ name: 'demo-1', entity_name: 'demo', entity_version: '1' }] },
      tags: [{ key: 'team', value: 'ml' }],
    });
    expect(created.name).toBe('sdk-chat');
    const ready = await created.wait(wait);
    expect(ready.state).toMatchObject({ ready: 'READY', config_update: 'NOT_UPDATING' });

    const fetched = await client.servingEndpoints.get({ name: 'sdk-chat' });
    expect(fetched.config?.served_entities?.[0]?.name).toBe('demo-1');
    expect(fetched.tags).toEqual([{ key: 'team', value: 'ml' }]);

    const names: string[] = [];
    for await (const endpoint of client.servingEndpoints.list()) names.push(endpoint.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['demo-chat', 'sdk-chat']));

    const updating = await client.servingEndpoints.updateConfig({
      name: 'sdk-chat',
      served_entities: [
        { name: 'demo-1', entity_name: 'demo', entity_version: '1' },
        { name: 'demo-b', entity_name: 'demo', entity_version: '1' },
      ],
      traffic_config: { routes: [{ served_model_name: 'demo-1', traffic_percentage: 50 }, { served_model_name: 'demo-b', traffic_percentage: 50 }] },
    });
    const updated = await updating.wait(wait);
    expect(updated.config?.config_version).toBe(2);
    expect(updated.config?.served_entities?.map((entity) => entity.name)).toEqual(['demo-1', 'demo-b']);

    const answer = await client.servingEndpoints.query({ name: 'sdk-chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 });
    expect(typeof answer.choices?.[0]?.message?.content).toBe('string');
    expect(['demo-1', 'demo-b']).toContain((answer as Record<string, unknown>)['served-model-name']);

    // Sizing fields and the runtime log, as the SDK sends and reads them.
    const sized = await (await client.servingEndpoints.updateConfig({
      name: 'sdk-chat',
      served_entities: [{ name: 'demo-1', entity_name: 'demo', entity_version: '1', workload_size: 'Small', scale_to_zero_enabled: true }],
    })).wait(wait);
    expect(sized.config?.served_entities?.[0]).toMatchObject({ workload_size: 'Small', scale_to_zero_enabled: true });
    const logs = await client.servingEndpoints.logs({ name: 'sdk-chat', served_model_name: 'demo-1' });
    expect(logs.logs).toContain('replica-1 started');

    // sdk-experimental 0.14.2 sends PATCH without its body; Cairn tolerates the empty PATCH and changes nothing.
    const patched = await client.servingEndpoints.patch({ name: 'sdk-chat', add_tags: [{ key: 'env', value: 'test' }] });
    expect(patched).toBeDefined();

    await client.servingEndpoints.delete({ name: 'sdk-chat' });
    const gone = await client.servingEndpoints.get({ name: 'sdk-chat' }).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ApiError);
    expect((gone as ApiError).statusCode).toBe(404);
    expect((gone as ApiError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('surfaces Cairn validation errors as ApiError with the error code', async () => {
    const failure = await client.servingEndpoints
      .create({
        name: 'sdk-bad',
        config: {
          name: 'sdk-bad',
          served_entities: [{ name: 'a', entity_name: 'demo', entity_version: '1' }],
          traffic_config: { routes: [{ served_model_name: 'a', traffic_percentage: 70 }] },
        },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).statusCode).toBe(400);
    expect((failure as ApiError).errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect((failure as ApiError).message).toMatch(/sum to 100/);
  });
});
