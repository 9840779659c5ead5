import { appendFileSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageLimitsOf, packPackageFiles, readPackageDirectory } from '../src/registry/packages/package-archive.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

/**
 * The shipped example packages as a user runs them: registered from examples/ (the keyword extractor installs its
 * npm dependency into its version's directory), served behind replica pools (predict, chat, streaming), scaled up
 * under load, and a tampered package refused with the endpoint showing why.
 */
const examples = path.resolve(import.meta.dirname, '../examples');

interface EntityState {
  deployment: string;
  deployment_state_message: string;
  serving_state?: string;
  replicas?: { replicas: number; target_replicas: number; min_replicas: number; max_replicas: number; queue_depth: number };
}
interface EndpointBody {
  state: { ready: string; config_update: string };
  config?: { served_entities: Array<{ name: string; state?: EntityState }> };
  pending_config?: { served_entities: Array<{ name: string; state?: EntityState }> };
}

describe('example packages served end to end', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      config: {
        // An eager autoscaler so a short burst shows a scale-up.
        models: { pools: { target_queue_wait_ms: 5, autoscale_interval_ms: 50, scale_down_idle_ms: 600_000 } },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  async function register(name: string, folder: string): Promise<{ version: string; status: string; status_message?: string }> {
    const files = await readPackageDirectory(path.join(examples, folder), packageLimitsOf(server.app.services.config.models));
    const uploaded = await server.request('/api/2.0/cairn/model-packages', { method: 'POST', body: packPackageFiles(files), headers: { 'content-type': 'application/gzip' } });
    expect(uploaded.status).toBe(200);
    const { package: stored } = (await uploaded.json()) as { package: { source: string } };
    await server.request('/api/2.0/mlflow/registered-models/create', { method: 'POST', json: { name } });
    const created = await server.request('/api/2.0/mlflow/model-versions/create', { method: 'POST', json: { name, source: stored.source } });
    expect(created.status).toBe(200);
    const { model_version: version } = (await created.json()) as { model_version: { version: string } };
    await server.app.services.packages.whenSettled(name, version.version);
    const fetched = await server.request(`/api/2.0/mlflow/model-versions/get?name=${name}&version=${version.version}`);
    return ((await fetched.json()) as { model_version: { version: string; status: string; status_message?: string } }).model_version;
  }

  async function createEndpoint(name: string, entity: Record<string, unknown>): Promise<Response> {
    return server.request('/api/2.0/serving-endpoints', { method: 'POST', json: { name, config: { served_entities: [entity] } } });
  }

  async function endpoint(name: string): Promise<EndpointBody> {
    return (await (await server.request(`/api/2.0/serving-endpoints/${name}`)).json()) as EndpointBody;
  }

  it('the keyword extractor registers with its dependency, serves predictions and enforces its signature', async () => {
    const version = await register('keywords', 'keyword-extractor');
    expect(version.status, version.status_message).toBe('READY');
    const created = await createEndpoint('keywords', { name: 'rake', entity_name: 'keywords', entity_version: version.version, workload_size: 'Small' });
    expect(created.status).toBe(200);

    const text = 'Compatibility of systems of linear constraints over the set of natural numbers. Criteria of compatibility of a system of linear Diophantine equations are considered.';
    const response = await server.request('/serving-endpoints/keywords/invocations', { method: 'POST', json: { dataframe_records: [{ text, top_k: 3 }] } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { predictions: Array<{ keywords: Array<{ term: string; score: number }> }> };
    expect(body.predictions).toHaveLength(1);
    const terms = body.predictions[0]!.keywords.map((keyword) => keyword.term);
    expect(terms).toHaveLength(3);
    expect(terms).toContain('linear diophantine equations');

    const wrong = await server.request('/serving-endpoints/keywords/invocations', { method: 'POST', json: { dataframe_records: [{ text }, { body: 'no text field' }] } });
    expect(wrong.status).toBe(400);
    const error = (await wrong.json()) as { error_code: string; message: string; fields: Array<{ field: string }> };
    expect(error.error_code).toBe('SIGNATURE_MISMATCH');
    expect(error.fields.map((field) => field.field)).toContain('records[1]');
    expect(error.message).toContain('records[1]');

    // A model that only predicts has no LLM task (as Databricks shows custom models); the docs assistant chats.
    expect(((await (await server.request('/api/2.0/serving-endpoints/keywords')).json()) as { task?: string }).task).toBeUndefined();

    const logs = (await (await server.request('/api/2.0/serving-endpoints/keywords/served-models/rake/logs')).json()) as { logs: string };
    expect(logs.logs).toMatch(/replica-\d+/);
  }, 180_000);

  it('the docs assistant chats over Cairn\'s docs, streamed and not, through the OpenAI SDK', async () => {
    const version = await register('docs-assistant', 'docs-assistant');
    expect(version.status, version.status_message).toBe('READY');
    expect((await createEndpoint('docs', { name: 'assistant', entity_name: 'docs-assistant', entity_version: version.version })).status).toBe(200);
    expect(((await (await server.request('/api/2.0/serving-endpoints/docs')).json()) as { task?: string }).task).toBe('llm/v1/chat');
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.adminToken, maxRetries: 0 });
    const question = 'How do I create a serving endpoint?';

    const whole = await client.chat.completions.create({ model: 'docs', messages: [{ role: 'user', content: question }] });
    const answer = whole.choices[0]!.message.content ?? '';
    expect(answer).toContain('serving.md');
    expect(whole.usage?.completion_tokens).toBeGreaterThan(0);

    const stream = await client.chat.completions.create({ model: 'docs', messages: [{ role: 'user', content: question }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) deltas.push(delta);
    }
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(answer);

    // The same model through the Anthropic front door, streamed, with the official SDK (key sent as x-api-key).
    const anthropic = new Anthropic({ baseURL: server.url, apiKey: server.adminToken, maxRetries: 0 });
    const streamed: string[] = [];
    const messages = anthropic.messages.stream({ model: 'docs', max_tokens: 1024, messages: [{ role: 'user', content: question }] });
    messages.on('text', (text) => streamed.push(text));
    const final = await messages.finalMessage();
    expect(streamed.join('')).toBe(answer);
    expect(final.content[0]).toMatchObject({ type: 'text', text: answer });
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  }, 180_000);

  it('a Small keyword endpoint scales out under a burst of concurrent clients', async () => {
    const record = { text: 'Replica pools scale custom models with load; the autoscaler adds replicas when the queue wait passes its target.' };
    const readReplicas = async () => (await endpoint('keywords')).config?.served_entities[0]?.state?.replicas;
    expect((await readReplicas())?.max_replicas).toBe(4);
    let most = (await readReplicas())?.replicas ?? 0;
    // Bounded: bursts of 32 concurrent calls until a second replica serves (or the attempts run out).
    for (let burst = 0; burst < 40 && most < 2; burst++) {
      const answers = await Promise.all(
        Array.from({ length: 32 }, () => server.request('/serving-endpoints/keywords/invocations', { method: 'POST', json: { dataframe_records: [record] } })),
      );
      for (const answer of answers) expect([200, 429]).toContain(answer.status);
      most = Math.max(most, (await readReplicas())?.replicas ?? 0);
    }
    expect(most).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('SEC-SC-1: a package whose files were changed on disk refuses to load and the endpoint shows FAILED with the file', async () => {
    const version = await register('tampered', 'keyword-extractor');
    expect(version.status).toBe('READY');
    const directory = path.join(server.app.services.config.data_dir, 'models', 'tampered', version.version);
    appendFileSync(path.join(directory, 'model.js'), '\n// changed after registration\n');
    const created = await createEndpoint('tampered', { name: 'rake', entity_name: 'tampered', entity_version: version.version });
    expect(created.status).toBe(200);
    const view = await endpoint('tampered');
    expect(view.state.config_update).toBe('UPDATE_FAILED');
    const entity = (view.config ?? view.pending_config)?.served_entities[0]?.state;
    expect(entity?.deployment).toBe('DEPLOYMENT_FAILED');
    expect(entity?.serving_state).toBe('FAILED');
    expect(entity?.deployment_state_message).toContain('model.js');
    const query = await server.request('/serving-endpoints/tampered/invocations', { method: 'POST', json: { dataframe_records: [{ text: 'x' }] } });
    expect(query.status).toBe(503);
    // Every other endpoint still serves.
    expect((await server.request('/serving-endpoints/keywords/invocations', { method: 'POST', json: { dataframe_records: [{ text: 'still serving' }] } })).status).toBe(200);
  }, 180_000);
});
