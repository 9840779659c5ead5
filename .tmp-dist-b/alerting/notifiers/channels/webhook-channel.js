import { EVENT_ID_HEADER, signPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature.js';
/** The generic webhook's JSON body (documented in docs/alerting-channels.md; receivers rely on these names). */
export function webhookBody(notification, context) {
    const { rule } = notification;
    return {
        event_id: notification.eventId,
        delivery_id: context.deliveryId,
        kind: notification.kind,
        rule: {
            id: rule.id,
            name: rule.name,
            endpoint_name: rule.endpointName,
            severity: rule.severity,
            series: rule.series,
            comparator: rule.comparator,
            threshold: rule.threshold,
            window_seconds: rule.windowSeconds,
        },
        series_key: notification.seriesKey,
        value: notification.value,
        time: notification.time,
        details: notification.details,
        // Signed with the rest of the body: a receiver that checks it against X-Cairn-Timestamp refuses replays.
        sent_at: context.sentAt,
    };
}
/** POST of the JSON body, signed with HMAC-SHA256 over the exact bytes sent. */
export function webhookRequest(notification, url, secret, context) {
    const body = JSON.stringify(webhookBody(notification, context));
    return {
        url,
        body,
        headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signPayload(secret, body),
            [TIMESTAMP_HEADER]: String(context.sentAt),
            [EVENT_ID_HEADER]: String(notification.eventId),
            'X-Cairn-Delivery-Id': context.deliveryId,
        },
    };
}
//# sourceMappingURL=webhook-channel.js.map