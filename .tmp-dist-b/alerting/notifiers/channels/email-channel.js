import nodemailer from 'nodemailer';
import { comparisonText, detailsText, kindWord, plainLine, summaryLine } from '../notification-text.js';
export const defaultSmtpTransportFactory = (options) => nodemailer.createTransport(options);
export function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
/** Subject, plain-text and HTML body; every value is escaped in the HTML, and there are no links. */
export function emailContent(notification) {
    const { rule } = notification;
    const rows = [
        ['Rule', `${rule.name} (${rule.id})`],
        ['State', kindWord(notification.kind)],
        ['Severity', rule.severity],
        ['Endpoint', rule.endpointName ?? '(none)'],
        ['Series', notification.seriesKey ? `${rule.series} [${notification.seriesKey}]` : rule.series],
        ['Value', comparisonText(notification)],
        ['Time', new Date(notification.time).toISOString()],
        ['Event', String(notification.eventId)],
    ];
    const details = detailsText(notification.details, 8000);
    const summary = summaryLine(notification, 2000);
    const text = [summary, '', ...rows.map(([label, value]) => `${label}: ${plainLine(value, 2000)}`), ...(details ? ['', 'Details:', details] : []), ''].join('\n');
    const html = [
        '<!doctype html><html><body>',
        `<p>${escapeHtml(summary)}</p>`,
        '<table>',
        ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(plainLine(value, 2000))}</td></tr>`),
        '</table>',
        ...(details ? [`<pre>${escapeHtml(details)}</pre>`] : []),
        '</body></html>',
    ].join('\n');
    return { subject: plainLine(`[Cairn] ${kindWord(notification.kind)} ${rule.severity}: ${rule.name}`, 250), text, html };
}
//# sourceMappingURL=email-channel.js.map