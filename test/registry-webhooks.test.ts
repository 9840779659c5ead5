import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from '../src/alerting/notifiers/test-support/http-receiver.js';
import { verifyWebhook } from '../src/registry/webhooks/index.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';
import { testDialects } from '../src/storage/test-support/test-databases.js';

const MLFLOW = '/api/2.0/mlflow';
const SECRET = 'whsec-registry-webhooks-test-0123456789';

interface Delivery {
  delivery_id: string;
  status: string;
  attempt_count: number;
  event: { entity: string; action: string };
  attempts: Array<{ attempt_number: number; response_status?: number; error_message?: string; next_retry_timestamp?: number; duration_ms: number; timestamp: number }>;
}

function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function verified(request: ReceivedRequest, secret = SECRET): boolean {
  return verifyWebhook(secret, { deliveryId: header(request, 'X-MLflow-Delivery-Id'), timestamp: header(request, 'X-MLflow-Timestamp'), signature: header(request, 'X-MLflow-Signature') }, request.body);
}

/** Polls (bounded) until `check` passes; the bound only stops a broken build from hanging, nothing is timed. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, attempts = 500): Promise<T> {
  let value = await read();
  for (let index = 0; index < attempts && !check(value); index++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

describe.each(testDialects)('registry webhooks on %s', (dialect) => {
  let server: TestServer;
  let userToken: string;
  const receivers: HttpReceiver[] = [];
  let models = 0;

  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      config: { demo: { deploy: false }, webhooks: { retry_base_ms: 1, retry_max_ms: 5, poll_ms: 10, max_attempts: 3, timeout_ms: 5_000 } },
    });
    const { auth } = server.app.services;
    const user = await auth.principals.create({ kind: 'user', name: `webhook-user-${dialect}` }, null);
    userToken = (await auth.tokens.create(user.id, { createdBy: null })).value;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  async function receiver(answer?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
    const started = await startHttpReceiver(answer);
    receivers.push(started);
    return started;
  }

  async function json<T = Record<string, unknown>>(response: Response, status = 200): Promise<T> {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as T;
  }

  async function createWebhook(body: Record<string, unknown>): Promise<string> {
    const created = await json<{ webhook: { webhook_id: string } }>(await server.request(`${MLFLOW}/webhooks`, { method: 'POST', json: body }));
    return created.webhook.webhook_id;
  }

  async function deliveries(webhookId: string): Promise<Delivery[]> {
    return (await json<{ deliveries: Delivery[] }>(await server.request(`/api/2.0/cairn/webhooks/${webhookId}/deliveries`))).deliveries;
  }

  async function newModel(): Promise<string> {
    const name = `webhook-model-${dialect}-${++models}`;
    await json(await server.request(`${MLFLOW}/registered-models/create`, { method: 'POST', json: { name } }));
    return name;
  }

  it('creates, lists, gets, updates and deletes webhooks in MLflow 3 shape, never returning the secret', async () => {
    const id = await createWebhook({
      name: 'ci',
      description: 'tell CI',
      url: 'https://ci.example.com/hooks/mlflow',
      events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }, 'model_version_alias.created', { entity: 'model_version', action: 'created' }],
      secret: SECRET,
    });
    const got = await server.request(`${MLFLOW}/webhooks/${id}`);
    const gotText = await got.clone().text();
    expect(gotText).not.toContain(SECRET);
    expect((await json<{ webhook: unknown }>(got)).webhook).toMatchObject({
      webhook_id: id,
      name: 'ci',
      description: 'tell CI',
      url: 'https://ci.example.com/hooks/mlflow',
      events: [
        { entity: 'MODEL_VERSION', action: 'CREATED' },
        { entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' },
      ],
      status: 'ACTIVE',
    });

    const patched = await json<{ webhook: Record<string, unknown> }>(
      await server.request(`${MLFLOW}/webhooks/${id}`, { method: 'PATCH', json: { status: 'disabled', events: ['model_version_stage.transitioned'], secret: 'rotated-secret' } }),
    );
    expect(patched.webhook).toMatchObject({ status: 'DISABLED', events: [{ entity: 'MODEL_VERSION_STAGE', action: 'TRANSITIONED' }], name: 'ci' });
    expect(JSON.stringify(patched)).not.toContain('rotated-secret');
    expect(patched.webhook).not.toHaveProperty('secret');

    const second = await createWebhook({ name: 'second', url: 'https://hooks.example.com/b', events: ['registered_model.created'] });
    const firstPage = await json<{ webhooks: Array<{ webhook_id: string }>; next_page_token?: string }>(await server.request(`${MLFLOW}/webhooks?max_results=1`));
    expect(firstPage.webhooks).toHaveLength(1);
    expect(firstPage.next_page_token).toBeDefined();
    const secondPage = await json<{ webhooks: Array<{ webhook_id: string }> }>(
      await server.request(`${MLFLOW}/webhooks?max_results=1&page_token=${firstPage.next_page_token ?? ''}`),
    );
    expect([...firstPage.webhooks, ...secondPage.webhooks].map((webhook) => webhook.webhook_id)).toEqual([id, second]);

    await json(await server.request(`${MLFLOW}/webhooks/${id}`, { method: 'DELETE' }));
    await json(await server.request(`${MLFLOW}/webhooks/${id}`), 404);
    await json(await server.request(`${MLFLOW}/webhooks/${id}`, { method: 'DELETE' }), 404);
    await json(await server.request(`${MLFLOW}/webhooks/${second}`, { method: 'DELETE' }));
  });

  it('answers 400 naming the problem for bad input and refuses link-local and non-http URLs', async () => {
    const unknownEvent = await json<{ error_code: string; message: string }>(
      await server.request(`${MLFLOW}/webhooks`, { method: 'POST', json: { name: 'x', url: 'https://a.example.com/', events: [{ entity: 'model_version', action: 'exploded' }] } }),
      400,
    );
    expect(unknownEvent.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(unknownEvent.message).toContain('unknown event model_version.exploded');
    expect(unknownEvent.message).toContain('model_version_stage.transitioned');

    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/hook', 'ftp://files.example.com/hook', 'not a url']) {
      const refused = await json<{ error_code: string; message: string }>(
        await server.request(`${MLFLOW}/webhooks`, { method: 'POST', json: { name: 'x', url, events: ['model_version.created'] } }),
        400,
      );
      expect(refused.message).toMatch(/^url /);
    }
    const noEvents = await json<{ message: string }>(await server.request(`${MLFLOW}/webhooks`, { method: 'POST', json: { name: 'x', url: 'https://a.example.com/', events: [] } }), 400);
    expect(noEvents.message).toContain('at least one event');
    const badStatus = await json<{ message: string }>(
      await server.request(`${MLFLOW}/webhooks`, { method: 'POST', json: { name: 'x', url: 'https://a.example.com/', events: ['model_version.created'], status: 'PAUSED' } }),
      400,
    );
    expect(badStatus.message).toContain('ACTIVE or DISABLED');
    const id = await createWebhook({ name: 'x', url: 'https://a.example.com/', events: ['model_version.created'] });
    await json(await server.request(`${MLFLOW}/webhooks/${id}`, { method: 'PATCH', json: { url: 'http://169.254.169.254/' } }), 400);
    await json(await server.request(`${MLFLOW}/webhooks/no-such-webhook`, { method: 'PATCH', json: { name: 'y' } }), 404);
    await json(await server.request(`/api/2.0/cairn/webhooks/no-such-webhook/deliveries`), 404);
    await json(await server.request(`${MLFLOW}/webhooks/${id}`, { method: 'DELETE' }));
  });

  it('is admin only: any other caller gets 403 on every route', async () => {
    const id = await createWebhook({ name: 'admin-only', url: 'https://a.example.com/', events: ['model_version.created'], status: 'DISABLED' });
    const calls: Array<[string, string, unknown?]> = [
      ['POST', `${MLFLOW}/webhooks`, { name: 'x', url: 'https://a.example.com/', events: ['model_version.created'] }],
      ['GET', `${MLFLOW}/webhooks`],
      ['GET', `${MLFLOW}/webhooks/${id}`],
      ['PATCH', `${MLFLOW}/webhooks/${id}`, { name: 'taken over' }],
      ['DELETE', `${MLFLOW}/webhooks/${id}`],
      ['POST', `${MLFLOW}/webhooks/${id}/test`, {}],
      ['GET', `/api/2.0/cairn/webhooks/${id}/deliveries`],
    ];
    for (const [method, path, body] of calls) {
      const response = await server.request(path, { method, token: userToken, ...(body !== undefined ? { json: body } : {}) });
      expect((await json<{ error_code: string }>(response, 403)).error_code).toBe('PERMISSION_DENIED');
    }
    expect((await json<{ webhook: { name: string } }>(await server.request(`${MLFLOW}/webhooks/${id}`))).webhook.name).toBe('admin-only');
  });

  it('signs real model-version, alias and stage events the MLflow way; a DISABLED webhook gets nothing', async () => {
    const hook = await receiver();
    const disabledHook = await receiver();
    const id = await createWebhook({
      name: 'all-events',
      url: `${hook.url}/hook`,
      secret: SECRET,
      events: ['model_version.created', 'model_version_alias.created', 'model_version_stage.transitioned', 'model_version_tag.set'],
    });
    const disabledId = await createWebhook({ name: 'off', url: `${disabledHook.url}/hook`, secret: SECRET, events: ['model_version.created', 'model_version_alias.created'], status: 'DISABLED' });
    const name = await newModel();
    await json(await server.request(`${MLFLOW}/model-versions/create`, { method: 'POST', json: { name, source: 's3://bucket/model', run_id: 'run-1', tags: [{ key: 'team', value: 'ml' }] } }));
    await json(await server.request(`${MLFLOW}/registered-models/alias`, { method: 'POST', json: { name, alias: 'champion', version: '1' } }));
    await json(await server.request(`${MLFLOW}/model-versions/transition-stage`, { method: 'POST', json: { name, version: '1', stage: 'production' } }));

    await eventually(async () => hook.requests.length, (count) => count >= 3);
    expect(hook.requests).toHaveLength(3);
    for (const request of hook.requests) {
      expect(request.method).toBe('POST');
      expect(header(request, 'content-type')).toBe('application/json');
      expect(header(request, 'X-MLflow-Signature')).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(verified(request)).toBe(true);
      expect(verified(request, 'some other secret')).toBe(false);
      expect(verifyWebhook(SECRET, { deliveryId: header(request, 'X-MLflow-Delivery-Id'), timestamp: header(request, 'X-MLflow-Timestamp'), signature: header(request, 'X-MLflow-Signature') }, `${request.body} `)).toBe(false);
    }
    const bodies = hook.requests.map((request) => JSON.parse(request.body) as { entity: string; action: string; timestamp: string; data: unknown });
    const byEvent = Object.fromEntries(bodies.map((body) => [`${body.entity}.${body.action}`, body]));
    expect(byEvent['model_version.created']?.data).toEqual({ name, version: '1', source: 's3://bucket/model', run_id: 'run-1', tags: { team: 'ml' }, description: null });
    expect(byEvent['model_version_alias.created']?.data).toEqual({ name, alias: 'champion', version: '1' });
    expect(byEvent['model_version_stage.transitioned']?.data).toEqual({ name, version: '1', from_stage: 'None', to_stage: 'Production', archived_versions: [] });
    expect(Number.isNaN(Date.parse(byEvent['model_version.created']?.timestamp ?? ''))).toBe(false);

    const history = await eventually(() => deliveries(id), (list) => list.length === 3 && list.every((delivery) => delivery.status === 'DELIVERED'));
    expect(history.map((delivery) => delivery.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
    expect(new Set(history.map((delivery) => delivery.delivery_id))).toEqual(new Set(hook.requests.map((request) => header(request, 'X-MLflow-Delivery-Id'))));
    for (const delivery of history) expect(delivery.attempts).toMatchObject([{ attempt_number: 1, response_status: 200 }]);

    expect(disabledHook.requests).toHaveLength(0);
    expect(await deliveries(disabledId)).toEqual([]);
  });

  it('retries after a 500, then records the success with every attempt listed', async () => {
    const hook = await receiver((_request, index) => (index === 0 ? { status: 500, body: 'try later' } : { status: 204, body: '' }));
    const id = await createWebhook({ name: 'flaky', url: `${hook.url}/hook`, secret: SECRET, events: ['registered_model.created'] });
    const name = await newModel();
    const [delivery] = await eventually(() => deliveries(id), (list) => list[0]?.status === 'DELIVERED');
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempt_count: 2, event: { entity: 'REGISTERED_MODEL', action: 'CREATED' } });
    expect(delivery?.attempts).toHaveLength(2);
    expect(delivery?.attempts[0]).toMatchObject({ attempt_number: 1, response_status: 500 });
    expect(delivery?.attempts[0]?.error_message).toContain('HTTP 500');
    expect(delivery?.attempts[0]?.next_retry_timestamp).toEqual(expect.any(Number));
    expect(delivery?.attempts[1]).toMatchObject({ attempt_number: 2, response_status: 204 });
    expect(delivery?.attempts[1]).not.toHaveProperty('next_retry_timestamp');
    // Both attempts carry one delivery id and the same body, each signed with its own timestamp.
    expect(hook.requests).toHaveLength(2);
    expect(header(hook.requests[0]!, 'X-MLflow-Delivery-Id')).toBe(header(hook.requests[1]!, 'X-MLflow-Delivery-Id'));
    expect(hook.requests[0]?.body).toBe(hook.requests[1]?.body);
    expect(hook.requests.every((request) => verified(request))).toBe(true);
    expect(JSON.parse(hook.requests[1]!.body)).toMatchObject({ entity: 'registered_model', action: 'created', data: { name, tags: {}, description: null } });
  });

  it('gives up after max_attempts and marks the delivery FAILED', async () => {
    const hook = await receiver(() => ({ status: 503, body: 'down' }));
    const id = await createWebhook({ name: 'down', url: `${hook.url}/hook`, events: ['registered_model.created'] });
    await newModel();
    const [delivery] = await eventually(() => deliveries(id), (list) => list[0]?.status === 'FAILED');
    expect(delivery).toMatchObject({ status: 'FAILED', attempt_count: 3 });
    expect(delivery?.attempts.map((attempt) => attempt.response_status)).toEqual([503, 503, 503]);
    expect(delivery?.attempts[2]).not.toHaveProperty('next_retry_timestamp');
    expect(delivery).not.toHaveProperty('next_attempt_timestamp');
    expect(hook.requests).toHaveLength(3);
    // Unsigned when the webhook has no secret, as MLflow does.
    expect(header(hook.requests[0]!, 'X-MLflow-Signature')).toBeUndefined();
    const failed = await json<{ deliveries: Delivery[] }>(await server.request(`/api/2.0/cairn/webhooks/${id}/deliveries?status=FAILED`));
    expect(failed.deliveries).toHaveLength(1);
  });

  it('tests a webhook synchronously and reports the result, without following redirects', async () => {
    const hook = await receiver(() => ({ status: 200, body: 'received' }));
    const id = await createWebhook({ name: 'tested', url: `${hook.url}/hook`, secret: SECRET, events: ['model_version_alias.created'], status: 'DISABLED' });
    const ok = await json<{ result: Record<string, unknown> }>(await server.request(`${MLFLOW}/webhooks/${id}/test`, { method: 'POST', json: {} }));
    expect(ok.result).toEqual({ success: true, response_status: 200, response_body: 'received' });
    expect(hook.requests).toHaveLength(1);
    expect(verified(hook.requests[0]!)).toBe(true);
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ entity: 'model_version_alias', action: 'created', data: { alias: 'example_alias' } });

    const chosen = await json<{ result: { success: boolean } }>(
      await server.request(`${MLFLOW}/webhooks/${id}/test`, { method: 'POST', json: { event: { entity: 'MODEL_VERSION_STAGE', action: 'TRANSITIONED' } } }),
    );
    expect(chosen.result.success).toBe(true);
    expect(JSON.parse(hook.requests[1]!.body)).toMatchObject({ entity: 'model_version_stage', action: 'transitioned' });

    const redirecting = await receiver(() => ({ status: 302, headers: { location: 'http://169.254.169.254/' }, body: '' }));
    const redirectId = await createWebhook({ name: 'redirect', url: `${redirecting.url}/hook`, events: ['model_version.created'], status: 'DISABLED' });
    const redirected = await json<{ result: Record<string, unknown> }>(await server.request(`${MLFLOW}/webhooks/${redirectId}/test`, { method: 'POST', json: {} }));
    expect(redirected.result).toMatchObject({ success: false, response_status: 302 });
    expect(String(redirected.result.error_message)).toContain('redirects are not followed');
    // Test sends are not deliveries.
    expect(await deliveries(id)).toEqual([]);
  });
});
