import { Agent } from 'undici';
import { guardedLookup } from '../../providers/index.js';
import { validateChannelUrl } from '../notifiers/channel-address.js';
import { sendHttp } from '../notifiers/send-http.js';
import { EVENT_ID_HEADER, signPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../notifiers/webhook-signature.js';
/** The JSON a remediation webhook receives (e.g. to start retraining): what fired, never payloads. */
export function webhookActionBody(firing, sentAt) {
    return {
        type: 'cairn.remediation',
        sent_at: sentAt,
        event_id: firing.eventId,
        rule: { id: firing.ruleId, name: firing.ruleName, series: firing.series, aggregation: firing.aggregation, comparator: firing.comparator, threshold: firing.threshold, window_seconds: firing.windowSeconds, severity: firing.severity },
        endpoint_name: firing.endpointName,
        series_key: firing.seriesKey,
        value: firing.value,
        time: firing.time,
        details: firing.details,
    };
}
/** Dispatchers by allow-private setting: connections re-check what a host name resolves to (SSRF, SEC API7). */
const dispatchers = new Map();
function dispatcherFor(allowPrivate) {
    let agent = dispatchers.get(allowPrivate);
    if (!agent) {
        agent = new Agent({ connect: { lookup: guardedLookup({ allowPrivate }) } });
        dispatchers.set(allowPrivate, agent);
    }
    return agent;
}
/**
 * POSTs the firing context as JSON, signed like webhook notifications (`X-Cairn-Signature: sha256=<HMAC-SHA256 of
 * the body>`, with `X-Cairn-Timestamp`), under a short timeout and without following redirects. Sent once: a
 * remediation is not retried behind the operator's back; the outcome is recorded either way.
 */
export const runWebhook = async (action, firing, dependencies) => {
    const { timeoutMs, allowPrivate } = dependencies.webhook;
    const url = validateChannelUrl(action.url, 'actions.url', allowPrivate);
    const target = { url_host: url.host };
    if (dependencies.dryRun)
        return { status: 'dry_run', message: `Would POST the firing context to ${url.host}.`, changes: target };
    const sentAt = Date.now();
    const body = JSON.stringify(webhookActionBody(firing, sentAt));
    const headers = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(sentAt) };
    if (firing.eventId !== null)
        headers[EVENT_ID_HEADER] = String(firing.eventId);
    if (action.secretRef)
        headers[SIGNATURE_HEADER] = signPayload(await dependencies.readSecret(firing.ruleId, action.secretRef), body);
    const outcome = await sendHttp({ url: url.toString(), headers, body }, { timeoutMs, now: Date.now, ...(dependencies.webhook.fetch ? { fetch: dependencies.webhook.fetch } : { dispatcher: dispatcherFor(allowPrivate) }) });
    if (outcome.ok)
        return { status: 'applied', message: `POSTed the firing context to ${url.host}.`, changes: target };
    return { status: 'failed', message: `Webhook ${outcome.error}.`, changes: target };
};
//# sourceMappingURL=webhook.js.map