import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { principalWithToken } from '../src/http/databricks/test-support/auth-fixtures.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

interface EntityState {
  deployment: string;
  serving_state: string;
  replicas: { replicas: number; target_replicas: number; min_replicas: number; max_replicas: number; queue_depth: number; in_flight: number };
}

/**
 * Replica pools through the real server: the demo model sized `Small` with scale to zero, on a pool whose queue
 * holds nothing (max_queue 0) and which idles down at once, so "no free replica" is a state the test can reach
 * without racing the clock.
 */
describe('replica pools (demo model, workload_size Small, scale to zero)', () => {
  let server: TestServer;
  let querier: { token: string };

  const entityState = async (): Promise<EntityState> => {
    const response = await server.request('/api/2.0/serving-endpoints/pooled');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { config: { served_entities: Array<{ name: string; state: EntityState }> } };
    return body.config.served_entities.find((entity) => entity.name === 'main')!.state;
  };

  beforeAll(async () => {
    server = await startTestServer({
      config: { models: { pools: { max_queue: 0, scale_to_zero_idle_ms: 1, autoscale_interval_ms: 10, queue_timeout_ms: 5_000 } } },
    });
    const created = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: {
        name: 'pooled',
        config: { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1', workload_size: 'Small', scale_to_zero_enabled: true }] },
      },
    });
    expect(created.status).toBe(200);
    querier = await principalWithToken(server, 'pool-querier');
    const { id } = (await (await server.request('/api/2.0/serving-endpoints/pooled')).json()) as { id: string };
    const granted = await server.request(`/api/2.0/permissions/serving-endpoints/${id}`, {
      method: 'PATCH',
      json: { access_control_list: [{ user_name: 'pool-querier', permission_level: 'CAN_QUERY' }] },
    });
    expect(granted.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('shows the entity scaled to zero with its replica bounds, and answers 429 with Retry-After when no replica is free', async () => {
    await vi.waitFor(async () => expect((await entityState()).serving_state).toBe('SCALED_TO_ZERO'), { timeout: 10_000, interval: 20 });
    const state = await entityState();
    expect(state).toMatchObject({ deployment: 'DEPLOYMENT_READY', replicas: { replicas: 0, target_replicas: 0, min_replicas: 0, max_replicas: 4, queue_depth: 0 } });

    const response = await server.request('/serving-endpoints/pooled/invocations', { method: 'POST', json: { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 } });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error_code: 'ENTITY_QUEUE_FULL' });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);

    const metrics = await (await server.request('/metrics')).text();
    expect(metrics).toMatch(/cairn_serving_queue_rejections_total\{endpoint="pooled",served_entity="main",reason="queue_full"\} [1-9]/);
    expect(metrics).toContain('cairn_serving_cold_start_seconds_count{endpoint="pooled",served_entity="main"}');
  });

  it('serves the runtime log to managers only, and 404 for an unknown entity', async () => {
    const response = await server.request('/api/2.0/serving-endpoints/pooled/served-models/main/logs');
    expect(response.status).toBe(200);
    const { logs } = (await response.json()) as { logs: string };
    const lines = logs.split('\n');
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z \[[\w-]+\] \[(stdout|stderr|system)\] /.test(line))).toBe(true);
    expect(logs).toMatch(/\[pool\] \[system\] replica-1 started in \d+ ms/);
    expect(logs).toContain('scaled 1→0 because no calls for');

    const forbidden = await server.request('/api/2.0/serving-endpoints/pooled/served-models/main/logs', { token: querier.token });
    expect(forbidden.status).toBe(403);
    const unknown = await server.request('/api/2.0/serving-endpoints/pooled/served-models/nope/logs');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('rejects sizing fields Databricks would reject, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ workload_size: 'small' }, 'workload_size'],
      [{ workload_size: 'Small', max_provisioned_concurrency: 8 }, 'max_provisioned_concurrency'],
      [{ min_provisioned_concurrency: 16, max_provisioned_concurrency: 8 }, 'min_provisioned_concurrency'],
    ];
    for (const [fields, field] of cases) {
      const response = await server.request('/api/2.0/serving-endpoints/pooled/config', {
        method: 'PUT',
        json: { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1', ...fields }] },
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error_code: string; message: string };
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(body.message).toContain(field);
    }
  });

  it('echoes provisioned concurrency back and sizes the pool from it', async () => {
    const response = await server.request('/api/2.0/serving-endpoints/pooled/config', {
      method: 'PUT',
      json: { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1', min_provisioned_concurrency: 2, max_provisioned_concurrency: 6 }] },
    });
    expect(response.status).toBe(200);
    await vi.waitFor(async () => expect((await entityState()).replicas).toMatchObject({ min_replicas: 2, max_replicas: 6 }), { timeout: 10_000, interval: 20 });
    const body = (await (await server.request('/api/2.0/serving-endpoints/pooled')).json()) as { config: { served_entities: Array<Record<string, unknown>> } };
    expect(body.config.served_entities[0]).toMatchObject({ min_provisioned_concurrency: 2, max_provisioned_concurrency: 6 });
    const chat = await server.request('/serving-endpoints/pooled/invocations', { method: 'POST', json: { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 } });
    expect(chat.status).toBe(200);
  });
});

/**
 * For external models the sizing fields cap the calls sent upstream: an upstream that counts how many requests it
 * holds at once never sees more than the entity's size, however many clients call, and the calls beyond it wait in
 * the queue and are answered.
 */
describe('replica pools cap the concurrency sent to an external model', () => {
  let server: TestServer;
  let upstream: Server;
  let upstreamUrl: string;
  let holding = 0;
  let mostHeld = 0;
  const releases: Array<() => void> = [];

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        holding++;
        mostHeld = Math.max(mostHeld, holding);
        // Held until the test lets go, so the cap is observed while every client is waiting.
        releases.push(() => {
          holding--;
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({
            id: 'chatcmpl-capped', object: 'chat.completion', created: 1, model: 'capped',
            choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }));
        });
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
    server = await startTestServer();
    const created = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: {
        name: 'capped',
        config: {
          served_entities: [{
            name: 'upstream',
            max_provisioned_concurrency: 3,
            external_model: { name: 'capped', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_base: upstreamUrl, openai_api_key_plaintext: 'sk-capped' } },
          }],
        },
      },
    });
    expect(created.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    for (const release of releases.splice(0)) release();
    await server?.close();
    await new Promise<void>((resolve) => upstream?.close(() => resolve()));
  });

  it('never holds more than max_provisioned_concurrency calls upstream; the rest queue and are answered', async () => {
    const calls = Array.from({ length: 10 }, () =>
      server.request('/v1/chat/completions', { method: 'POST', json: { model: 'capped', messages: [{ role: 'user', content: 'hi' }] } }));
    await vi.waitFor(() => expect(holding).toBe(3), { timeout: 10_000, interval: 20 });
    const state = (await (await server.request('/api/2.0/serving-endpoints/capped')).json()) as { config: { served_entities: Array<{ state: EntityState }> } };
    expect(state.config.served_entities[0]!.state.replicas).toMatchObject({ max_replicas: 3, in_flight: 3, queue_depth: 7 });
    // Let calls go one at a time: each answer frees a slot that the next queued call takes.
    for (let answered = 0; answered < 10; answered++) {
      await vi.waitFor(() => expect(releases.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
      releases.shift()!();
    }
    const responses = await Promise.all(calls);
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(mostHeld).toBe(3);
  }, 60_000);
});
