import { execAll } from './exec-all.js';
import { hasPhoneContext, isPhoneNumber } from './phone-rules.js';
import { cardNumberValid, ssnValid } from './validators.js';
/*
 * Cards, SSNs and phone numbers all live in runs of digits and separators. One flat pattern finds the runs (a
 * single character class, so linear time); the structure is then judged in code by the validators (SEC-PII-3).
 */
const digitGroup = /\d+/g;
const numberRun = /[+(]?\d[\d \-.()/]*\d/g;
const extension = /[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6}(?![0-9A-Za-z])/iy;
const cardContext = /(?:card|cc|credit|debit|maestro|visa|mastercard|amex|payment)[^0-9]{0,24}$/i;
const ssnContext = /(?:ssn|social security|ss#|ss no)[^0-9]{0,16}$/i;
function isWordChar(char) {
    return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}
function stripParens(joint) {
    return joint.replace(/[()]/g, '');
}
function segmentsOf(text, runStart, run) {
    const segments = [];
    let current;
    let previousEnd = -1;
    let pendingPrefixStart = runStart;
    for (const match of execAll(digitGroup, run)) {
        const group = { digits: match[0], start: runStart + match.index, end: runStart + match.index + match[0].length };
        const joint = previousEnd < 0 ? '' : text.slice(previousEnd, group.start);
        if (current && stripParens(joint).length <= 1) {
            current.groups.push(group);
            current.rawJoints.push(joint);
        }
        else {
            const prefixStart = current ? group.start - (joint.endsWith('(') ? 1 : 0) : pendingPrefixStart;
            current = { groups: [group], rawJoints: [], plus: !current && run.startsWith('+'), start: prefixStart };
            segments.push(current);
        }
        previousEnd = group.end;
        pendingPrefixStart = group.end;
    }
    return segments;
}
function parenGroupOf(text, segment) {
    const index = segment.groups.findIndex((group) => text[group.start - 1] === '(' && text[group.end] === ')');
    return index >= 0 ? index : undefined;
}
/** Longest Luhn-valid window of groups, leftmost first, laid out as a card is written (one separator kind, no parens). */
/**
 * Longest Luhn-valid windows of groups, leftmost first, laid out as a card is written (one separator kind, no
 * parentheses); marks the groups it uses.
 */
function detectCards(text, segment, findings, used) {
    const { groups, rawJoints } = segment;
    const minLength = cardContext.test(text.slice(Math.max(0, segment.start - 40), segment.start)) ? 12 : 13;
    for (let first = 0; first < groups.length; first += 1) {
        let best = -1;
        let digits = '';
        for (let last = first; last < groups.length && digits.length < 19; last += 1) {
            const group = groups[last];
            if (last > first) {
                // Cards are printed in groups of 4–6 (4-4-4-4, 4-6-5, 4-6-4) with one kind of separator.
                const joint = rawJoints[last - 1];
                if ((joint !== ' ' && joint !== '-') || joint !== rawJoints[first] || group.digits.length < 3 || group.digits.length > 7)
                    break;
            }
            else if (group.digits.length < 3 && groups.length > 1) {
                break;
            }
            digits += group.digits;
            if (cardNumberValid(digits, minLength))
                best = last;
        }
        if (best < 0)
            continue;
        findings.push({ type: 'CREDIT_CARD', category: 'pii', start: groups[first].start, end: groups[best].end });
        for (let index = first; index <= best; index += 1)
            used[index] = true;
        first = best;
    }
}
/**
 * 3-2-4 windows with one separator that differs from the separators around the window ("2024 078-05-1123"), or
 * nine bare digits after a word like "SSN"; marks the groups it uses.
 */
function detectSsn(text, segment, findings, used) {
    const { groups, rawJoints } = segment;
    if (segment.plus)
        return;
    const only = groups[0];
    // Nine digits written whole or as 3-6 / 5-4 ("078051121", "078-051121", "07805-1121") are any id or a ZIP+4
    // code; they are an SSN only after a word like "SSN".
    const weakLayout = (groups.length === 1 && only?.digits.length === 9) || (groups.length === 2 && ['3-6', '5-4'].includes(groups.map((group) => group.digits.length).join('-')) && rawJoints[0] === '-');
    if (weakLayout && only) {
        const digits = groups.map((group) => group.digits).join('');
        const last = groups[groups.length - 1];
        if (ssnContext.test(text.slice(Math.max(0, segment.start - 40), segment.start)) && ssnValid(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) {
            findings.push({ type: 'US_SSN', category: 'pii', start: only.start, end: last.end });
            for (let index = 0; index < groups.length; index += 1)
                used[index] = true;
        }
        return;
    }
    for (let first = 0; first + 2 < groups.length; first += 1) {
        const [area, group, serial] = [groups[first], groups[first + 1], groups[first + 2]];
        const joint = rawJoints[first];
        if (joint !== rawJoints[first + 1] || (joint !== ' ' && joint !== '-' && joint !== '.'))
            continue;
        if (rawJoints[first - 1] === joint || rawJoints[first + 2] === joint || used[first] || used[first + 1] || used[first + 2])
            continue;
        if (area.digits.length !== 3 || group.digits.length !== 2 || serial.digits.length !== 4)
            continue;
        if (!ssnValid(area.digits, group.digits, serial.digits))
            continue;
        findings.push({ type: 'US_SSN', category: 'pii', start: area.start, end: serial.end });
        used[first] = used[first + 1] = used[first + 2] = true;
        first += 2;
    }
}
function detectPhone(text, segment, findings) {
    const joints = segment.rawJoints.map(stripParens);
    const last = segment.groups[segment.groups.length - 1];
    if (!last)
        return;
    const before = text.slice(Math.max(0, segment.start - 40), segment.start);
    const isPhone = isPhoneNumber({
        groups: segment.groups.map((group) => group.digits),
        joints,
        parenGroup: parenGroupOf(text, segment),
        plus: segment.plus,
        context: hasPhoneContext(before, text.slice(last.end, last.end + 16)),
    });
    if (!isPhone)
        return;
    let end = last.end;
    extension.lastIndex = end;
    const ext = extension.exec(text);
    if (ext)
        end += ext[0].length;
    findings.push({ type: 'PHONE', category: 'pii', start: segment.start, end });
}
function countDigits(run) {
    let count = 0;
    for (let index = 0; index < run.length; index += 1) {
        const code = run.charCodeAt(index);
        if (code >= 48 && code <= 57)
            count += 1;
    }
    return count;
}
function isDigit(char) {
    return char !== undefined && char >= '0' && char <= '9';
}
function gluedBefore(text, start) {
    const before = text[start - 1];
    if (isWordChar(before))
        return true;
    return (before === '-' || before === '.' || before === '/') && isWordChar(text[start - 2]);
}
function gluedAfter(text, end) {
    if (!isWordChar(text[end]))
        return false;
    extension.lastIndex = end;
    return !extension.test(text);
}
export function detectNumbers(text, findings) {
    for (const match of execAll(numberRun, text)) {
        // Fewer than seven digits cannot be any of these (phone ≥ 7, SSN 9, card ≥ 12): the common case, kept cheap.
        if (match[0].length < 7 || countDigits(match[0]) < 7)
            continue;
        let start = match.index;
        let end = start + match[0].length;
        // A group glued to a word ("ID4111…", "v1.2.3", "ORD-2024-…", "DE36…") is part of an identifier: drop it and
        // judge the rest of the run on its own.
        while (start < end && gluedBefore(text, start)) {
            while (start < end && !isDigit(text[start]))
                start += 1;
            while (start < end && isDigit(text[start]))
                start += 1;
            while (start < end && !isDigit(text[start]))
                start += 1;
            if (text[start - 1] === '(' || text[start - 1] === '+')
                start -= 1;
        }
        while (end > start && gluedAfter(text, end)) {
            while (end > start && isDigit(text[end - 1]))
                end -= 1;
            while (end > start && !isDigit(text[end - 1]))
                end -= 1;
        }
        if (end - start < 7)
            continue;
        for (const segment of segmentsOf(text, start, text.slice(start, end))) {
            const used = [];
            detectCards(text, segment, findings, used);
            detectSsn(text, segment, findings, used);
            if (used.length === 0)
                detectPhone(text, segment, findings);
        }
    }
}
//# sourceMappingURL=detect-numbers.js.map