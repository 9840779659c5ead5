import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryView } from '../../alerting/notifiers/index.js';
import { closedPort, type HttpReceiver, startHttpReceiver } from '../../alerting/notifiers/test-support/http-receiver.js';
import { sampleNotification } from '../../alerting/notifiers/test-support/notification-fixture.js';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { expectJson, principalWithToken } from '../databricks/test-support/auth-fixtures.js';

const DELIVERIES = '/api/2.0/cairn/alerts/deliveries';
const SECRET = 'whsec-route-test-never-shown-0123';

type Principal = Awaited<ReturnType<typeof principalWithToken>>;

/** The delivery log and dead-letter API through real HTTP: permissions by the rule's endpoint, retry, no secrets. */
describe.each(testDialects)('alert delivery routes on %s', (dialect) => {
  let server: TestServer;
  let receiver: HttpReceiver;
  let manager: Principal;
  let viewer: Principal;

  async function createEndpoint(name: string): Promise<string> {
    const endpoint = await expectJson<{ id: string }>(
      server.request('/api/2.0/serving-endpoints', { method: 'POST', json: { name, config: { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1' }] } } }),
    );
    return endpoint.id;
  }

  async function grant(endpointId: string, userName: string, level: string): Promise<void> {
    await expectJson(
      server.request(`/api/2.0/permissions/serving-endpoints/${endpointId}`, { method: 'PATCH', json: { access_control_list: [{ user_name: userName, permission_level: level }] } }),
    );
  }

  /** A rule row (alerting owns the rule API; these routes only read `endpoint_name`) and one firing through the server's notifier. */
  async function ruleWithDeliveries(ruleId: string, endpointName: string | null, urls: string[]): Promise<void> {
    const now = Date.now();
    await server.app.services.storage.db
      .insertInto('alert_rules')
      .values({ id: ruleId, name: ruleId, endpoint_name: endpointName, config: '{}', enabled: 1, created_by: null, created_at: now, updated_at: now })
      .execute();
    const { notifier } = server.app.services;
    const channels = await notifier.prepareChannels(ruleId, urls.map((url, index) => ({ kind: 'webhook', name: `hook-${index}`, url, secret: SECRET })));
    const base = sampleNotification();
    await notifier.enqueue({ ...base, rule: { ...base.rule, id: ruleId, endpointName } }, channels);
  }

  const get = (query: string, token?: string) => server.request(`${DELIVERIES}${query}`, token ? { token } : {});
  const retry = (id: string, token?: string) => server.request(`${DELIVERIES}/${id}/retry`, { method: 'POST', ...(token ? { token } : {}) });
  const deliveriesOf = async (response: Promise<Response>) => (await expectJson<{ deliveries: DeliveryView[] }>(response)).deliveries;

  beforeAll(async () => {
    // No retries: a down receiver is dead-lettered on its first failure.
    server = await startTestServer({ dialect, config: { monitoring: { alerts: { delivery_retry_ms: [], delivery_poll_ms: 20 } } } });
    receiver = await startHttpReceiver();
    const down = `http://127.0.0.1:${await closedPort()}/hook`;
    const idA = await createEndpoint('alerts-a');
    await createEndpoint('alerts-b');
    [manager, viewer] = await Promise.all([principalWithToken(server, 'alert-manager@example.com'), principalWithToken(server, 'alert-viewer@example.com')]);
    await grant(idA, manager.name, 'CAN_MANAGE');
    await grant(idA, viewer.name, 'CAN_VIEW');
    await server.app.services.auth.refresh();
    await ruleWithDeliveries('rule-a', 'alerts-a', [down, receiver.url]);
    await ruleWithDeliveries('rule-b', 'alerts-b', [down]);
    await ruleWithDeliveries('rule-global', null, [down]);
    // The server's own loop delivers; wait (bounded) until nothing is pending.
    for (let wait = 0; wait < 500; wait++) {
      const pending = await server.app.services.notifier.list({ status: 'pending' });
      if (pending.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  it('admins list every delivery and the dead-letter list; max_results bounds the page', async () => {
    const all = await deliveriesOf(get(''));
    expect(all.map((delivery) => `${delivery.rule_id}/${delivery.channel}/${delivery.status}`).sort()).toEqual([
      'rule-a/hook-0/dead', 'rule-a/hook-1/delivered', 'rule-b/hook-0/dead', 'rule-global/hook-0/dead',
    ]);
    expect(all.find((delivery) => delivery.rule_id === 'rule-a')).toMatchObject({ endpoint_name: 'alerts-a', kind: 'webhook', event_id: 42 });
    const dead = await deliveriesOf(get('?status=dead'));
    expect(dead.map((delivery) => delivery.rule_id).sort()).toEqual(['rule-a', 'rule-b', 'rule-global']);
    expect(dead.every((delivery) => /^connection to 127\.0\.0\.1:\d+ failed \(ECONNREFUSED\)$/.test(delivery.last_error ?? ''))).toBe(true);
    expect(await deliveriesOf(get('?max_results=1'))).toHaveLength(1);
    expect(await deliveriesOf(get('?rule_id=rule-b&status=dead'))).toHaveLength(1);
    await expectJson(get('?status=lost'), 400);
    await expectJson(get('?max_results=0'), 400);
    expect(receiver.requests).toHaveLength(1);
  });

  it('a manager of the endpoint sees its rules only; others get 404 or 403', async () => {
    const mine = await deliveriesOf(get('', manager.token));
    expect([...new Set(mine.map((delivery) => delivery.rule_id))]).toEqual(['rule-a']);
    expect(await deliveriesOf(get('?rule_id=rule-a&status=dead', manager.token))).toHaveLength(1);
    await expectJson(get('?rule_id=rule-b', manager.token), 404);
    await expectJson(get('?rule_id=rule-global', manager.token), 404);
    await expectJson(get('?rule_id=no-such-rule', manager.token), 404);
    await expectJson(get('?rule_id=rule-a', viewer.token), 403);
    expect(await deliveriesOf(get('', viewer.token))).toEqual([]);
  });

  it('retry puts a dead delivery back in the queue, for those who manage its rule', async () => {
    const [deadA] = await deliveriesOf(get('?rule_id=rule-a&status=dead'));
    const [deadB] = await deliveriesOf(get('?rule_id=rule-b&status=dead'));
    const [delivered] = await deliveriesOf(get('?rule_id=rule-a&status=delivered'));
    await expectJson(retry(deadA!.id, viewer.token), 403);
    await expectJson(retry(deadB!.id, manager.token), 404);
    await expectJson(retry('no-such-delivery', manager.token), 404);
    const error = await expectJson<{ error_code: string }>(retry(delivered!.id, manager.token), 400);
    expect(error.error_code).toBe('INVALID_STATE');
    const retried = await expectJson<DeliveryView>(retry(deadA!.id, manager.token));
    expect(retried).toMatchObject({ id: deadA!.id, status: 'pending', attempts: 0, rule_id: 'rule-a' });
    const global = (await deliveriesOf(get('?rule_id=rule-global'))).at(0);
    expect(await expectJson<DeliveryView>(retry(global!.id))).toMatchObject({ status: 'pending' });
  });

  it('never returns channel secrets, and counts outcomes in /metrics', async () => {
    const text = await (await get('')).text();
    expect(text).not.toContain(SECRET);
    const metrics = await (await server.request('/metrics')).text();
    expect(metrics).toMatch(/cairn_alert_deliveries_total\{kind="webhook",outcome="dead"\} [1-9]/);
    expect(metrics).toMatch(/cairn_alert_deliveries_total\{kind="webhook",outcome="delivered"\} 1/);
  });
});
