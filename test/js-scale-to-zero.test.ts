import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packPackageFiles } from '../src/registry/packages/package-archive.js';
import { packageFiles } from '../src/registry/packages/test-support/package-fixtures.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

interface EntityState {
  serving_state: string;
  replicas: { replicas: number; min_replicas: number; max_replicas: number };
}

/**
 * Scale to zero with a real worker-thread model: an idle entity stops its last replica (SCALED_TO_ZERO), and the
 * first call after that waits for a cold start (load + warm-up) and is answered, never refused.
 */
describe('a custom JS model scaled to zero', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ config: { models: { pools: { scale_to_zero_idle_ms: 300, autoscale_interval_ms: 50 } } } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const entityState = async (): Promise<EntityState> => {
    const body = (await (await server.request('/api/2.0/serving-endpoints/sleepy')).json()) as { config: { served_entities: Array<{ state: EntityState }> } };
    return body.config.served_entities[0]!.state;
  };

  it('goes to zero when idle and answers the next call after a cold start', async () => {
    const archive = packPackageFiles(packageFiles({ MLmodel: packageFiles().get('MLmodel')!.toString().replace('entry: model.js', 'entry: model.mjs'), 'model.js': undefined, 'model.mjs': packageFiles().get('model.js')! }));
    const uploaded = (await (await server.request('/api/2.0/cairn/model-packages', { method: 'POST', body: archive, headers: { 'content-type': 'application/gzip' } })).json()) as { package: { source: string } };
    await server.request('/api/2.0/mlflow/registered-models/create', { method: 'POST', json: { name: 'sleepy' } });
    await server.request('/api/2.0/mlflow/model-versions/create', { method: 'POST', json: { name: 'sleepy', source: uploaded.package.source } });
    await server.app.services.packages.whenSettled('sleepy', '1');
    const created = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: { name: 'sleepy', config: { served_entities: [{ name: 'main', entity_name: 'sleepy', entity_version: '1', workload_size: 'Small', scale_to_zero_enabled: true }] } },
    });
    expect(created.status).toBe(200);
    // The config update started (and warmed) one replica, so a model that cannot load would have failed it.
    expect((await entityState()).replicas.min_replicas).toBe(0);

    await vi.waitFor(async () => expect((await entityState()).serving_state).toBe('SCALED_TO_ZERO'), { timeout: 15_000, interval: 50 });
    expect((await entityState()).replicas.replicas).toBe(0);

    const answer = await server.request('/serving-endpoints/sleepy/invocations', { method: 'POST', json: { dataframe_records: [{ text: 'wake up' }] } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ predictions: [{ length: 7 }] });

    const metrics = await (await server.request('/metrics')).text();
    expect(metrics).toMatch(/cairn_serving_cold_start_seconds_count\{endpoint="sleepy",served_entity="main"\} [2-9]/);
    const logs = ((await (await server.request('/api/2.0/serving-endpoints/sleepy/served-models/main/logs')).json()) as { logs: string }).logs;
    expect(logs).toMatch(/replica-2 started/);
  }, 60_000);
});
