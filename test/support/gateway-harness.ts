import OpenAI from 'openai';
import { expect } from 'vitest';
import { expectJson, principalWithToken } from '../../src/http/databricks/test-support/auth-fixtures.js';
import { startFakeOpenAiUpstream, type FakeOpenAiUpstream, type FakeOpenAiUpstreamOptions } from '../../src/providers/test-support/fake-openai-upstream.js';
import type { DialectName } from '../../src/storage/index.js';
import { startTestServer, type TestServer } from '../../src/test-support/test-server.js';
import type { CairnConfigInput } from '../../src/config/index.js';

/** The provider key every external entity is created with; it must never show up anywhere. */
export const UPSTREAM_KEY = 'sk-gateway-upstream-key-0123456789abcdefghij';

/** A captured inference-table row with its JSON columns parsed. */
export interface CapturedRow {
  request_id: string;
  endpoint_name: string;
  served_entity_name: string | null;
  status_code: number;
  error_code: string | null;
  stream: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  usage_estimated: number | boolean | null;
  request: unknown;
  response: unknown;
  requestText: string;
  responseText: string;
  guardrail_results: Array<{ guardrail: string; stage: string; action: string; score?: number; findings?: unknown[] }> | null;
  attempts: Array<{ entity: string; attempt: number; error_code?: string; status?: number }> | null;
  logging_error_codes: string[];
}

export interface GatewayHarness {
  server: TestServer;
  /** An `openai` client on `/v1` with the admin token (or `token`). */
  openai(token?: string): OpenAI;
  /** Creates an endpoint whose served entities are external models on the given fake upstreams. */
  externalEndpoint(name: string, entities: Array<{ name: string; upstream: FakeOpenAiUpstream; model?: string }>, routes?: Record<string, number>): Promise<string>;
  /** An endpoint serving the built-in demo model. */
  demoEndpoint(name: string): Promise<string>;
  /** PUT ai-gateway as admin (or `token`), expecting `status`; returns the JSON body. */
  putGateway(name: string, config: unknown, status?: number, token?: string): Promise<Record<string, unknown>>;
  /** POST a chat call on `/serving-endpoints/{name}/invocations`. */
  invoke(name: string, body: Record<string, unknown>, token?: string): Promise<Response>;
  /** POST `/v1/chat/completions` with fetch (when headers or raw SSE matter). */
  chat(body: Record<string, unknown>, token?: string): Promise<Response>;
  /** Every captured row of the endpoint, oldest first (flushes the capture queue first). */
  rows(endpoint: string): Promise<CapturedRow[]>;
  /** A user with a token and the given permission on the endpoint. */
  user(name: string, endpointId: string, level: 'CAN_QUERY' | 'CAN_MANAGE' | 'CAN_VIEW'): Promise<{ id: string; name: string; token: string; tokenId: string }>;
  close(): Promise<void>;
}

export async function startGatewayHarness(options: { dialect?: DialectName; config?: CairnConfigInput } = {}): Promise<GatewayHarness> {
  const server = await startTestServer({ dialect: options.dialect ?? 'sqlite', config: { server: { request_timeout_ms: 5000 }, ...options.config } });
  const harness: GatewayHarness = {
    server,
    openai: (token = server.adminToken) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: token, maxRetries: 0 }),
    async externalEndpoint(name, entities, routes) {
      const served_entities = entities.map((entity) => ({
        name: entity.name,
        external_model: {
          name: entity.model ?? 'gpt-4o-mini',
          provider: 'openai',
          task: 'llm/v1/chat',
          openai_config: { openai_api_base: entity.upstream.url, openai_api_key_plaintext: UPSTREAM_KEY },
        },
      }));
      const traffic_config = routes
        ? { routes: Object.entries(routes).map(([served_model_name, traffic_percentage]) => ({ served_model_name, traffic_percentage })) }
        : undefined;
      const created = await expectJson<{ id: string }>(
        server.request('/api/2.0/serving-endpoints', { method: 'POST', json: { name, config: { served_entities, ...(traffic_config ? { traffic_config } : {}) } } }),
      );
      return created.id;
    },
    async demoEndpoint(name) {
      const created = await expectJson<{ id: string }>(
        server.request('/api/2.0/serving-endpoints', { method: 'POST', json: { name, config: { served_entities: [{ name: 'demo-1', entity_name: 'demo', entity_version: '1' }] } } }),
      );
      return created.id;
    },
    async putGateway(name, config, status = 200, token = server.adminToken) {
      return expectJson(server.request(`/api/2.0/serving-endpoints/${name}/ai-gateway`, { method: 'PUT', json: config, token }), status);
    },
    invoke(name, body, token = server.adminToken) {
      return server.request(`/serving-endpoints/${name}/invocations`, { method: 'POST', json: body, token });
    },
    chat(body, token = server.adminToken) {
      return server.request('/v1/chat/completions', { method: 'POST', json: body, token });
    },
    async rows(endpoint) {
      await server.app.services.capture.flush();
      const stored = await server.app.services.storage.db
        .selectFrom('inference_log')
        .selectAll()
        .where('endpoint_name', '=', endpoint)
        .orderBy('request_time')
        .execute();
      return stored.map((row) => ({
        ...row,
        requestText: row.request ?? '',
        responseText: row.response ?? '',
        request: row.request === null ? null : JSON.parse(row.request),
        response: row.response === null ? null : JSON.parse(row.response),
        cost_usd: row.cost_usd === null ? null : Number(row.cost_usd),
        guardrail_results: row.guardrail_results === null ? null : JSON.parse(row.guardrail_results),
        attempts: row.attempts === null ? null : JSON.parse(row.attempts),
        logging_error_codes: JSON.parse(row.logging_error_codes),
      })) as unknown as CapturedRow[];
    },
    async user(name, endpointId, level) {
      const user = await principalWithToken(server, name);
      await expectJson(
        server.request(`/api/2.0/permissions/serving-endpoints/${endpointId}`, {
          method: 'PATCH',
          json: { access_control_list: [{ user_name: name, permission_level: level }] },
        }),
      );
      return user;
    },
    close: () => server.close(),
  };
  return harness;
}

/** Starts fake upstreams; close them with `closeAll`. */
export async function fakeUpstreams<const T extends readonly FakeOpenAiUpstreamOptions[]>(...options: T): Promise<{ -readonly [K in keyof T]: FakeOpenAiUpstream }> {
  return (await Promise.all(options.map((option) => startFakeOpenAiUpstream(option)))) as { -readonly [K in keyof T]: FakeOpenAiUpstream };
}

/** The SSE `data:` payloads of a streamed response body, parsed (`[DONE]` kept as the string). */
export function sseEvents(text: string): unknown[] {
  const events: unknown[] = [];
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data === '') continue;
    events.push(data === '[DONE]' ? data : JSON.parse(data));
  }
  return events;
}

/** The text the client saw in a chat stream's deltas. */
export function streamedText(events: unknown[]): string {
  let text = '';
  for (const event of events) {
    const choices = (event as { choices?: Array<{ delta?: { content?: string } }> }).choices;
    for (const choice of choices ?? []) text += choice.delta?.content ?? '';
  }
  return text;
}

/** The error event a stream ended with, if any. */
export function streamError(events: unknown[]): Record<string, unknown> | undefined {
  for (const event of events) {
    if (event && typeof event === 'object' && 'error' in event) return (event as { error: Record<string, unknown> }).error;
  }
  return undefined;
}

export async function expectStatus(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status });
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
