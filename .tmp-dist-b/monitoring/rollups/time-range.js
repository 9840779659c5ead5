import { errors } from '../../errors/index.js';
import { MINUTE_MS } from './rollup-aggregator.js';
/**
 * `from` / `to` / `step` of the metrics API. Times take the same forms as the CLI's `--since` / `--until`
 * (cli/time-bound.ts: a duration back from now such as `15m`, or an ISO 8601 time, UTC when it has no zone), plus
 * integer milliseconds since the epoch, a leading minus on durations (`-1h`) and `now`. The CLI module is not
 * imported here: it throws CLI usage errors and areas do not depend on the CLI.
 */
const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^-?(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
export const DEFAULT_RANGE_MS = 3_600_000;
export const DEFAULT_STEP_MS = MINUTE_MS;
/** Points per series in one answer. */
export const MAX_POINTS = 1_500;
function isCalendarDate(date) {
    const [year, month, day] = date.split('-').map(Number);
    const parsed = new Date(Date.UTC(year, month - 1, day));
    return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}
/** Milliseconds of `90s`, `15m`, `-2h`…; undefined when not a duration. */
export function parseDurationMs(text) {
    const match = DURATION.exec(text.trim());
    if (!match)
        return undefined;
    return Math.round(Number(match[1]) * UNITS[match[2]]);
}
/** The instant `text` names, relative to `now`; a 400 naming the parameter otherwise. */
export function parseInstant(text, now, parameter) {
    const trimmed = text.trim();
    if (trimmed === 'now')
        return now;
    if (/^\d{1,15}$/.test(trimmed))
        return Number(trimmed);
    const duration = parseDurationMs(trimmed);
    if (duration !== undefined)
        return now - duration;
    if (ISO.test(trimmed) && isCalendarDate(trimmed.slice(0, 10))) {
        const normalized = trimmed.replace(' ', 'T');
        const hasTime = normalized.includes('T');
        const hasZone = hasTime && /(?:Z|[+-]\d{2}:?\d{2})$/i.test(normalized);
        const instant = Date.parse(hasTime && !hasZone ? `${normalized}Z` : normalized);
        if (Number.isFinite(instant))
            return instant;
    }
    throw errors.invalid(`${parameter} must be milliseconds since the epoch, an ISO time such as 2025-01-31T14:00:00Z, "now", or a duration back from now such as -1h or 15m; got "${text}".`);
}
/** `step`: seconds (`300`) or a duration (`5m`); a positive multiple of 60 s. */
export function parseStep(text) {
    if (text === undefined)
        return DEFAULT_STEP_MS;
    const trimmed = text.trim();
    const ms = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) * 1_000 : trimmed.startsWith('-') ? undefined : parseDurationMs(trimmed);
    if (ms === undefined || ms <= 0 || ms % MINUTE_MS !== 0) {
        throw errors.invalid(`step must be a positive multiple of 60 seconds, as seconds (300) or a duration (5m, 1h); got "${text}".`);
    }
    return ms;
}
/** The window and its points; 400 for an empty or reversed window or too many points. */
export function resolveRange(input, now) {
    const to = input.to === undefined ? now : parseInstant(input.to, now, 'to');
    const from = input.from === undefined ? to - DEFAULT_RANGE_MS : parseInstant(input.from, now, 'from');
    const stepMs = parseStep(input.step);
    if (!(from < to))
        throw errors.invalid(`from (${from}) must be before to (${to}).`);
    const alignedFrom = Math.floor(from / stepMs) * stepMs;
    const points = Math.ceil((to - alignedFrom) / stepMs);
    if (points > MAX_POINTS) {
        throw errors.invalid(`The window holds ${points} points of ${stepMs / 1_000} s; at most ${MAX_POINTS} are served. Use a larger step or a shorter window.`);
    }
    return { from: alignedFrom, to, stepMs, points };
}
//# sourceMappingURL=time-range.js.map