import http from 'node:http';
import type https from 'node:https';
import { Config, PatCredentials, WorkspaceClient } from '@databricks/sdk-experimental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/storage/test-support/test-databases.js';
import { expectStatus, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * `PUT /api/2.0/serving-endpoints/{name}/ai-gateway` and its reads: what is stored is what GET returns, every bad
 * config is a 400 naming what is wrong (never a silently disabled policy), and only the right principals may set it.
 */

const FULL_CONFIG = {
  usage_tracking_config: { enabled: true },
  inference_table_config: { enabled: true, sampling_fraction: 0.5, catalog_name: 'main', schema_name: 'logs' },
  rate_limits: [
    { calls: 100, key: 'endpoint', renewal_period: 'minute' },
    { tokens: 10_000, key: 'user', renewal_period: 'minute' },
  ],
  guardrails: {
    input: { pii: { behavior: 'MASK' }, safety: true, invalid_keywords: ['forbidden'], max_input_tokens: 2000 },
    output: { pii: { behavior: 'BLOCK' }, json_schema: { behavior: 'FLAG' } },
  },
  fallback_config: { enabled: true },
  budgets: [{ period: 'day', limit_usd: 25, key: 'endpoint' }],
  pricing: [{ model_pattern: 'demo*', input_per_million: 1, output_per_million: 2 }],
  retry_config: { max_attempts: 3, initial_backoff_ms: 10, max_backoff_ms: 100 },
  circuit_breaker: { enabled: true, minimum_calls: 5 },
  request_limits: { max_tokens: 512, on_exceed: 'clamp', allow_logprobs: false },
};

describe.each(testDialects)('ai-gateway config API on %s', (dialect) => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGatewayHarness({ dialect });
    await harness.demoEndpoint('cfg');
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('PUT returns the stored config; the Cairn GET and GET serving-endpoints/{name} return the same', async () => {
    const stored = await harness.putGateway('cfg', FULL_CONFIG);
    expect(stored).toMatchObject(FULL_CONFIG);
    // Defaults are filled in and stored, so what GET returns is what runs.
    expect(stored.inference_table_config).toMatchObject({ mask_pii: true });
    expect((stored.rate_limits as unknown[])[0]).toEqual({ calls: 100, key: 'endpoint', renewal_period: 'minute' });

    const cairnView = await expectStatus(await harness.server.request('/api/2.0/cairn/serving-endpoints/cfg/ai-gateway'), 200);
    expect(cairnView).toEqual(stored);
    const endpoint = await expectStatus(await harness.server.request('/api/2.0/serving-endpoints/cfg'), 200);
    expect(endpoint.ai_gateway).toEqual(stored);

    // PUT replaces the whole document (Databricks semantics), it does not merge.
    const replaced = await harness.putGateway('cfg', { rate_limits: [{ calls: 5 }] });
    expect(replaced).toEqual({ rate_limits: [{ calls: 5, key: 'endpoint', renewal_period: 'minute' }] });
    expect(await expectStatus(await harness.server.request('/api/2.0/cairn/serving-endpoints/cfg/ai-gateway'), 200)).toEqual(replaced);
  });
});

