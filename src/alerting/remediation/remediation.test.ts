import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Principal } from '../../auth/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { type AlertingService, createAlerting } from '../create-alerting.js';
import { SIGNATURE_HEADER, verifySignature } from '../notifiers/webhook-signature.js';
import { type FakeSeriesSource, fakeNotifier, fakeSeriesSource } from '../test-support/alerting-fakes.js';

/** Never ticks by itself: the tests drive evaluation with evaluateOnce. */
const quiet = { monitoring: { alerts: { evaluation_interval_ms: 3_600_000 } } };
const demo = (name: string) => ({ name, entity_name: 'demo', entity_version: '1' });
const chat = { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 };

async function until(check: () => Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Remediation against real servers: the rules go through the HTTP API; an evaluator on the same database, fed by a
 * fake series source, fires them; the effect is checked through the serving API and real queries.
 */
describe.each(testDialects)('remediation actions on a real server (%s)', (dialect) => {
  let database: TestDatabase;
  let server: TestServer;
  let other: TestServer;
  let source: FakeSeriesSource;
  let alerting: AlertingService;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  const api = async (method: string, path: string, json?: unknown, status = 200) => {
    const response = await server.request(path, { method, ...(json !== undefined ? { json } : {}) });
    const text = await response.text();
    expect({ status: response.status, text }, `${method} ${path}`).toMatchObject({ status });
    return JSON.parse(text) as Record<string, unknown>;
  };
  const query = async (target: TestServer, endpoint: string) => {
    const response = await target.request(`/serving-endpoints/${endpoint}/invocations`, { method: 'POST', json: chat });
    return { status: response.status, entity: response.headers.get('served-model-name'), body: (await response.json()) as Record<string, unknown>, requestId: response.headers.get('x-request-id') };
  };
  const routesOf = async (endpoint: string) => ((await api('GET', `/api/2.0/serving-endpoints/${endpoint}`)).config as { traffic_config: { routes: unknown[] } }).traffic_config.routes;
  let admin: Principal;
  // Created through the test's evaluator (whose fake source serves error_rate); read back through the HTTP API.
  const rule = (name: string, endpoint: string, extra: Record<string, unknown>) =>
    alerting.createRule(admin, { name, endpoint_name: endpoint, series: 'error_rate', window_seconds: 60, comparator: '>', threshold: 0.2, for_seconds: 0, ...extra });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    server = await startTestServer({ database, config: quiet });
    other = await startTestServer({ database, config: quiet });
    source = fakeSeriesSource();
    const services = server.app.services;
    admin = (await services.auth.bootstrapAdmin()).principal;
    alerting = createAlerting({
      db: services.storage.db, config: services.config, logger: pino({ level: 'silent' }), serving: services.serving, auth: services.auth,
      notifier: fakeNotifier(), sources: [source], adminPrincipal: admin, secrets: services.secrets, instanceId: 'test-evaluator',
    });
    receiver = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/retrain`;
  }, 60_000);
  afterAll(async () => {
    await alerting?.close();
    await other?.close();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.cleanup();
  });

  it('shift_traffic moves the failing entity’s traffic to the other; dry-run only records what it would do', async () => {
    for (const name of ['two', 'two-dry']) {
      await api('POST', '/api/2.0/serving-endpoints', {
        name,
        config: { served_entities: [demo('blue'), demo('green')], traffic_config: { routes: [{ served_model_name: 'blue', traffic_percentage: 50 }, { served_model_name: 'green', traffic_percentage: 50 }] } },
      });
    }
    const created = await rule('green-errors', 'two', { group_by: 'served_entity', actions: [{ kind: 'shift_traffic' }] });
    await rule('green-errors-dry', 'two-dry', { group_by: 'served_entity', actions: [{ kind: 'shift_traffic' }], dry_run: true });
    source.set({ green: 0.9, blue: 0.01 });
    await alerting.evaluateOnce();

    expect(await routesOf('two')).toEqual([{ served_model_name: 'blue', traffic_percentage: 100 }, { served_model_name: 'green', traffic_percentage: 0 }]);
    for (let index = 0; index < 6; index++) expect((await query(server, 'two')).entity).toBe('blue');
    expect(await routesOf('two-dry')).toEqual([{ served_model_name: 'blue', traffic_percentage: 50 }, { served_model_name: 'green', traffic_percentage: 50 }]);

    const { actions } = (await api('GET', '/api/2.0/cairn/alerts/actions?endpoint_name=two')) as { actions: Array<Record<string, unknown>> };
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ rule_id: created.id, rule_name: 'green-errors', action: 'shift_traffic', status: 'applied', dry_run: false, details: { series_key: 'green', value: 0.9, threshold: 0.2, window_seconds: 60 } });
    const { events } = (await api('GET', `/api/2.0/cairn/alerts/events?rule_id=${String(created.id)}`)) as { events: Array<Record<string, unknown>> };
    expect(events.map((event) => [event.kind, event.series_key])).toEqual([['firing', 'green']]);
    expect(actions[0]!.event_id).toBe(events[0]!.id);
    const dry = (await api('GET', '/api/2.0/cairn/alerts/actions?endpoint_name=two-dry')) as { actions: Array<Record<string, unknown>> };
    expect(dry.actions[0]).toMatchObject({ status: 'dry_run', dry_run: true, details: { changes: { after: [{ served_model_name: 'blue', traffic_percentage: 100 }, { served_model_name: 'green', traffic_percentage: 0 }] } } });
    const { states } = (await api('GET', '/api/2.0/cairn/alerts/states?endpoint_name=two')) as { states: Array<Record<string, unknown>> };
    expect(states.map((state) => [state.series_key, state.state])).toEqual([['blue', 'ok'], ['green', 'firing']]);
  });

  it('shift_traffic on a single-entity endpoint is skipped with the reason', async () => {
    await api('POST', '/api/2.0/serving-endpoints', { name: 'solo', config: { served_entities: [demo('only')] } });
    await rule('solo-errors', 'solo', { group_by: 'served_entity', actions: [{ kind: 'shift_traffic' }] });
    source.set({ only: 0.9 });
    await alerting.evaluateOnce();
    const { actions } = (await api('GET', '/api/2.0/cairn/alerts/actions?endpoint_name=solo')) as { actions: Array<Record<string, unknown>> };
    expect(actions[0]).toMatchObject({ action: 'shift_traffic', status: 'skipped', details: { message: expect.stringContaining('only served entity') } });
  });

  it('disable: 503 ENDPOINT_DISABLED on every instance, captured, shown in state; enable restores it', async () => {
    await api('POST', '/api/2.0/serving-endpoints', { name: 'dis', config: { served_entities: [demo('main')] } });
    await until(async () => (await query(other, 'dis')).status === 200, 'the other instance to load the new endpoint');
    await rule('dis-errors', 'dis', { actions: [{ kind: 'disable', reason: 'error rate too high' }] });
    source.set({ '': 0.9 });
    await alerting.evaluateOnce();

    const refused = await query(server, 'dis');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error_code: 'ENDPOINT_DISABLED', message: expect.stringContaining('error rate too high') });
    await until(async () => (await query(other, 'dis')).status === 503, 'the other instance to see the disable');
    const view = await api('GET', '/api/2.0/serving-endpoints/dis');
    expect(view.state).toMatchObject({ disabled: true, disabled_reason: 'error rate too high', disabled_by: 'admin' });
    const listed = (await api('GET', '/api/2.0/serving-endpoints')).endpoints as Array<{ name: string; state: { disabled?: boolean } }>;
    expect(listed.find((endpoint) => endpoint.name === 'dis')?.state.disabled).toBe(true);

    await server.app.services.capture.flush();
    const row = await api('GET', `/api/2.0/cairn/inference-log/${refused.requestId}`);
    expect(row).toMatchObject({ status_code: 503, error_code: 'ENDPOINT_DISABLED', endpoint_name: 'dis' });
    const { actions } = (await api('GET', '/api/2.0/cairn/alerts/actions?endpoint_name=dis')) as { actions: Array<Record<string, unknown>> };
    expect(actions[0]).toMatchObject({ action: 'disable', status: 'applied' });

    const enabled = await api('POST', '/api/2.0/cairn/serving-endpoints/dis/enable');
    expect((enabled.state as Record<string, unknown>).disabled).toBeUndefined();
    expect((await query(server, 'dis')).status).toBe(200);
    await until(async () => (await query(other, 'dis')).status === 200, 'the other instance to see the enable');

    // By hand: a reason is required.
    await api('POST', '/api/2.0/cairn/serving-endpoints/dis/disable', {}, 400);
    await api('POST', '/api/2.0/cairn/serving-endpoints/dis/disable', { reason: 'maintenance' });
    expect((await query(server, 'dis')).body).toMatchObject({ error_code: 'ENDPOINT_DISABLED' });
    await api('POST', '/api/2.0/cairn/serving-endpoints/dis/enable');
    expect((await query(server, 'dis')).status).toBe(200);
  });

  it('rollback re-applies the previous config version', async () => {
    await api('POST', '/api/2.0/serving-endpoints', { name: 'rb', config: { served_entities: [demo('v1-entity')] } });
    await api('PUT', '/api/2.0/serving-endpoints/rb/config', { served_entities: [demo('v2-entity')] });
    await rule('rb-errors', 'rb', { actions: [{ kind: 'rollback' }] });
    source.set({ '': 0.9 });
    await alerting.evaluateOnce();
    const view = await api('GET', '/api/2.0/serving-endpoints/rb');
    const config = view.config as { config_version: number; served_entities: Array<{ name: string }> };
    expect(config.config_version).toBe(3);
    expect(config.served_entities.map((entity) => entity.name)).toEqual(['v1-entity']);
    expect((await query(server, 'rb')).entity).toBe('v1-entity');
    const { actions } = (await api('GET', '/api/2.0/cairn/alerts/actions?endpoint_name=rb')) as { actions: Array<Record<string, unknown>> };
    expect(actions[0]).toMatchObject({ action: 'rollback', status: 'applied', details: { changes: { from_version: 2, to_version: 1, new_version: 3 } } });
  });

  it('webhook: signed JSON POST with what fired it, recorded; the secret is never returned', async () => {
    await api('POST', '/api/2.0/serving-endpoints', { name: 'hook', config: { served_entities: [demo('main')] } });
    const created = await rule('hook-errors', 'hook', { actions: [{ kind: 'webhook', url: receiverUrl, secret: 'retrain-secret' }] });
    expect(JSON.stringify(created)).not.toContain('retrain-secret');
    source.set({ '': 0.7 });
    await alerting.evaluateOnce();
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(verifySignature('retrain-secret', delivery.body, delivery.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'cairn.remediation', endpoint_name: 'hook', value: 0.7, rule: { name: 'hook-errors', threshold: 0.2, window_seconds: 60 } });
    const { actions } = (await api('GET', '/api/2.0/cairn/alerts/actions?endpoint_name=hook')) as { actions: Array<Record<string, unknown>> };
    expect(actions[0]).toMatchObject({ action: 'webhook', status: 'applied', details: { changes: { url_host: expect.stringContaining('127.0.0.1') } } });
    const fetched = await api('GET', `/api/2.0/cairn/alerts/rules/${String(created.id)}`);
    expect(JSON.stringify(fetched)).not.toContain('retrain-secret');
  });

  it('rule API: 400 for unknown series with the valid names; 404 for an unknown rule; delete', async () => {
    const bad = await server.request('/api/2.0/cairn/alerts/rules', { method: 'POST', json: { name: 'bad', series: 'nope', window_seconds: 60, comparator: '>', threshold: 1 } });
    expect(bad.status).toBe(400);
    // The server's own alerting has no sources wired in this test app; the message says what is valid.
    expect(((await bad.json()) as { message: string }).message).toContain('unknown series "nope"');
    const zero = await server.request('/api/2.0/cairn/alerts/rules', { method: 'POST', json: { name: 'bad', series: 'error_rate', window_seconds: 0, comparator: '>', threshold: 1 } });
    expect(zero.status).toBe(400);
    expect(((await zero.json()) as { message: string }).message).toContain('window_seconds');
    await api('GET', '/api/2.0/cairn/alerts/rules/no-such-rule', undefined, 404);
    await api('DELETE', '/api/2.0/cairn/alerts/rules/solo-errors');
    await api('GET', '/api/2.0/cairn/alerts/rules/solo-errors', undefined, 404);
  });
});
