import { USAGE_EXIT_CODE } from './api-client.js';
import { CliError } from './cli-error.js';
/** `--since` / `--until` values: a duration back from now (`90s`, `15m`, `2h`, `7d`, `1w`) or an ISO 8601 time. */
export const durationUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
// A date, optionally with a time and a zone: what Date.parse reads the same everywhere.
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
/** Date.parse rolls 2025-02-30 over to March; a typo should be an error instead. */
function isCalendarDate(date) {
    const [year, month, day] = date.split('-').map(Number);
    const parsed = new Date(Date.UTC(year, month - 1, day));
    return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}
/** Milliseconds in `15m`-style text, or undefined when the text is not a duration. */
export function parseDuration(text) {
    const match = durationPattern.exec(text.trim());
    if (!match)
        return undefined;
    return Math.round(Number(match[1]) * durationUnits[match[2]]);
}
/**
 * The instant (ms since the epoch) a `--since`/`--until` value names, relative to `now`. A time without a
 * zone is read as UTC, so the same command means the same instant on every machine.
 */
export function parseTimeBound(text, now, flag = '--since') {
    const trimmed = text.trim();
    const duration = parseDuration(trimmed);
    if (duration !== undefined)
        return now - duration;
    if (isoPattern.test(trimmed) && isCalendarDate(trimmed.slice(0, 10))) {
        const normalized = trimmed.replace(' ', 'T');
        const hasTime = normalized.includes('T');
        const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(normalized) && hasTime;
        const instant = Date.parse(hasTime && !hasZone ? `${normalized}Z` : normalized);
        if (Number.isFinite(instant))
            return instant;
    }
    throw new CliError(`${flag} must be a duration such as 30s, 15m, 2h, 7d or an ISO time such as 2025-01-31T14:00:00Z, got "${text}"`, USAGE_EXIT_CODE);
}
//# sourceMappingURL=time-bound.js.map