import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/alerting/notifiers/index.js';
import { type HttpReceiver, startHttpReceiver } from '../src/alerting/notifiers/test-support/http-receiver.js';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { driveLanguageShift, languageShiftMonitor } from './support/drift-traffic.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * Issue 5, "proven end to end", on a real server: traffic → capture → descriptors/rollups → monitors → alert
 * evaluation → signed webhook notification and remediation, all through the public API. Evaluation is driven with
 * `evaluateOnce()` (the loop's interval is an hour here) so the test waits for nothing but the work itself.
 */
const WEBHOOK_SECRET = 'scenario-webhook-secret-0123456789';
const config = {
  capture: { flush_interval_ms: 20 },
  monitoring: { rollup_flush_ms: 100, monitor_interval_ms: 3_600_000, descriptors: { worker: false }, alerts: { evaluation_interval_ms: 3_600_000, delivery_poll_ms: 50 } },
};

interface Notification {
  kind: string;
  rule: { name: string };
  series_key: string;
  value: number;
  details: Record<string, unknown>;
}

async function until<T>(check: () => Promise<T | undefined>, what: string, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('monitoring that acts, end to end', () => {
  let harness: GatewayHarness;
  let receiver: HttpReceiver;
  let good: FakeOpenAiUpstream;
  let bad: FakeOpenAiUpstream;

  beforeAll(async () => {
    harness = await startGatewayHarness({ config });
    receiver = await startHttpReceiver();
    [good, bad] = await fakeUpstreams({ record: false }, { record: false });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
    await good?.close();
    await bad?.close();
  });

  const api = async (method: string, path: string, json?: unknown, status = 200) =>
    expectStatus(await harness.server.request(path, { method, ...(json !== undefined ? { json } : {}) }), status);
  const notifications = (rule: string) =>
    receiver.requests
      .filter((request) => verifySignature(WEBHOOK_SECRET, request.body, String(request.headers['x-cairn-signature'])))
      .map((request) => JSON.parse(request.body) as Notification)
      .filter((notification) => notification.rule.name === rule);
  const webhook = () => [{ kind: 'webhook', url: `${receiver.url}/alerts`, secret: WEBHOOK_SECRET }];

  it('(a) a prompt distribution shift makes the drift monitor fire and the webhook names the drifted descriptors', async () => {
    const windows = await driveLanguageShift(harness.server, 'demo-chat', 60);
    const monitor = await api('POST', '/api/2.0/cairn/monitors', languageShiftMonitor('demo-chat', windows, { intervalSeconds: 1 }), 201);
    const run = await api('POST', `/api/2.0/cairn/monitors/${String(monitor.id)}/run`);
    expect(run.drifted).toBe(1);

    await api('POST', '/api/2.0/cairn/alerts/rules', {
      name: 'prompt-drift', endpoint_name: 'demo-chat', series: 'drift.prompt-drift.share_drifted', aggregation: 'max',
      window_seconds: 3600, comparator: '>=', threshold: 0.2, for_seconds: 0, severity: 'warning', channels: webhook(),
    });
    await harness.server.app.services.alerting.evaluateOnce();
    const [fired] = await until(async () => (notifications('prompt-drift').length > 0 ? notifications('prompt-drift') : undefined), 'the drift alert webhook');
    expect(fired).toMatchObject({ kind: 'firing', rule: { name: 'prompt-drift' } });
    expect(fired!.value).toBeGreaterThanOrEqual(0.2);
    expect(fired!.details.drifted_columns).toEqual(expect.arrayContaining(['prompt_language', 'prompt_chars']));

    const events = await api('GET', '/api/2.0/cairn/alerts/events?rule_id=prompt-drift');
    expect((events.events as Array<{ kind: string }>).map((event) => event.kind)).toContain('firing');
  }, 120_000);

  it('(b) a failing served entity trips an error-rate rule whose action shifts its traffic away; the error rate recovers', async () => {
    await harness.externalEndpoint('chat-ab', [{ name: 'blue', upstream: good }, { name: 'green', upstream: bad }], { blue: 50, green: 50 });
    bad.setMode({ kind: 'http-error', status: 500 });
    const call = async () => (await harness.invoke('chat-ab', { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 })).status;
    const before = await Promise.all(Array.from({ length: 40 }, call));
    expect(before.filter((status) => status >= 500).length).toBeGreaterThan(5);
    expect(before.filter((status) => status === 200).length).toBeGreaterThan(5);

    await api('POST', '/api/2.0/cairn/alerts/rules', {
      name: 'entity-errors', endpoint_name: 'chat-ab', series: 'error_rate', group_by: 'served_entity', aggregation: 'avg',
      window_seconds: 120, comparator: '>', threshold: 0.2, for_seconds: 0, min_samples: 5, severity: 'critical',
      channels: webhook(), actions: [{ kind: 'shift_traffic' }],
    });
    await harness.server.app.services.rollups.flush();
    await harness.server.app.services.alerting.evaluateOnce();

    const actions = (await api('GET', '/api/2.0/cairn/alerts/actions?rule_id=entity-errors')).actions as Array<{ action: string; status: string; details: Record<string, unknown> }>;
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ action: 'shift_traffic', status: 'applied' });
    const endpoint = await api('GET', '/api/2.0/serving-endpoints/chat-ab');
    const routes = (endpoint.config as { traffic_config: { routes: Array<{ served_model_name: string; traffic_percentage: number }> } }).traffic_config.routes;
    expect(Object.fromEntries(routes.map((route) => [route.served_model_name, route.traffic_percentage]))).toEqual({ blue: 100, green: 0 });
    const [fired] = await until(async () => (notifications('entity-errors').length > 0 ? notifications('entity-errors') : undefined), 'the error-rate webhook');
    expect(fired).toMatchObject({ kind: 'firing', series_key: 'green' });

    // Other instances apply the new config within cache_refresh_ms; this one applies it at once.
    const shiftedAt = Date.now();
    const after = await Promise.all(Array.from({ length: 30 }, call));
    expect(after.every((status) => status === 200)).toBe(true);
    await harness.server.app.services.rollups.flush();
    const metrics = await api('GET', `/api/2.0/cairn/endpoints/chat-ab/metrics?from=${shiftedAt - 60_000}&to=${Date.now() + 60_000}&step=60`);
    const points = (metrics.series as Array<{ points: Array<{ time: number; request_count: number; error_count: number }> }>).flatMap((series) => series.points);
    const total = points.reduce((sum, point) => sum + point.request_count, 0);
    expect(total).toBeGreaterThanOrEqual(30);

    // The green entity gets no traffic now: its window empties and the endpoint-wide error rate of new calls is 0.
    const recent = await harness.server.app.services.rollups.series.evaluate({
      endpointName: 'chat-ab', series: 'error_rate', filter: { served_entity_name: 'blue' }, groupBy: null, from: shiftedAt - 60_000, to: Date.now() + 1, aggregation: 'avg',
    });
    expect(recent.get('')?.value).toBe(0);
    const history = (await api('GET', '/api/2.0/cairn/alerts/events?rule_id=entity-errors')).events as Array<{ kind: string; series_key: string }>;
    expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'firing', series_key: 'green' })]));
  }, 120_000);
});
