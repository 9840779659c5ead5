import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Agent, type Dispatcher } from 'undici';
import type { Principal, SecretStore } from '../../auth/index.js';
import type { CairnConfig } from '../../config/index.js';
import { CairnError, errors } from '../../errors/index.js';
import { guardedLookup, validateProviderBaseUrl } from '../../providers/index.js';
import type { Db, RegistryWebhooksTable } from '../../storage/index.js';
import type { RegistryEventListener, RegistryEventName } from '../events.js';
import { deliveryBody, examplePayload } from './example-payloads.js';
import { type FetchFunction, sendWebhook } from './send-webhook.js';
import { createWebhookDispatcher } from './webhook-dispatcher.js';
import {
  type CreateWebhookInput,
  DEFAULT_LIST_RESULTS,
  type DeliveryStatus,
  type DeliveryView,
  eventView,
  MAX_LIST_RESULTS,
  type UpdateWebhookInput,
  type WebhookStatus,
  type WebhookTestResult,
  type WebhookView,
} from './webhook-schema.js';
import { createWebhookStore, decodeCursor, encodeCursor } from './webhook-store.js';

/** Reserved secret scope of webhook signing secrets (key = webhook id). */
export const WEBHOOK_SECRET_SCOPE = 'cairn-registry-webhooks';

export interface RegistryWebhooksOptions {
  db: Db;
  secrets: SecretStore;
  config: Readonly<CairnConfig>;
  logger: Logger;
  now?: () => number;
  /** Jitter draws in [0, 1). */
  random?: () => number;
  fetch?: FetchFunction;
  /** Default: undici with a DNS lookup that applies the SSRF guard at connect time. */
  dispatcher?: Dispatcher;
}

export interface Page<T> {
  items: T[];
  next_page_token?: string;
}

