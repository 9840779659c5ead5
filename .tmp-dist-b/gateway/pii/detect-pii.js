import { detectEmails, detectIbans, detectIpAddresses } from './detect-contact.js';
import { detectAddresses } from './detect-addresses.js';
import { detectNames } from './detect-names.js';
import { detectNumbers } from './detect-numbers.js';
import { detectSecrets } from './detect-secrets.js';
import { tokenize } from './text-tokens.js';
/** Default cap on scanned text (SEC-DOS-7): 1 MiB of UTF-16 code units. */
export const DEFAULT_MAX_SCAN_LENGTH = 1024 * 1024;
/** When two findings overlap, the more specific wins: secrets first, then this order, then the longer span. */
const typeRank = {
    PRIVATE_KEY: 0,
    JWT: 1,
    URL_PASSWORD: 2,
    // A generic entropy match never names a specific key: any vendor pattern or credential name wins.
    HIGH_ENTROPY_TOKEN: 9,
    CREDIT_CARD: 10,
    IBAN: 11,
    US_SSN: 12,
    EMAIL: 13,
    IP_ADDRESS: 14,
    PHONE: 15,
    STREET_ADDRESS: 25,
    PERSON: 30,
};
function rank(finding) {
    return typeRank[finding.type] ?? (finding.category === 'secret' ? 5 : 20);
}
function better(candidate, current) {
    const byRank = rank(candidate) - rank(current);
    if (byRank !== 0)
        return byRank < 0;
    return candidate.end - candidate.start > current.end - current.start;
}
/**
 * Merges overlapping findings into one span typed by the more specific of them (so no part of either is left
 * unmasked), in text order; O(n log n).
 */
export function resolveOverlaps(findings) {
    const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
    const result = [];
    for (const finding of sorted) {
        if (finding.end <= finding.start)
            continue;
        const last = result[result.length - 1];
        if (!last || finding.start >= last.end)
            result.push(finding);
        else {
            const winner = better(finding, last) ? finding : last;
            result[result.length - 1] = { ...winner, start: last.start, end: Math.max(last.end, finding.end) };
        }
    }
    return result;
}
/**
 * Names and addresses are found on tokens; long text is tokenised a window at a time (cut at a line break or a
 * space), so memory stays bounded by the window whatever the text (SEC-DOS-7). Each window is judged on its own.
 */
const BEST_EFFORT_WINDOW = 16 * 1024;
function detectBestEffort(text) {
    const findings = [];
    for (let start = 0; start < text.length;) {
        let end = Math.min(text.length, start + BEST_EFFORT_WINDOW);
        if (end < text.length) {
            const lineBreak = text.lastIndexOf('\n', end);
            const space = text.lastIndexOf(' ', end);
            const cut = lineBreak > start + BEST_EFFORT_WINDOW / 2 ? lineBreak : space;
            if (cut > start + BEST_EFFORT_WINDOW / 2)
                end = cut + 1;
        }
        const window = start === 0 && end === text.length ? text : text.slice(start, end);
        const tokenized = tokenize(window);
        const found = [];
        detectAddresses(tokenized, found);
        detectNames(tokenized, found, found.map((finding) => finding.start));
        for (const finding of found)
            findings.push(start === 0 ? finding : { ...finding, start: finding.start + start, end: finding.end + start });
        start = end;
    }
    return findings;
}
/**
 * Best-effort findings (names, addresses) that overlap a validated one are dropped rather than merged: a word-list
 * guess must not stretch a validated span (an IP after "Route is", a phone after a name).
 */
function withoutOverlaps(guesses, validated) {
    if (validated.length === 0)
        return guesses;
    const sorted = [...validated].sort((a, b) => a.start - b.start);
    // Running maximum of the validated ends, so a sweep by start answers "does anything before me reach me?".
    const reach = [];
    let maxEnd = -1;
    for (const finding of sorted)
        reach.push((maxEnd = Math.max(maxEnd, finding.end)));
    return guesses.filter((guess) => {
        let low = 0;
        let high = sorted.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if ((sorted[middle]?.start ?? 0) < guess.end)
                low = middle + 1;
            else
                high = middle;
        }
        // sorted[0..low) start before the guess ends; one of them overlaps when the furthest of their ends passes its start.
        return low === 0 || (reach[low - 1] ?? -1) <= guess.start;
    });
}
function wanted(options) {
    const types = options.types ? new Set(options.types) : undefined;
    return (type, category) => (!types || types.has(type)) && (!options.secretsOnly || category === 'secret');
}
/**
 * Finds PII and secrets in `text` (at most `maxScanLength` code units of it). Findings never overlap and come in
 * text order; they carry positions and types only, never the values.
 */
export function detectPii(text, options = {}) {
    // Short lower-case text without a digit, '@', ':', '=' or a space cannot hold any entity (the shortest secrets
    // are longer; a name is capitalised or in a sentence): the role names, model ids and finish reasons that make up
    // most strings of a JSON body.
    if (text.length < 20 && !/[\d@:= A-Z]/.test(text) && (text === text.toLowerCase()))
        return [];
    const limit = options.maxScanLength ?? DEFAULT_MAX_SCAN_LENGTH;
    const scanned = text.length > limit ? text.slice(0, limit) : text;
    const candidates = [];
    detectSecrets(scanned, candidates);
    if (!options.secretsOnly) {
        detectEmails(scanned, candidates);
        detectIpAddresses(scanned, candidates);
        detectIbans(scanned, candidates);
        detectNumbers(scanned, candidates);
        if (!options.types || options.types.includes('PERSON') || options.types.includes('STREET_ADDRESS')) {
            candidates.push(...withoutOverlaps(detectBestEffort(scanned), candidates));
        }
    }
    const keep = wanted(options);
    return resolveOverlaps(candidates.filter((finding) => keep(finding.type, finding.category)));
}
//# sourceMappingURL=detect-pii.js.map