import { plainLine, summaryLine } from '../notification-text.js';
import type { AlertNotification } from '../types.js';
import type { HttpRequestSpec } from './http-request.js';

/** PagerDuty Events API v2 `event_action` for an alert event: resolved closes the incident, the rest open it. */
export function pagerDutyAction(kind: AlertNotification['kind']): 'trigger' | 'resolve' {
  return kind === 'resolved' ? 'resolve' : 'trigger';
}

/** One incident per rule and series: re-notifications and the resolve land on the same one. */
export function pagerDutyDedupKey(notification: AlertNotification): string {
  return `${notification.rule.id}:${notification.seriesKey}`;
}

/** The Events API v2 body (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export function pagerDutyEvent(notification: AlertNotification, routingKey: string): Record<string, unknown> {
  const { rule } = notification;
  return {
    routing_key: routingKey,
    event_action: pagerDutyAction(notification.kind),
    dedup_key: pagerDutyDedupKey(notification),
    payload: {
      summary: summaryLine(notification, 1024),
      source: plainLine(rule.endpointName ?? 'cairn', 255),
      // Cairn's severities are PagerDuty's four, one to one.
      severity: rule.severity,
      timestamp: new Date(notification.time).toISOString(),
      component: plainLine(rule.endpointName ?? 'cairn', 255),
      group: plainLine(rule.name, 255),
      class: plainLine(rule.series, 255),
      custom_details: {
        event_id: notification.eventId,
        kind: notification.kind,
        rule_id: rule.id,
        rule_name: rule.name,
        series: rule.series,
        series_key: notification.seriesKey,
        value: notification.value,
        comparator: rule.comparator,
        threshold: rule.threshold,
        window_seconds: rule.windowSeconds,
        details: notification.details,
      },
    },
  };
}

export function pagerDutyRequest(notification: AlertNotification, url: string, routingKey: string): HttpRequestSpec {
  return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(pagerDutyEvent(notification, routingKey)) };
}
