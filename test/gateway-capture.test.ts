import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { testDialects } from '../src/storage/test-support/test-databases.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness, UPSTREAM_KEY } from './support/gateway-harness.js';

/**
 * The inference table under an endpoint's `inference_table_config`: sampling applies to successes only, payloads are
 * PII-masked by default (SEC-PII-1), and secrets never reach storage even when an admin turns PII masking off
 * (SEC-PII-4). Run on both dialects: this is about what lands on disk.
 */

const EMAIL = 'capture.canary@example.net';
const PHONE = '+44 20 7946 0958';
const OPENAI_KEY = 'sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

describe.each(testDialects)('gateway capture policy on %s', (dialect) => {
  let harness: GatewayHarness;
  let upstream: FakeOpenAiUpstream;

  beforeAll(async () => {
    [upstream] = await fakeUpstreams({ reply: `Sure, I will write to ${EMAIL} and call ${PHONE}.` });
    harness = await startGatewayHarness({ dialect });
    await harness.externalEndpoint('cap', [{ name: 'ext', upstream: upstream }]);
    await harness.externalEndpoint('sampled', [{ name: 'ext', upstream: upstream }]);
  });
  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
  });

  const prompt = `Contact ${EMAIL} or ${PHONE}. My key is ${OPENAI_KEY} and ${AWS_KEY}.`;

  it('SEC-PII-1: by default captured requests and responses hold placeholders, not the PII or the keys', async () => {
    await expectStatus(await harness.chat({ model: 'cap', messages: [{ role: 'user', content: prompt }], client_request_id: `req-${EMAIL}` } as Record<string, unknown>), 200);
    const row = (await harness.rows('cap')).at(-1)!;
    const stored = JSON.stringify(row);
    for (const value of [EMAIL, PHONE, OPENAI_KEY, AWS_KEY, UPSTREAM_KEY]) expect(stored).not.toContain(value);
    expect(row.requestText).toContain('[EMAIL_1]');
    expect(row.requestText).toContain('[OPENAI_API_KEY_1]');
    expect(row.responseText).toContain('[EMAIL_1]');
    // The model itself got the prompt as sent: capture masking is about storage, not about the call.
    expect(JSON.stringify(upstream.requests.at(-1)?.body)).toContain(EMAIL);
  });

  it('SEC-PII-4: with mask_pii off (admin only), PII is stored but secrets are still masked', async () => {
    await harness.putGateway('cap', { inference_table_config: { mask_pii: false } });
    await expectStatus(await harness.chat({ model: 'cap', messages: [{ role: 'user', content: prompt }] }), 200);
    const row = (await harness.rows('cap')).at(-1)!;
    expect(row.requestText).toContain(EMAIL);
    expect(row.responseText).toContain(EMAIL);
    expect(row.requestText).not.toContain(OPENAI_KEY);
    expect(row.requestText).not.toContain(AWS_KEY);
    expect(row.requestText).toContain('[AWS_ACCESS_KEY_ID_1]');
    await harness.putGateway('cap', {});
  });

  it('sampling_fraction 0: successful calls are not captured, failed calls always are', async () => {
    await harness.putGateway('sampled', { inference_table_config: { sampling_fraction: 0 }, request_limits: { max_tokens: 32 } });
    for (let call = 0; call < 3; call++) await expectStatus(await harness.chat({ model: 'sampled', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }), 200);
    await expectStatus(await harness.chat({ model: 'sampled', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1000 }), 400);
    upstream.setMode({ kind: 'http-error', status: 500 });
    await expectStatus(await harness.chat({ model: 'sampled', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }), 502);
    upstream.setMode('ok');
    const rows = await harness.rows('sampled');
    expect(rows.map((row) => [row.status_code, row.error_code])).toEqual([
      [400, 'INVALID_PARAMETER_VALUE'],
      [502, 'UPSTREAM_ERROR'],
    ]);

    // enabled: false stops success capture too; sampling 1 captures every call.
    await harness.putGateway('sampled', { inference_table_config: { enabled: false } });
    await expectStatus(await harness.chat({ model: 'sampled', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }), 200);
    expect(await harness.rows('sampled')).toHaveLength(2);
    await harness.putGateway('sampled', { inference_table_config: { sampling_fraction: 1 } });
    await expectStatus(await harness.chat({ model: 'sampled', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }), 200);
    expect(await harness.rows('sampled')).toHaveLength(3);
  });

  it('max_payload_bytes caps the stored payload and says so in logging_error_codes', async () => {
    await harness.putGateway('sampled', { inference_table_config: { max_payload_bytes: 300 } });
    await expectStatus(await harness.chat({ model: 'sampled', messages: [{ role: 'user', content: 'long '.repeat(400) }], max_tokens: 8 }), 200);
    const row = (await harness.rows('sampled')).at(-1)!;
    expect(Buffer.byteLength(row.requestText)).toBeLessThanOrEqual(300);
    expect(row.request).toMatchObject({ truncated: true });
    expect(row.logging_error_codes).toContain('REQUEST_PAYLOAD_TOO_LARGE');
    await harness.putGateway('sampled', {});
  });
});
