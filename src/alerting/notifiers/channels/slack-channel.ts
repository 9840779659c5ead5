import { comparisonText, detailsText, kindWord, plainLine, summaryLine } from '../notification-text.js';
import type { AlertNotification } from '../types.js';
import type { HttpRequestSpec } from './http-request.js';

/**
 * Slack's three control characters. Escaped, no text from a rule or a series can form a link (`<http://…|…>`),
 * a mention (`<!channel>`, `<@U…>`) or a channel reference: the message is link-free by construction.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${escapeSlack(plainLine(value, 1900))}` });

/** Slack incoming-webhook message: `text` is the notification fallback, `blocks` the formatted message. */
export function slackMessage(notification: AlertNotification): { text: string; blocks: unknown[] } {
  const { rule } = notification;
  const fields = [
    field('Severity', rule.severity),
    field('Endpoint', rule.endpointName ?? '(none)'),
    field('Series', notification.seriesKey ? `${rule.series} [${notification.seriesKey}]` : rule.series),
    field('Value', comparisonText(notification)),
  ];
  const blocks: unknown[] = [
    // plain_text shows entities literally, so angle brackets become look-alikes rather than &lt; / &gt;.
    { type: 'header', text: { type: 'plain_text', text: plainLine(`${kindWord(notification.kind)}: ${rule.name}`, 150).replace(/</g, '‹').replace(/>/g, '›'), emoji: false } },
    { type: 'section', fields },
  ];
  const details = detailsText(notification.details, 2800);
  if (details) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${escapeSlack(details.replace(/`/g, "'"))}\`\`\`` } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: escapeSlack(`rule ${rule.id} · event ${notification.eventId} · ${new Date(notification.time).toISOString()}`) }],
  });
  return { text: escapeSlack(summaryLine(notification, 3000)), blocks };
}

/** POST to the incoming-webhook URL (a secret: it never leaves the secret store except to be called). */
export function slackRequest(notification: AlertNotification, webhookUrl: string): HttpRequestSpec {
  return { url: webhookUrl, headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackMessage(notification)) };
}
