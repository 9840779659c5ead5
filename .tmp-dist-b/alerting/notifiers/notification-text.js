const KIND_WORDS = {
    firing: 'FIRING',
    renotify: 'STILL FIRING',
    resolved: 'RESOLVED',
    no_data: 'NO DATA',
};
export function kindWord(kind) {
    return KIND_WORDS[kind];
}
/** Numbers as people read them: at most 6 significant digits, no exponent for ordinary magnitudes. */
export function formatValue(value) {
    if (value === null)
        return 'no data';
    if (!Number.isFinite(value))
        return String(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e15)
        return String(value);
    return String(Number(value.toPrecision(6)));
}
/** Control characters out (they could split a mail header or a log line), length bounded. */
export function plainLine(text, maxLength) {
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
    return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
/** `value 0.12 > 0.05 over 300 s` */
export function comparisonText(notification) {
    const { rule } = notification;
    return `${formatValue(notification.value)} (threshold ${rule.comparator} ${formatValue(rule.threshold)} over ${rule.windowSeconds} s)`;
}
/** One line: `[FIRING] error rate high: error_rate = 0.12 (threshold > 0.05 over 300 s) on chat [entity-a]`. */
export function summaryLine(notification, maxLength = 1024) {
    const { rule } = notification;
    const where = rule.endpointName ? ` on ${rule.endpointName}` : '';
    const group = notification.seriesKey ? ` [${notification.seriesKey}]` : '';
    return plainLine(`[${kindWord(notification.kind)}] ${rule.name}: ${rule.series} = ${comparisonText(notification)}${where}${group}`, maxLength);
}
/** Details as indented JSON, bounded (a notification is a pointer, not a report). */
export function detailsText(details, maxLength = 2000) {
    if (Object.keys(details).length === 0)
        return '';
    const text = JSON.stringify(details, null, 2);
    return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
//# sourceMappingURL=notification-text.js.map