/**
 * How long an upstream asked us to wait. `retry-after-ms` (OpenAI's and Azure's, fractional milliseconds) wins
 * over `Retry-After` (RFC 9110 §10.2.3: delta-seconds or an HTTP-date). Unparseable values mean "no advice",
 * never an error; dates in the past mean 0. Values are capped in length before any matching (SEC-DOS-7) and
 * all patterns are anchored with no nested quantifiers.
 */
export function retryAfterMsFromHeaders(headers, nowMs) {
    let seconds;
    let milliseconds;
    for (const name in headers) {
        const lower = name.toLowerCase();
        if (lower === 'retry-after-ms')
            milliseconds = headers[name];
        else if (lower === 'retry-after')
            seconds = headers[name];
    }
    const fromMs = milliseconds === undefined ? undefined : parseRetryAfterMs(milliseconds);
    if (fromMs !== undefined)
        return fromMs;
    return seconds === undefined ? undefined : parseRetryAfter(seconds, nowMs);
}
const MAX_HEADER_LENGTH = 64;
/** About 31 years: anything longer is nonsense and is treated as absent. */
const MAX_DELAY_MS = 1e12;
/** `retry-after-ms: 1500` or `1500.5`. */
export function parseRetryAfterMs(value) {
    if (value.length > MAX_HEADER_LENGTH)
        return undefined;
    const trimmed = value.trim();
    if (!/^\d{1,13}(?:\.\d{1,9})?$/.test(trimmed))
        return undefined;
    const ms = Number(trimmed);
    return ms <= MAX_DELAY_MS ? ms : undefined;
}
/** `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` (and the two obsolete date formats). */
export function parseRetryAfter(value, nowMs) {
    if (value.length > MAX_HEADER_LENGTH)
        return undefined;
    const trimmed = value.trim();
    // RFC 9110 says 1*DIGIT; a fractional value ("1.5") is common enough from real servers to honour.
    if (/^\d{1,10}(?:\.\d{1,6})?$/.test(trimmed)) {
        const ms = Number(trimmed) * 1000;
        return ms <= MAX_DELAY_MS ? ms : undefined;
    }
    const date = parseHttpDate(trimmed, nowMs);
    return date === undefined ? undefined : Math.max(0, date - nowMs);
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
/** Obsolete asctime: `Sun Nov  6 08:49:37 1994`. */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`, 'i');
/** Milliseconds since the epoch of an HTTP-date, or undefined when it is not one (or names an impossible date). */
export function parseHttpDate(value, nowMs) {
    let match = IMF_FIXDATE.exec(value);
    if (match !== null)
        return utc(Number(match[3]), match[2], Number(match[1]), match[4], match[5], match[6]);
    match = RFC_850.exec(value);
    if (match !== null)
        return utc(fullYear(Number(match[3]), nowMs), match[2], Number(match[1]), match[4], match[5], match[6]);
    match = ASCTIME.exec(value);
    if (match !== null)
        return utc(Number(match[6]), match[1], Number(match[2].trim()), match[3], match[4], match[5]);
    return undefined;
}
/** RFC 9110: a two-digit year more than 50 years in the future is the most recent past year with those digits. */
function fullYear(twoDigits, nowMs) {
    const currentYear = new Date(nowMs).getUTCFullYear();
    let year = currentYear - (currentYear % 100) + twoDigits;
    if (year > currentYear + 50)
        year -= 100;
    return year;
}
function utc(year, monthName, day, hour, minute, second) {
    const month = MONTHS.indexOf(monthName.toLowerCase());
    const h = Number(hour);
    const m = Number(minute);
    // A leap second (60) is allowed by the grammar; Date folds it into the next minute.
    const s = Number(second);
    if (month < 0 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60)
        return undefined;
    // Date.UTC rolls 31 Feb over into March: refuse days the month does not have.
    if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day)
        return undefined;
    return Date.UTC(year, month, day, h, m, s);
}
//# sourceMappingURL=retry-after.js.map