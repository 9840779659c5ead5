/** Pure formatters for the CLI's human output: aligned tables, `key: value` blocks, times and sizes. */
function cellText(value) {
    if (value === null || value === undefined || value === '')
        return '-';
    // One row stays one line, whatever the server put in a description.
    return String(value).replace(/[\r\n\t]+/g, ' ');
}
/** Columns separated by two spaces, each as wide as its widest cell; the last column is not padded. */
export function formatTable(headers, rows) {
    const texts = [headers.map((header) => header.toUpperCase()), ...rows.map((row) => headers.map((_, index) => cellText(row[index])))];
    const widths = headers.map((_, column) => Math.max(...texts.map((row) => row[column].length)));
    return texts
        .map((row) => row
        .map((text, column) => (column === row.length - 1 ? text : text.padEnd(widths[column])))
        .join('  ')
        .trimEnd())
        .join('\n');
}
/** `key: value` lines with the values aligned; entries whose value is undefined are left out. */
export function formatKeyValues(entries) {
    const shown = entries.filter(([, value]) => value !== undefined);
    const width = Math.max(0, ...shown.map(([key]) => key.length + 1));
    return shown.map(([key, value]) => `${`${key}:`.padEnd(width)} ${cellText(value)}`).join('\n');
}
/** Integer milliseconds since the epoch → `2025-01-31 14:05:09` in UTC, or `-`. */
export function formatTime(milliseconds) {
    if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds <= 0)
        return '-';
    return new Date(milliseconds).toISOString().slice(0, 19).replace('T', ' ');
}
/** Databricks' "-1 means never" expiry, and a time otherwise. */
export function formatExpiry(milliseconds) {
    return typeof milliseconds === 'number' && milliseconds < 0 ? 'never' : formatTime(milliseconds);
}
export function formatDuration(milliseconds) {
    if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds))
        return '-';
    if (milliseconds < 1000)
        return `${Math.round(milliseconds)}ms`;
    return `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 2 : 1)}s`;
}
/** Tags as `key=value, key2=value2`. */
export function formatTags(tags) {
    if (!Array.isArray(tags) || tags.length === 0)
        return '-';
    return tags
        .map((tag) => (tag.value === undefined || tag.value === '' ? String(tag.key) : `${String(tag.key)}=${String(tag.value)}`))
        .join(', ');
}
/** Pretty JSON with a final newline: what `--json` prints. */
export function formatJson(value) {
    return `${JSON.stringify(value, null, 2)}\n`;
}
export function asRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}
export function asArray(value) {
    return Array.isArray(value) ? value.map(asRecord) : [];
}
export function asText(value) {
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
//# sourceMappingURL=output.js.map