/** Registry webhooks: MLflow 3's CRUD and test, Cairn's delivery history, and the delivery queue. Admin only. */
export interface RegistryWebhooks {
  /** The registry's event listener: records deliveries off the request path; never throws. */
  onEvent: RegistryEventListener;
  create(principal: Principal, input: CreateWebhookInput): Promise<WebhookView>;
  list(principal: Principal, request: { max_results?: number | undefined; page_token?: string | undefined }): Promise<Page<WebhookView>>;
  get(principal: Principal, webhookId: string): Promise<WebhookView>;
  update(principal: Principal, webhookId: string, input: UpdateWebhookInput): Promise<WebhookView>;
  delete(principal: Principal, webhookId: string): Promise<void>;
  /** Sends one example event now (one attempt, not recorded) and reports what the receiver answered. */
  test(principal: Principal, webhookId: string, event?: RegistryEventName): Promise<WebhookTestResult>;
  deliveries(
    principal: Principal,
    webhookId: string,
    request: { max_results?: number | undefined; page_token?: string | undefined; status?: DeliveryStatus | undefined },
  ): Promise<Page<DeliveryView>>;
  /** One pass of the delivery loop (tests drive it with an injected clock). */
  tick(): Promise<number>;
  /** Resolves when nothing this instance started (recording or sending) is in flight. */
  idle(): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

function requireAdmin(principal: Principal): void {
  if (!principal.isAdmin) throw errors.permissionDenied('Only workspace admins may manage registry webhooks.');
}

function notFound(webhookId: string): CairnError {
  return errors.notFound(`Webhook with ID ${webhookId} not found.`);
}

function parseEvents(row: RegistryWebhooksTable): RegistryEventName[] {
  try {
    const events: unknown = JSON.parse(row.events);
    return Array.isArray(events) ? (events.filter((event) => typeof event === 'string') as RegistryEventName[]) : [];
  } catch {
    return [];
  }
}

function view(row: RegistryWebhooksTable): WebhookView {
  return {
    webhook_id: row.id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    url: row.url,
    events: parseEvents(row).map(eventView),
    status: row.status as WebhookStatus,
    creation_timestamp: Number(row.creation_timestamp),
    last_updated_timestamp: Number(row.last_updated_timestamp),
  };
}

function clampResults(maxResults: number | undefined): number {
  return Math.min(maxResults ?? DEFAULT_LIST_RESULTS, MAX_LIST_RESULTS);
}

export function createRegistryWebhooks(options: RegistryWebhooksOptions): RegistryWebhooks {
  const { db, secrets, config, logger } = options;
  const now = options.now ?? Date.now;
  const allowPrivate = config.providers.allow_private_networks;
  const settings = {
    timeoutMs: config.webhooks.timeout_ms,
    maxAttempts: config.webhooks.max_attempts,
    retryBaseMs: config.webhooks.retry_base_ms,
    retryMaxMs: config.webhooks.retry_max_ms,
    pollMs: config.webhooks.poll_ms,
    concurrency: config.webhooks.concurrency,
  };
  const store = createWebhookStore(db);
  const ownDispatcher = options.dispatcher ? undefined : new Agent({ connect: { lookup: guardedLookup({ allowPrivate }) }, connections: settings.concurrency });
  const httpDispatcher = options.dispatcher ?? ownDispatcher;

  async function secretOf(webhook: RegistryWebhooksTable): Promise<string | null> {
    return webhook.secret_key ? secrets.get(WEBHOOK_SECRET_SCOPE, webhook.secret_key) : null;
  }

  const dispatcher = createWebhookDispatcher({
    store, settings, allowPrivate, secretOf, logger, now, random: options.random ?? Math.random, fetch: options.fetch, dispatcher: httpDispatcher,
  });

  /** Same SSRF rules as provider base URLs (SEC API7), worded for this field. */
  function checkUrl(url: string): string {
    try {
      return validateProviderBaseUrl(url, { allowPrivate }).toString();
    } catch (error) {
      if (!(error instanceof CairnError)) throw error;
      const message = error.message.replace('The provider base URL', 'url').replace('; configure the API key instead', '');
      throw errors.invalid(message, { param: 'url' });
    }
  }

  async function load(webhookId: string): Promise<RegistryWebhooksTable> {
    const row = await store.getWebhook(webhookId);
    if (!row) throw notFound(webhookId);
    return row;
  }

  return {
    onEvent(event) {
      void dispatcher.enqueue(event);
    },

    async create(principal, input) {
      requireAdmin(principal);
      const url = checkUrl(input.url);
      const id = randomUUID();
      const at = now();
      const secretKey = input.secret ? id : null;
      if (input.secret) await secrets.put(WEBHOOK_SECRET_SCOPE, id, input.secret);
      const row: RegistryWebhooksTable = {
        id,
        name: input.name,
        description: input.description ?? '',
        url,
        events: JSON.stringify(input.events),
        status: input.status ?? 'ACTIVE',
        secret_key: secretKey,
        created_by: principal.id,
        creation_timestamp: at,
        last_updated_timestamp: at,
      };
      try {
        await store.insertWebhook(row);
      } catch (error) {
        if (secretKey) await secrets.delete(WEBHOOK_SECRET_SCOPE, secretKey).catch(() => undefined);
        throw error;
      }
      return view(row);
    },

    async list(principal, request) {
      requireAdmin(principal);
      const limit = clampResults(request.max_results);
      const rows = await store.listWebhooks(limit, request.page_token ? decodeCursor(request.page_token) : undefined);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(view),
        ...(rows.length > limit && last ? { next_page_token: encodeCursor(Number(last.creation_timestamp), last.id) } : {}),
      };
    },

    async get(principal, webhookId) {
      requireAdmin(principal);
      return view(await load(webhookId));
    },

    async update(principal, webhookId, input) {
      requireAdmin(principal);
      const row = await load(webhookId);
      const patch: Partial<RegistryWebhooksTable> = { last_updated_timestamp: now() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.description !== undefined) patch.description = input.description;
      if (input.url !== undefined) patch.url = checkUrl(input.url);
      if (input.events !== undefined) patch.events = JSON.stringify(input.events);
      if (input.status !== undefined) patch.status = input.status;
      if (input.secret !== undefined) {
        if (input.secret === '') {
          patch.secret_key = null;
        } else {
          await secrets.put(WEBHOOK_SECRET_SCOPE, webhookId, input.secret);
          patch.secret_key = webhookId;
        }
      }
      await store.updateWebhook(webhookId, patch);
      if (input.secret === '' && row.secret_key) await secrets.delete(WEBHOOK_SECRET_SCOPE, row.secret_key).catch(() => undefined);
      return view(await load(webhookId));
    },

    async delete(principal, webhookId) {
      requireAdmin(principal);
      const row = await load(webhookId);
      if (!(await store.deleteWebhook(webhookId))) throw notFound(webhookId);
      if (row.secret_key) await secrets.delete(WEBHOOK_SECRET_SCOPE, row.secret_key).catch(() => undefined);
    },

    async test(principal, webhookId, event) {
      requireAdmin(principal);
      const row = await load(webhookId);
      const name = event ?? parseEvents(row)[0];
      if (!name) throw new CairnError('INVALID_STATE', `Webhook ${webhookId} has no events to test.`);
      try {
        validateProviderBaseUrl(row.url, { allowPrivate });
      } catch {
        return { success: false, error_message: 'The webhook URL is not allowed by this configuration.' };
      }
      const [entity = '', action = ''] = name.split('.');
      const result = await sendWebhook(
        { url: row.url, body: deliveryBody(entity, action, examplePayload(name), now()), deliveryId: randomUUID(), webhookId, attempt: 1, secret: await secretOf(row) },
        { fetch: options.fetch, dispatcher: httpDispatcher, timeoutMs: settings.timeoutMs, now },
      );
      return {
        success: result.ok,
        ...(result.statusCode !== undefined ? { response_status: result.statusCode } : {}),
        ...(result.responseBody !== undefined ? { response_body: result.responseBody } : {}),
        ...(result.ok ? {} : { error_message: `Failed to test webhook: ${result.error ?? 'unknown error'}` }),
      };
    },

    async deliveries(principal, webhookId, request) {
      requireAdmin(principal);
      await load(webhookId);
      const limit = clampResults(request.max_results);
      const rows = await store.listDeliveries(webhookId, limit, {
        after: request.page_token ? decodeCursor(request.page_token) : undefined,
        status: request.status,
      });
      const page = rows.slice(0, limit);
      const attempts = await store.attemptsOf(page.map((row) => row.id));
      const items = page.map((row): DeliveryView => ({
        delivery_id: row.id,
        webhook_id: row.webhook_id,
        event: eventView(row.event),
        status: row.status as DeliveryStatus,
        attempt_count: Number(row.attempts),
        creation_timestamp: Number(row.created_at),
        last_updated_timestamp: Number(row.updated_at),
        ...(row.status === 'PENDING' ? { next_attempt_timestamp: Number(row.next_attempt_at) } : {}),
        ...(row.last_error ? { last_error: row.last_error } : {}),
        attempts: attempts
          .filter((attempt) => attempt.delivery_id === row.id)
          .map((attempt) => ({
            attempt_number: Number(attempt.attempt),
            timestamp: Number(attempt.started_at),
            duration_ms: Number(attempt.duration_ms),
            ...(attempt.status_code !== null ? { response_status: Number(attempt.status_code) } : {}),
            ...(attempt.error ? { error_message: attempt.error } : {}),
            ...(attempt.next_retry_at !== null ? { next_retry_timestamp: Number(attempt.next_retry_at) } : {}),
          })),
      }));
      const last = page[page.length - 1];
      return { items, ...(rows.length > limit && last ? { next_page_token: encodeCursor(Number(last.created_at), last.id) } : {}) };
    },

    tick: () => dispatcher.tick(),
    idle: () => dispatcher.idle(),
    start: () => dispatcher.start(),
    async close() {
      await dispatcher.close();
      await ownDispatcher?.destroy().catch(() => undefined);
    },
  };
}
