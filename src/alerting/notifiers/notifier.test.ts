import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore, type SecretStore } from '../../auth/index.js';
import { CairnError } from '../../errors/index.js';
import { configFrom } from '../../config/index.js';
import { openDatabase, type StorageHandle } from '../../storage/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../storage/test-support/test-databases.js';
import { ALERTING_SECRET_SCOPE } from './channel-registry.js';
import { slackMessage } from './channels/slack-channel.js';
import { webhookBody } from './channels/webhook-channel.js';
import { createNotifier, type NotifierService } from './notifier.js';
import { closedPort, type HttpReceiver, startHttpReceiver } from './test-support/http-receiver.js';
import { sampleNotification } from './test-support/notification-fixture.js';
import type { AlertNotification } from './types.js';
import { verifySignature } from './webhook-signature.js';

const SECRET_KEY = 'notifier-test-secret-key-0123456789abcdef';

function forRule(ruleId: string, overrides: Partial<AlertNotification> = {}): AlertNotification {
  const base = sampleNotification(overrides);
  return { ...base, rule: { ...base.rule, id: ruleId } };
}

/** Quoted-printable soft breaks and escapes undone, so assertions read the text as sent. */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe.each(testDialects)('notifier on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let secrets: SecretStore;
  let clock = 1_700_000_000_000;
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  const open: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    secrets = createSecretStore({ db: storage.db, dataDir: database.dataDir, secretKey: SECRET_KEY });
  }, 30_000);
  afterAll(async () => {
    await storage?.close();
    await database?.cleanup();
  });
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
    // Each test starts from an empty queue: a leftover due row would be claimed by the next test's ticks.
    await storage.db.deleteFrom('alert_deliveries').execute();
  });

  function notifierWith(options: { retryMs?: number[]; timeoutMs?: number; allowPrivate?: boolean; db?: StorageHandle['db']; smtpTransportFactory?: Parameters<typeof createNotifier>[0]['smtpTransportFactory'] } = {}): NotifierService {
    const config = configFrom({
      data_dir: database.dataDir,
      monitoring: { alerts: { delivery_retry_ms: options.retryMs ?? [1_000, 5_000], delivery_timeout_ms: options.timeoutMs ?? 5_000 } },
      providers: { allow_private_networks: options.allowPrivate ?? true },
    });
    const notifier = createNotifier({
      db: options.db ?? storage.db,
      secrets,
      config,
      logger,
      now: () => clock,
      random: () => 0.5,
      ...(options.smtpTransportFactory ? { smtpTransportFactory: options.smtpTransportFactory } : {}),
    });
    open.push(notifier);
    return notifier;
  }

  async function receiver(answer?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
    const started = await startHttpReceiver(answer);
    open.push(started);
    return started;
  }

  /** Runs the loop until nothing is due (the clock stands still). */
  async function drain(...notifiers: NotifierService[]): Promise<void> {
    for (let pass = 0; pass < 100; pass++) {
      const claimed = await Promise.all(notifiers.map((notifier) => notifier.tick()));
      await Promise.all(notifiers.map((notifier) => notifier.idle()));
      if (claimed.every((count) => count === 0)) return;
    }
    throw new Error('the delivery loop did not settle');
  }

  it('webhook: the receiver gets the documented JSON, and the HMAC verifies with the channel secret', async () => {
    const hook = await receiver();
    const notifier = notifierWith();
    const secret = 'whsec-webhook-test-0123456789';
    const channels = await notifier.prepareChannels('rule-webhook', [{ kind: 'webhook', url: `${hook.url}/hook?team=ops`, secret }]);
    const notification = forRule('rule-webhook');
    await notifier.enqueue(notification, channels);
    expect(hook.requests).toHaveLength(0); // enqueue only stores
    await drain(notifier);

    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    const [delivery] = await notifier.list({ ruleId: 'rule-webhook' });
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook?team=ops');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-cairn-event-id']).toBe('42');
    expect(request?.headers['x-cairn-timestamp']).toBe(String(clock));
    expect(request?.body).toBe(JSON.stringify(webhookBody(notification, { deliveryId: delivery!.id, sentAt: clock })));
    expect(JSON.parse(request!.body)).toMatchObject({ event_id: 42, kind: 'firing', series_key: 'entity-a', value: 0.125, rule: { id: 'rule-webhook', threshold: 0.05 } });
    expect(verifySignature(secret, request!.body, request!.headers['x-cairn-signature'] as string, { timestamp: request!.headers['x-cairn-timestamp'] as string, now: clock })).toBe(true);
    expect(verifySignature('another-secret-entirely', request!.body, request!.headers['x-cairn-signature'] as string)).toBe(false);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, kind: 'webhook', channel: 'webhook', delivered_at: clock, last_error: null, event_id: 42 });
  });

  it('Slack: the blocks go to the secret webhook URL, which is never shown', async () => {
    const slack = await receiver();
    const notifier = notifierWith();
    const url = `${slack.url}/services/T000/B000/slackSecretPath123`;
    const channels = await notifier.prepareChannels('rule-slack', [{ kind: 'slack', name: 'oncall', url }]);
    expect(notifier.viewChannels(channels)).toEqual([{ kind: 'slack', name: 'oncall', host: new URL(slack.url).host, secret_fields: ['url'] }]);
    expect(JSON.stringify(channels)).not.toContain('slackSecretPath123');
    const notification = forRule('rule-slack');
    await notifier.enqueue(notification, channels);
    await drain(notifier);
    expect(slack.requests.map((request) => request.path)).toEqual(['/services/T000/B000/slackSecretPath123']);
    expect(JSON.parse(slack.requests[0]!.body)).toEqual(slackMessage(notification));
    const listed = await notifier.list({ ruleId: 'rule-slack' });
    expect(listed).toMatchObject([{ status: 'delivered', channel: 'oncall', kind: 'slack' }]);
    expect(JSON.stringify(listed)).not.toContain('slackSecretPath123');
  });

  it('PagerDuty: an Events API v2 body, field by field, at the overridden URL', async () => {
    const pagerDuty = await receiver(() => ({ status: 202, body: '{"status":"success","dedup_key":"x"}' }));
    const notifier = notifierWith();
    const channels = await notifier.prepareChannels('rule-pd', [{ kind: 'pagerduty', routing_key: 'R0UTINGKEY0123456789', url: `${pagerDuty.url}/v2/enqueue` }]);
    expect(notifier.viewChannels(channels)).toEqual([{ kind: 'pagerduty', name: 'pagerduty', url: `${pagerDuty.url}/v2/enqueue`, secret_fields: ['routing_key'] }]);
    await notifier.enqueue(forRule('rule-pd'), channels);
    await notifier.enqueue(forRule('rule-pd', { kind: 'resolved', eventId: 43 }), channels);
    await drain(notifier);

    expect(pagerDuty.requests.map((request) => request.path)).toEqual(['/v2/enqueue', '/v2/enqueue']);
    const bodies = pagerDuty.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>).sort((a, b) => String(a.event_action).localeCompare(String(b.event_action)));
    const [resolve, trigger] = bodies as [Record<string, unknown>, Record<string, unknown>];
    expect(trigger.routing_key).toBe('R0UTINGKEY0123456789');
    expect(trigger.event_action).toBe('trigger');
    expect(trigger.dedup_key).toBe('rule-pd:entity-a');
    const payload = trigger.payload as Record<string, unknown>;
    expect(payload.summary).toBe('[FIRING] error rate high: error_rate = 0.125 (threshold > 0.05 over 300 s) on chat [entity-a]');
    expect(payload.source).toBe('chat');
    expect(payload.severity).toBe('error');
    expect(payload.timestamp).toBe('2025-01-02T03:04:05.000Z');
    expect(payload.custom_details).toMatchObject({ rule_id: 'rule-pd', event_id: 42, value: 0.125, threshold: 0.05, details: { drifted_columns: ['prompt_chars', 'prompt_language'] } });
    expect(resolve).toMatchObject({ routing_key: 'R0UTINGKEY0123456789', event_action: 'resolve', dedup_key: 'rule-pd:entity-a' });
    expect((await notifier.list({ ruleId: 'rule-pd' })).map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);
  });

  it('e-mail: the message reaches a local SMTP server (STARTTLS, login), HTML escaped', async () => {
    const received: Array<{ raw: string; from: string; to: string[]; user: unknown }> = [];
    const smtp = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'alerts' && auth.password === 'smtp-password-123') callback(null, { user: 'alerts' });
        else callback(new Error('bad credentials'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            raw: Buffer.concat(chunks).toString('utf8'),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user,
          });
          callback();
        });
      },
      logger: false,
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    open.push({ close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) });
    const port = (smtp.server.address() as AddressInfo).port;
    // The test server's certificate is self-signed; production keeps certificate checks on.
    const notifier = notifierWith({ smtpTransportFactory: (options) => nodemailer.createTransport({ ...options, tls: { ...options.tls, rejectUnauthorized: false } }) });
    const channels = await notifier.prepareChannels('rule-mail', [
      { kind: 'email', host: '127.0.0.1', port, security: 'starttls', from: 'cairn@example.com', to: ['ops@example.com', 'ml@example.com'], username: 'alerts', password: 'smtp-password-123' },
    ]);
    expect(notifier.viewChannels(channels)).toEqual([
      { kind: 'email', name: 'email', host: '127.0.0.1', port, security: 'starttls', from: 'cairn@example.com', to: ['ops@example.com', 'ml@example.com'], username: 'alerts', secret_fields: ['password'] },
    ]);
    const base = forRule('rule-mail');
    await notifier.enqueue({ ...base, rule: { ...base.rule, name: 'p99 <b>high</b> & rising' } }, channels);
    await drain(notifier);

    expect(await notifier.list({ ruleId: 'rule-mail' })).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail).toMatchObject({ from: 'cairn@example.com', to: ['ops@example.com', 'ml@example.com'], user: 'alerts' });
    const raw = decodeQuotedPrintable(mail!.raw);
    expect(raw).toContain('Subject: [Cairn] FIRING error: p99 <b>high</b> & rising');
    expect(raw.toLowerCase()).toContain('x-cairn-event-id: 42');
    expect(raw).toContain('Value: 0.125 (threshold > 0.05 over 300 s)');
    expect(raw).toContain('p99 &lt;b&gt;high&lt;/b&gt; &amp; rising');
    expect(raw).not.toContain('<b>high</b> &amp;');
  });

  it('retries with backoff (jitter drawn at the middle) until the receiver recovers', async () => {
    const flaky = await receiver((_request, index) => (index < 2 ? { status: 500, body: 'boom' } : {}));
    const notifier = notifierWith({ retryMs: [1_000, 5_000] });
    const channels = await notifier.prepareChannels('rule-retry', [{ kind: 'webhook', url: flaky.url, secret: 'whsec-retry-0123456789' }]);
    const start = clock;
    await notifier.enqueue(forRule('rule-retry'), channels);
    await drain(notifier);
    const host = new URL(flaky.url).host;
    expect(await notifier.list({ ruleId: 'rule-retry' })).toMatchObject([{ status: 'pending', attempts: 1, next_attempt_at: start + 1_000, last_error: `HTTP 500 from ${host}: boom` }]);

    clock = start + 999;
    await drain(notifier);
    expect(flaky.requests).toHaveLength(1);
    clock = start + 1_000;
    await drain(notifier);
    expect(await notifier.list({ ruleId: 'rule-retry' })).toMatchObject([{ status: 'pending', attempts: 2, next_attempt_at: start + 6_000 }]);
    clock = start + 6_000;
    await drain(notifier);
    expect(await notifier.list({ ruleId: 'rule-retry' })).toMatchObject([{ status: 'delivered', attempts: 3, delivered_at: start + 6_000, last_error: null }]);
    expect(flaky.requests).toHaveLength(3);
    const bodies = flaky.requests.map((request) => JSON.parse(request.body) as { delivery_id: string; sent_at: number });
    expect(new Set(bodies.map((body) => body.delivery_id)).size).toBe(1);
    expect(bodies.map((body) => body.sent_at)).toEqual([start, start + 1_000, start + 6_000]);
  });

  it('honours a longer Retry-After on 429 and 503', async () => {
    const busy = await receiver((_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 503, headers: { 'retry-after': '0' } }));
    const notifier = notifierWith({ retryMs: [1_000, 5_000] });
    const channels = await notifier.prepareChannels('rule-busy', [{ kind: 'webhook', url: busy.url, secret: 'whsec-busy-0123456789' }]);
    const start = clock;
    await notifier.enqueue(forRule('rule-busy'), channels);
    await drain(notifier);
    expect(await notifier.list({ ruleId: 'rule-busy' })).toMatchObject([{ attempts: 1, next_attempt_at: start + 120_000 }]);
    clock = start + 120_000;
    await drain(notifier);
    // A shorter Retry-After does not cut the backoff.
    expect(await notifier.list({ ruleId: 'rule-busy' })).toMatchObject([{ attempts: 2, next_attempt_at: start + 125_000 }]);
  });

  it('a receiver that hangs times out, is retried, then dead-lettered', async () => {
    const hanging = await receiver(() => ({ hang: true }));
    const notifier = notifierWith({ retryMs: [0, 0], timeoutMs: 200 });
    const channels = await notifier.prepareChannels('rule-hang', [{ kind: 'webhook', url: hanging.url, secret: 'whsec-hang-0123456789' }]);
    await notifier.enqueue(forRule('rule-hang'), channels);
    await drain(notifier);
    expect(hanging.requests).toHaveLength(3);
    expect(await notifier.list({ ruleId: 'rule-hang' })).toMatchObject([{ status: 'dead', attempts: 3, last_error: `timed out after 200 ms (${new URL(hanging.url).host})` }]);
    expect(await notifier.list({ status: 'dead', ruleId: 'rule-hang' })).toHaveLength(1);
  });

  it('a down receiver is dead-lettered without holding up other deliveries; retry puts it back', async () => {
    const good = await receiver();
    const port = await closedPort();
    const notifier = notifierWith({ retryMs: [0] });
    const channels = await notifier.prepareChannels('rule-down', [
      { kind: 'webhook', name: 'down', url: `http://127.0.0.1:${port}/hook`, secret: 'whsec-down-0123456789' },
      { kind: 'webhook', name: 'up', url: good.url, secret: 'whsec-up-0123456789ab' },
    ]);
    await notifier.enqueue(forRule('rule-down'), channels);
    await notifier.enqueue(forRule('rule-down', { eventId: 43 }), channels.slice(1));
    await drain(notifier);
    const byChannel = (await notifier.list({ ruleId: 'rule-down' })).map((delivery) => [delivery.channel, delivery.status, delivery.attempts]);
    expect(byChannel.sort()).toEqual([['down', 'dead', 2], ['up', 'delivered', 1], ['up', 'delivered', 1]]);
    expect(good.requests).toHaveLength(2);
    const [dead] = await notifier.list({ ruleId: 'rule-down', status: 'dead' });
    expect(dead?.last_error).toBe(`connection to 127.0.0.1:${port} failed (ECONNREFUSED)`);

    const retried = await notifier.retry(dead!.id);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: clock });
    expect(await notifier.retry('no-such-delivery')).toBeUndefined();
    await drain(notifier);
    expect(await notifier.get(dead!.id)).toMatchObject({ status: 'dead', attempts: 2 });
  });

  it('SSRF: metadata addresses are refused at prepareChannels with a 400 naming the field, and nothing is stored', async () => {
    const notifier = notifierWith();
    const refused = async (inputs: unknown, field: string, allowPrivate = true) => {
      const target = allowPrivate ? notifier : notifierWith({ allowPrivate: false });
      const error = await target.prepareChannels('rule-ssrf', inputs).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(CairnError);
      expect((error as CairnError).code).toBe('INVALID_PARAMETER_VALUE');
      expect((error as CairnError).message).toContain(field);
    };
    const secret = 'whsec-ssrf-0123456789';
    await refused([{ kind: 'webhook', url: 'http://169.254.169.254/latest/meta-data/', secret }], 'channels[0].url');
    await refused([{ kind: 'webhook', url: 'https://example.com/ok', secret }, { kind: 'slack', url: 'http://metadata.google.internal/x' }], 'channels[1].url');
    await refused([{ kind: 'pagerduty', routing_key: 'k', url: 'http://[fe80::1]/v2/enqueue' }], 'channels[0].url');
    await refused([{ kind: 'webhook', url: 'file:///etc/passwd', secret }], 'channels[0].url');
    await refused([{ kind: 'webhook', url: 'http://user:pw@example.com/', secret }], 'channels[0].url');
    await refused([{ kind: 'webhook', url: 'http://10.0.0.5/hook', secret }], 'channels[0].url', false);
    await refused([{ kind: 'email', host: '169.254.169.254', from: 'a@example.com', to: ['b@example.com'] }], 'channels[0].host');
    await refused([{ kind: 'webhook', url: 'https://example.com/', secret: 'short' }], 'channels[0].secret');
    await refused([{ kind: 'email', host: 'smtp.example.com', security: 'none', from: 'a@example.com', to: ['b@example.com'], username: 'u', password: 'p' }], 'channels[0].security');
    await refused([{ kind: 'sms', to: '+1' }], 'channels[0].kind');
    const stored = await secrets.list(ALERTING_SECRET_SCOPE).catch(() => []);
    expect(stored.filter((entry) => entry.key.startsWith('rule-ssrf-'))).toEqual([]);
  });

  it('secrets never appear in viewChannels, the delivery list or the logs, even when a receiver echoes them', async () => {
    const echo = await receiver((request) => ({ status: 400, body: `rejected ${request.path} ${request.body.slice(0, 120)}` }));
    const notifier = notifierWith({ retryMs: [] });
    const values = { webhook: 'whsec-never-shown-0123456789', slack: 'slackNeverShownPath987', pagerduty: 'PDNEVERSHOWNKEY555' };
    const channels = await notifier.prepareChannels('rule-secret', [
      { kind: 'webhook', url: `${echo.url}/w`, secret: values.webhook },
      { kind: 'slack', url: `${echo.url}/services/${values.slack}` },
      { kind: 'pagerduty', routing_key: values.pagerduty, url: `${echo.url}/pd` },
    ]);
    const view = JSON.stringify(notifier.viewChannels(channels));
    await notifier.enqueue(forRule('rule-secret'), channels);
    await drain(notifier);
    const listed = await notifier.list({ ruleId: 'rule-secret' });
    expect(listed.map((delivery) => delivery.status)).toEqual(['dead', 'dead', 'dead']);
    expect(listed.map((delivery) => delivery.last_error).join(' ')).toContain('[REDACTED]');
    for (const value of Object.values(values)) {
      expect(view).not.toContain(value);
      expect(JSON.stringify(channels)).not.toContain(value);
      expect(JSON.stringify(listed)).not.toContain(value);
      expect(logLines.join('')).not.toContain(value);
    }
  });

  it('dropped secrets dead-letter pending deliveries; dropSecrets keeps what the new channels use', async () => {
    const hook = await receiver();
    const notifier = notifierWith();
    const old = await notifier.prepareChannels('rule-drop', [{ kind: 'webhook', url: hook.url, secret: 'whsec-old-0123456789' }]);
    const replacement = await notifier.prepareChannels('rule-drop', [{ kind: 'webhook', url: hook.url, secret: 'whsec-new-0123456789' }]);
    await notifier.prepareChannels('rule-drop-2', [{ kind: 'webhook', url: hook.url, secret: 'whsec-other-0123456789' }]);
    await notifier.enqueue(forRule('rule-drop'), old);
    await notifier.dropSecrets('rule-drop', replacement);
    const keys = (await secrets.list(ALERTING_SECRET_SCOPE)).map((entry) => entry.key);
    expect(keys).toContain(replacement[0]!.secretRef!.key);
    expect(keys).not.toContain(old[0]!.secretRef!.key);
    expect(keys.filter((key) => key.startsWith('rule-drop-2-'))).toHaveLength(1);
    await drain(notifier);
    expect(await notifier.list({ ruleId: 'rule-drop' })).toMatchObject([{ status: 'dead', attempts: 1, last_error: 'the channel secret no longer exists (rule changed or deleted)' }]);
    expect(hook.requests).toHaveLength(0);
    // A channel can never point its secret reference at another rule's secret.
    await notifier.enqueue(forRule('rule-drop'), [{ ...replacement[0]!, secretRef: { scope: ALERTING_SECRET_SCOPE, key: (await secrets.list(ALERTING_SECRET_SCOPE)).find((entry) => entry.key.startsWith('rule-drop-2-'))!.key } }]);
    await drain(notifier);
    expect(hook.requests).toHaveLength(0);
  });

  it('test() sends once and reports each channel; close() releases a claim without counting the attempt', async () => {
    const hook = await receiver();
    const hanging = await receiver(() => ({ hang: true }));
    const port = await closedPort();
    const notifier = notifierWith();
    const channels = await notifier.prepareChannels('rule-test', [
      { kind: 'webhook', name: 'ok', url: hook.url, secret: 'whsec-test-0123456789' },
      { kind: 'webhook', name: 'down', url: `http://127.0.0.1:${port}/`, secret: 'whsec-test-0123456789' },
    ]);
    expect(await notifier.test(forRule('rule-test'), channels)).toEqual([
      { channel: 'ok', ok: true },
      { channel: 'down', ok: false, error: `connection to 127.0.0.1:${port} failed (ECONNREFUSED)` },
    ]);
    expect(await notifier.list({ ruleId: 'rule-test' })).toEqual([]);

    const slow = notifierWith({ timeoutMs: 60_000 });
    const slowChannels = await slow.prepareChannels('rule-close', [{ kind: 'webhook', url: hanging.url, secret: 'whsec-close-0123456789' }]);
    await slow.enqueue(forRule('rule-close'), slowChannels);
    expect(await slow.tick()).toBe(1);
    while (hanging.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await slow.close();
    expect(await notifier.list({ ruleId: 'rule-close' })).toMatchObject([{ status: 'pending', attempts: 0, next_attempt_at: clock }]);
  });

  it('two notifiers on one database never send the same attempt twice', async () => {
    const hook = await receiver();
    const second = await openDatabase(database.url, database.dataDir);
    open.push(second);
    const a = notifierWith();
    const b = notifierWith({ db: second.db });
    const channels = await a.prepareChannels('rule-race', [{ kind: 'webhook', url: hook.url, secret: 'whsec-race-0123456789' }]);
    for (let event = 0; event < 40; event++) await a.enqueue(forRule('rule-race', { eventId: 1_000 + event }), channels);
    await drain(a, b);
    const deliveries = await a.list({ ruleId: 'rule-race' });
    expect(deliveries).toHaveLength(40);
    expect(deliveries.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1)).toBe(true);
    const ids = hook.requests.map((request) => (JSON.parse(request.body) as { delivery_id: string }).delivery_id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });
});
