import { isIP } from 'node:net';
import type { Dispatcher } from 'undici';
import { resolveGuardedHost, validateChannelUrl } from './channel-address.js';
import {
  emailSecrets,
  emailSettings,
  pagerDutySecrets,
  pagerDutySettings,
  slackSecrets,
  webhookSecrets,
  webhookSettings,
} from './channel-schema.js';
import { emailContent, type SmtpTransportFactory } from './channels/email-channel.js';
import type { HttpRequestSpec, SendContext } from './channels/http-request.js';
import { pagerDutyRequest } from './channels/pagerduty-channel.js';
import { slackRequest } from './channels/slack-channel.js';
import { webhookRequest } from './channels/webhook-channel.js';
import { type FetchFunction, sendHttp, type SendOutcome } from './send-http.js';
import type { AlertNotification, StoredChannel } from './types.js';

export interface DeliverDependencies {
  fetch?: FetchFunction | undefined;
  dispatcher?: Dispatcher | undefined;
  smtpTransportFactory: SmtpTransportFactory;
  timeoutMs: number;
  allowPrivate: boolean;
  signal?: AbortSignal | undefined;
  now: () => number;
}

function httpRequestFor(notification: AlertNotification, channel: StoredChannel, secrets: Record<string, unknown> | undefined, context: SendContext): HttpRequestSpec {
  switch (channel.kind) {
    case 'webhook':
      return webhookRequest(notification, webhookSettings.parse(channel.settings).url, webhookSecrets.parse(secrets).secret, context);
    case 'slack':
      return slackRequest(notification, slackSecrets.parse(secrets).url);
    case 'pagerduty':
      return pagerDutyRequest(notification, pagerDutySettings.parse(channel.settings).url, pagerDutySecrets.parse(secrets).routing_key);
    case 'email':
      throw new Error('e-mail is not an HTTP channel');
  }
}

async function sendEmail(notification: AlertNotification, channel: StoredChannel, secrets: Record<string, unknown> | undefined, dependencies: DeliverDependencies): Promise<SendOutcome> {
  const settings = emailSettings.parse(channel.settings);
  const { password } = emailSecrets.parse(secrets ?? {});
  let transport: ReturnType<SmtpTransportFactory> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    // Connect to the address that passed the SSRF check; the name stays the TLS server name.
    const address = await resolveGuardedHost(settings.host, dependencies.allowPrivate);
    const timeoutMs = dependencies.timeoutMs;
    transport = dependencies.smtpTransportFactory({
      host: address,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      ...(isIP(settings.host) === 0 ? { tls: { servername: settings.host } } : {}),
      ...(settings.username !== undefined ? { auth: { user: settings.username, pass: password ?? '' } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    const content = emailContent(notification);
    const sending = transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: { 'X-Cairn-Event-Id': String(notification.eventId) },
    });
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      dependencies.signal?.addEventListener('abort', () => resolve('timeout'), { once: true });
    });
    if ((await Promise.race([sending.then(() => 'sent' as const), timedOut])) === 'timeout') {
      sending.catch(() => undefined);
      return { ok: false, error: `timed out after ${timeoutMs} ms (SMTP ${settings.host})` };
    }
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `SMTP ${settings.host}:${settings.port} failed${typeof code === 'string' ? ` (${code})` : ''}: ${message.slice(0, 200)}` };
  } finally {
    if (timer) clearTimeout(timer);
    transport?.close();
  }
}

/** One attempt on one channel. Never throws: every failure becomes an outcome. */
export async function deliverToChannel(
  notification: AlertNotification,
  channel: StoredChannel,
  secrets: Record<string, unknown> | undefined,
  context: SendContext,
  dependencies: DeliverDependencies,
): Promise<SendOutcome> {
  if (channel.kind === 'email') return sendEmail(notification, channel, secrets, dependencies);
  let request: HttpRequestSpec;
  try {
    request = httpRequestFor(notification, channel, secrets, context);
  } catch {
    return { ok: false, error: `the stored ${channel.kind} channel is incomplete` };
  }
  try {
    // Again at send time: the configuration may have stopped allowing private addresses since the rule was stored,
    // and IP literals never reach the guarded DNS lookup.
    validateChannelUrl(request.url, 'url', dependencies.allowPrivate);
  } catch {
    return { ok: false, error: `the ${channel.kind} receiver address is not allowed` };
  }
  return sendHttp(request, dependencies);
}
