import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackageFiles } from '../src/registry/packages/package-archive.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

/**
 * Custom models that misbehave, served for real: a model that loops for ever, allocates without bound, throws or
 * returns something that is not JSON fails only the calls it holds, with a clear error, and is captured; its replica
 * is replaced and the next call is answered; a model whose `load` throws fails its config update with the reason;
 * every other endpoint keeps serving throughout.
 */
const manifest = (capabilities: string) => [
  'flavors:',
  '  js:',
  '    entry: model.mjs',
  `    capabilities: [${capabilities}]`,
  'signature:',
  '  inputs: {type: object, properties: {mode: {type: string}}, required: [mode]}',
  'input_example: {mode: ok}',
  // Time enough to reach the memory limit on a loaded CI machine before the call timeout.
  'resources: {memory_mb: 32, timeout_ms: 5000}',
  '',
].join('\n');

const misbehaving = `
export async function load() {}
export async function predict(records) {
  const mode = records[0].mode;
  if (mode === 'loop') for (;;) {}
  if (mode === 'alloc') { const hoard = []; for (;;) hoard.push(new Array(1e5).fill(Math.random())); }
  if (mode === 'throw') throw new Error('the model refuses this input');
  if (mode === 'function') return [() => 1];
  if (mode === 'bigint') return [{ value: 10n }];
  console.log('answered', mode);
  return records.map(() => ({ ok: true }));
}
`;

const throwingLoad = `
export async function load() { throw new Error('weights file is missing'); }
export async function predict(records) { return records; }
`;

interface ErrorBody {
  error_code: string;
  message: string;
}

describe('misbehaving custom models, served', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  async function registerAndServe(name: string, module: string): Promise<Response> {
    const archive = packPackageFiles(new Map([['MLmodel', Buffer.from(manifest('predict'))], ['model.mjs', Buffer.from(module)]]));
    const uploaded = (await (await server.request('/api/2.0/cairn/model-packages', { method: 'POST', body: archive, headers: { 'content-type': 'application/gzip' } })).json()) as {
      package: { source: string };
    };
    await server.request('/api/2.0/mlflow/registered-models/create', { method: 'POST', json: { name } });
    const created = await server.request('/api/2.0/mlflow/model-versions/create', { method: 'POST', json: { name, source: uploaded.package.source } });
    const version = ((await created.json()) as { model_version: { version: string } }).model_version.version;
    await server.app.services.packages.whenSettled(name, version);
    return server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: { name, config: { served_entities: [{ name: 'main', entity_name: name, entity_version: version, workload_size: 'Small' }] } },
    });
  }

  const predict = (endpoint: string, mode: string) =>
    server.request(`/serving-endpoints/${endpoint}/invocations`, { method: 'POST', json: { dataframe_records: [{ mode }] } });

  async function expectFailure(mode: string, status: number, code: string, text: string): Promise<void> {
    const response = await predict('misbehaving', mode);
    const body = (await response.json()) as ErrorBody;
    expect(response.status, body.message).toBe(status);
    expect(body.error_code).toBe(code);
    expect(body.message).toContain(text);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
    // The next call is answered (by a replacement replica when the failure ended the replica).
    const next = await predict('misbehaving', 'ok');
    expect(next.status, await next.clone().text()).toBe(200);
    // Another endpoint never noticed.
    const demo = await server.request('/serving-endpoints/demo-chat/invocations', { method: 'POST', json: { messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 } });
    expect(demo.status).toBe(200);
  }

  it('an infinite loop, unbounded allocation, a throw and non-JSON output fail only their calls, and are captured', async () => {
    expect((await registerAndServe('misbehaving', misbehaving)).status).toBe(200);
    expect((await predict('misbehaving', 'ok')).status).toBe(200);

    await expectFailure('loop', 504, 'MODEL_TIMEOUT', '5000 ms');
    await expectFailure('alloc', 502, 'MODEL_OUT_OF_MEMORY', 'memory');
    await expectFailure('throw', 502, 'MODEL_ERROR', 'the model refuses this input');
    await expectFailure('function', 502, 'MODEL_ERROR', 'not JSON-serialisable');
    await expectFailure('bigint', 502, 'MODEL_ERROR', 'not JSON-serialisable');

    await server.app.services.capture.flush();
    const rows = await server.app.services.storage.db
      .selectFrom('inference_log')
      .select(['status_code', 'error_code'])
      .where('endpoint_name', '=', 'misbehaving')
      .execute();
    const codes = rows.map((row) => row.error_code).filter((code) => code !== null);
    expect(codes).toEqual(expect.arrayContaining(['MODEL_TIMEOUT', 'MODEL_OUT_OF_MEMORY', 'MODEL_ERROR']));
    expect(codes.filter((code) => code === 'MODEL_ERROR')).toHaveLength(3);

    const logs = ((await (await server.request('/api/2.0/serving-endpoints/misbehaving/served-models/main/logs')).json()) as { logs: string }).logs;
    expect(logs).toContain('answered ok');
    expect(logs).toMatch(/timeout/i);
    expect(logs).toMatch(/out[ _]of[ _]memory/i);
  }, 120_000);

  it('a model whose load() throws fails its endpoint\'s config update with the reason, and the entity shows FAILED', async () => {
    expect((await registerAndServe('no-weights', throwingLoad)).status).toBe(200);
    const view = (await (await server.request('/api/2.0/serving-endpoints/no-weights')).json()) as {
      state: { config_update: string; config_update_message?: string };
      config?: { served_entities: Array<{ state?: { deployment: string; serving_state?: string; deployment_state_message: string } }> };
      pending_config?: { served_entities: Array<{ state?: { deployment: string; serving_state?: string; deployment_state_message: string } }> };
    };
    expect(view.state.config_update).toBe('UPDATE_FAILED');
    expect(view.state.config_update_message).toContain('weights file is missing');
    const entity = (view.config ?? view.pending_config)?.served_entities[0]?.state;
    expect(entity).toMatchObject({ deployment: 'DEPLOYMENT_FAILED', serving_state: 'FAILED' });
    expect(entity?.deployment_state_message).toContain('weights file is missing');
    const query = await predict('no-weights', 'ok');
    expect(query.status).toBe(503);
    expect(((await query.json()) as ErrorBody).message).toContain('weights file is missing');
  }, 120_000);
});
