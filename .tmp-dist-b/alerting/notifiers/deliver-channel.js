import { isIP } from 'node:net';
import { resolveGuardedHost, validateChannelUrl } from './channel-address.js';
import { emailSecrets, emailSettings, pagerDutySecrets, pagerDutySettings, slackSecrets, webhookSecrets, webhookSettings, } from './channel-schema.js';
import { emailContent } from './channels/email-channel.js';
import { pagerDutyRequest } from './channels/pagerduty-channel.js';
import { slackRequest } from './channels/slack-channel.js';
import { webhookRequest } from './channels/webhook-channel.js';
import { sendHttp } from './send-http.js';
function httpRequestFor(notification, channel, secrets, context) {
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
async function sendEmail(notification, channel, secrets, dependencies) {
    const settings = emailSettings.parse(channel.settings);
    const { password } = emailSecrets.parse(secrets ?? {});
    let transport;
    let timer;
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
        const timedOut = new Promise((resolve) => {
            timer = setTimeout(() => resolve('timeout'), timeoutMs);
            dependencies.signal?.addEventListener('abort', () => resolve('timeout'), { once: true });
        });
        if ((await Promise.race([sending.then(() => 'sent'), timedOut])) === 'timeout') {
            sending.catch(() => undefined);
            return { ok: false, error: `timed out after ${timeoutMs} ms (SMTP ${settings.host})` };
        }
        return { ok: true };
    }
    catch (error) {
        const code = error.code;
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: `SMTP ${settings.host}:${settings.port} failed${typeof code === 'string' ? ` (${code})` : ''}: ${message.slice(0, 200)}` };
    }
    finally {
        if (timer)
            clearTimeout(timer);
        transport?.close();
    }
}
/** One attempt on one channel. Never throws: every failure becomes an outcome. */
export async function deliverToChannel(notification, channel, secrets, context, dependencies) {
    if (channel.kind === 'email')
        return sendEmail(notification, channel, secrets, dependencies);
    let request;
    try {
        request = httpRequestFor(notification, channel, secrets, context);
    }
    catch {
        return { ok: false, error: `the stored ${channel.kind} channel is incomplete` };
    }
    try {
        // Again at send time: the configuration may have stopped allowing private addresses since the rule was stored,
        // and IP literals never reach the guarded DNS lookup.
        validateChannelUrl(request.url, 'url', dependencies.allowPrivate);
    }
    catch {
        return { ok: false, error: `the ${channel.kind} receiver address is not allowed` };
    }
    return sendHttp(request, dependencies);
}
//# sourceMappingURL=deliver-channel.js.map