describe('ai-gateway config validation and permissions', () => {
  let harness: GatewayHarness;
  let endpointId: string;
  let manager: { token: string };
  let querier: { token: string };

  beforeAll(async () => {
    harness = await startGatewayHarness();
    endpointId = await harness.demoEndpoint('val');
    manager = await harness.user('manager', endpointId, 'CAN_MANAGE');
    querier = await harness.user('querier', endpointId, 'CAN_QUERY');
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function rejected(config: unknown): Promise<Record<string, unknown>> {
    const body = await harness.putGateway('val', config, 400);
    expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
    return body;
  }

  it('an unknown field is a 400 that names it, at any depth', async () => {
    expect(String((await rejected({ rate_limit: [{ calls: 1 }] })).message)).toContain('rate_limit');
    expect(String((await rejected({ rate_limits: [{ calls: 1, per: 'hour' }] })).message)).toMatch(/unknown field.*per/);
    expect(String((await rejected({ inference_table_config: { mask_pi: false } })).message)).toContain('mask_pi');
  });

  it('negative and absurd limits, budgets and prices are 400s', async () => {
    await rejected({ rate_limits: [{ calls: -1 }] });
    await rejected({ rate_limits: [{ calls: 1.5 }] });
    await rejected({ rate_limits: [{ calls: 1e12 }] });
    await rejected({ rate_limits: [{ tokens: -100 }] });
    await rejected({ rate_limits: [{ key: 'user' }] });
    await rejected({ rate_limits: [{ calls: 1, renewal_period: 'hour' }] });
    await rejected({ budgets: [{ period: 'day', limit_usd: -5 }] });
    await rejected({ budgets: [{ period: 'day', limit_usd: 5, limit_tokens: 10 }] });
    await rejected({ budgets: [{ period: 'year', limit_tokens: 10 }] });
    await rejected({ pricing: [{ model_pattern: '*', input_per_million: -1, output_per_million: 1 }] });
    await rejected({ inference_table_config: { sampling_fraction: 2 } });
    await rejected({ retry_config: { max_attempts: 1000 } });
    await rejected({ request_limits: { max_tokens: 0 } });
    // Nothing was stored along the way.
    expect(await expectStatus(await harness.server.request('/api/2.0/cairn/serving-endpoints/val/ai-gateway'), 200)).toEqual({});
  });

  it('an unknown guardrail or PII behavior is a 400 naming it', async () => {
    expect(String((await rejected({ guardrails: { input: { toxicity: { behavior: 'BLOCK' } } } })).message)).toContain('toxicity');
    await rejected({ guardrails: { input: { pii: { behavior: 'REDACT' } } } });
    await rejected({ guardrails: { input: { pii: { behavior: 'MASK', types: ['SHOE_SIZE'] } } } });
    await rejected({ guardrails: { input: { custom: [{ type: 'lua', name: 'x', code: 'return 1' }] } } });
    // A custom guardrail may not take a built-in's name.
    await rejected({ guardrails: { input: { custom: [{ type: 'regex', name: 'pii', pattern: 'abc' }] } } });
    // Output-only guardrails on input (and the other way round) are refused, not ignored.
    await rejected({ guardrails: { input: { json_schema: { behavior: 'FLAG' } } } });
    await rejected({ guardrails: { output: { max_input_tokens: 10 } } });
  });

  it('SEC-DOS-7: a custom regex that can backtrack exponentially is a 400; a linear one is accepted', async () => {
    const body = await rejected({ guardrails: { input: { custom: [{ type: 'regex', name: 'evil', pattern: '(a+)+$' }] } } });
    expect(String(body.message)).toContain('evil');
    await rejected({ guardrails: { output: { custom: [{ type: 'regex', name: 'evil2', pattern: '(a*)*b' }] } } });
    await rejected({ guardrails: { input: { custom: [{ type: 'regex', name: 'broken', pattern: '([a-z' }] } } });
    await harness.putGateway('val', { guardrails: { input: { custom: [{ type: 'regex', name: 'order-id', pattern: 'ORD-[0-9]{6}' }] } } });
    await harness.putGateway('val', {});
  });

  it('SEC-OUT-3: a request whose response_format JSON schema does not compile is a 400 before the model is called', async () => {
    await harness.putGateway('val', { guardrails: { output: { json_schema: { behavior: 'FLAG' } } } });
    const response = await harness.invoke('val', {
      messages: [{ role: 'user', content: 'give me json' }],
      max_tokens: 8,
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: { a: { type: 'not-a-type' } } } } },
    });
    const body = await expectStatus(response, 400);
    expect(body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', param: 'response_format' });
    const redos = await harness.invoke('val', {
      messages: [{ role: 'user', content: 'give me json' }],
      max_tokens: 8,
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'string', pattern: '(a+)+$' } } },
    });
    await expectStatus(redos, 400);
    await harness.putGateway('val', {});
  });

  it('a webhook guardrail to a cloud-metadata address is a 400 even for an admin (SSRF)', async () => {
    await rejected({ guardrails: { input: { custom: [{ type: 'webhook', name: 'meta', url: 'http://169.254.169.254/latest' }] } } });
  });

  it('a non-admin with CAN_MANAGE may set limits, but not turn PII masking off or add a webhook guardrail (403)', async () => {
    await harness.putGateway('val', { rate_limits: [{ calls: 50 }] }, 200, manager.token);
    const unmasked = await harness.putGateway('val', { inference_table_config: { mask_pii: false } }, 403, manager.token);
    expect(unmasked.error_code).toBe('PERMISSION_DENIED');
    const webhook = await harness.putGateway(
      'val',
      { guardrails: { input: { custom: [{ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/check' }] } } },
      403,
      manager.token,
    );
    expect(webhook.error_code).toBe('PERMISSION_DENIED');
    // The admin may do both.
    await harness.putGateway('val', { inference_table_config: { mask_pii: false }, guardrails: { input: { custom: [{ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/check' }] } } });
    await harness.putGateway('val', {});
  });

  it('API5: a CAN_QUERY principal cannot change the config (403) and the config is unchanged', async () => {
    await harness.putGateway('val', { rate_limits: [{ calls: 7 }] });
    const denied = await harness.putGateway('val', { rate_limits: [{ calls: 1_000_000 }] }, 403, querier.token);
    expect(denied.error_code).toBe('PERMISSION_DENIED');
    const view = await expectStatus(await harness.server.request('/api/2.0/cairn/serving-endpoints/val/ai-gateway'), 200);
    expect(view.rate_limits).toEqual([{ calls: 7, key: 'endpoint', renewal_period: 'minute' }]);
    await harness.putGateway('val', {});
  });

  it('the Databricks SDK servingEndpoints.putAiGateway sets the config in Databricks shape', async () => {
    class LocalConfig extends Config {
      constructor(private readonly baseUrl: string, token: string) {
        super({ host: baseUrl, token, authType: 'pat', credentials: new PatCredentials(), loaders: [], env: {}, retryTimeoutSeconds: 5 });
      }
      override async getHost(): Promise<URL> {
        await this.ensureResolved();
        return new URL(this.baseUrl);
      }
    }
    const client = new WorkspaceClient(new LocalConfig(harness.server.url, harness.server.adminToken), {
      agent: new http.Agent({ keepAlive: false }) as unknown as https.Agent,
      product: 'cairn-it',
      productVersion: '0.0.1',
    });
    const result = await client.servingEndpoints.putAiGateway({
      name: 'val',
      rate_limits: [{ calls: 30, key: 'user', renewal_period: 'minute' }],
      guardrails: { input: { pii: { behavior: 'BLOCK' }, invalid_keywords: ['secret-project'] } },
      usage_tracking_config: { enabled: true },
    });
    expect(result.rate_limits).toEqual([{ calls: 30, key: 'user', renewal_period: 'minute' }]);
    expect(result.guardrails?.input?.pii?.behavior).toBe('BLOCK');
    const endpoint = await client.servingEndpoints.get({ name: 'val' });
    expect(endpoint.ai_gateway?.rate_limits?.[0]?.calls).toBe(30);
    await harness.putGateway('val', {});
  });
});
