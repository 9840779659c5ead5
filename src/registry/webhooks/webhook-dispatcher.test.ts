import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../alerting/notifiers/test-support/http-receiver.js';
import { createSecretStore, type Principal, type SecretStore } from '../../auth/index.js';
import { configFrom } from '../../config/index.js';
import { openDatabase, type StorageHandle } from '../../storage/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../storage/test-support/test-databases.js';
import type { RegistryEvent } from '../events.js';
import { createRegistryWebhooks, type RegistryWebhooks } from './create-registry-webhooks.js';
import { retrySchedule } from './webhook-dispatcher.js';
import { verifyWebhook } from './webhook-signature.js';

const admin: Principal = { id: 'admin-id', kind: 'user', name: 'admin', displayName: 'admin', isAdmin: true, groupIds: [] };
const event: RegistryEvent = { entity: 'model_version', action: 'created', data: { name: 'm', version: '1', source: 's3://m', run_id: null, tags: {}, description: null } };

describe('retrySchedule', () => {
  it('doubles from the base wait up to the cap, one wait per retry', () => {
    expect(retrySchedule({ maxAttempts: 6, retryBaseMs: 1_000, retryMaxMs: 5_000 })).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(retrySchedule({ maxAttempts: 1, retryBaseMs: 1_000, retryMaxMs: 5_000 })).toEqual([]);
  });
});

describe.each(testDialects)('webhook delivery queue on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let secrets: SecretStore;
  let clock = 1_700_000_000_000;
  const open: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    secrets = createSecretStore({ db: storage.db, dataDir: database.dataDir, secretKey: 'webhook-dispatcher-test-secret-key-0123456789' });
  }, 30_000);
  afterAll(async () => {
    await storage?.close();
    await database?.cleanup();
  });
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
    await storage.db.deleteFrom('registry_webhook_attempts').execute();
    await storage.db.deleteFrom('registry_webhook_deliveries').execute();
    await storage.db.deleteFrom('registry_webhooks').execute();
  });

  /** One Cairn instance's webhook service; the loop is driven by `tick()` and the injected clock, never by timers. */
  function instance(): RegistryWebhooks {
    const config = configFrom({ data_dir: database.dataDir, webhooks: { max_attempts: 3, retry_base_ms: 1_000, retry_max_ms: 10_000 } });
    const webhooks = createRegistryWebhooks({ db: storage.db, secrets, config, logger: pino({ level: 'silent' }), now: () => clock, random: () => 0.5 });
    open.push(webhooks);
    return webhooks;
  }

  async function receiverAnswering(statuses: number[]): Promise<HttpReceiver> {
    const receiver = await startHttpReceiver((_request, index) => ({ status: statuses[Math.min(index, statuses.length - 1)] ?? 200 }));
    open.push(receiver);
    return receiver;
  }

  it('sends a retry that fell due after a restart from the next instance', async () => {
    const receiver = await receiverAnswering([500, 200]);
    const first = instance();
    const webhook = await first.create(admin, { name: 'restart', url: receiver.url, events: ['model_version.created'], secret: 'restart-secret' });
    first.onEvent(event);
    await first.idle();
    expect(await first.tick()).toBe(1);
    await first.idle();
    await first.close();

    const second = instance();
    expect(await second.tick()).toBe(0);
    clock += 1_000; // The first retry waits 1 s (±20 %, the draw 0.5 gives exactly 1 s).
    expect(await second.tick()).toBe(1);
    await second.idle();

    const page = await second.deliveries(admin, webhook.webhook_id, {});
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: 'DELIVERED', attempt_count: 2 });
    expect(page.items[0]?.attempts.map((attempt) => [attempt.response_status, attempt.next_retry_timestamp])).toEqual([
      [500, clock],
      [200, undefined],
    ]);
    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) {
      const signed = verifyWebhook(
        'restart-secret',
        { deliveryId: String(request.headers['x-mlflow-delivery-id']), timestamp: String(request.headers['x-mlflow-timestamp']), signature: String(request.headers['x-mlflow-signature']) },
        request.body,
        { nowSeconds: Math.floor(clock / 1000) },
      );
      expect(signed).toBe(true);
    }
  });

  it('lets only one of two instances send a delivery', async () => {
    const receiver = await receiverAnswering([200]);
    const [left, right] = [instance(), instance()];
    await left.create(admin, { name: 'shared', url: receiver.url, events: ['model_version.created'] });
    left.onEvent(event);
    await left.idle();
    const claimed = await Promise.all([left.tick(), right.tick(), left.tick(), right.tick()]);
    await Promise.all([left.idle(), right.idle()]);
    expect(claimed.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('takes over a delivery whose instance died mid-attempt once its claim is stale, and never before', async () => {
    const receiver = await receiverAnswering([200]);
    const survivor = instance();
    const webhook = await survivor.create(admin, { name: 'takeover', url: receiver.url, events: ['model_version.created'] });
    survivor.onEvent(event);
    await survivor.idle();
    await storage.db.updateTable('registry_webhook_deliveries').set({ claimed_by: 'crashed-instance', claimed_until: clock + 60_000 }).execute();
    expect(await survivor.tick()).toBe(0);
    clock += 60_001;
    expect(await survivor.tick()).toBe(1);
    await survivor.idle();
    expect((await survivor.deliveries(admin, webhook.webhook_id, {})).items[0]).toMatchObject({ status: 'DELIVERED', attempt_count: 1 });
  });

  it('fails a pending delivery of a webhook that was disabled meanwhile, without sending it', async () => {
    const receiver = await receiverAnswering([200]);
    const webhooks = instance();
    const webhook = await webhooks.create(admin, { name: 'paused', url: receiver.url, events: ['model_version.created'] });
    webhooks.onEvent(event);
    await webhooks.idle();
    await webhooks.update(admin, webhook.webhook_id, { status: 'DISABLED' });
    expect(await webhooks.tick()).toBe(1);
    await webhooks.idle();
    expect((await webhooks.deliveries(admin, webhook.webhook_id, {})).items[0]).toMatchObject({ status: 'FAILED', last_error: 'the webhook was disabled' });
    expect(receiver.requests).toHaveLength(0);
  });
});
