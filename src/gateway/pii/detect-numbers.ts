import { execAll } from './exec-all.js';
import { hasPhoneContext, isPhoneNumber } from './phone-rules.js';
import type { PiiFinding } from './types.js';
import { cardNumberValid, ssnValid } from './validators.js';

/*
 * Cards, SSNs and phone numbers all live in runs of digits and separators. One flat pattern finds the runs (a
 * single character class, so linear time); the structure is then judged in code by the validators (SEC-PII-3).
 */

const numberRun = /[+(]?\d[\d \-.()/]*\d/g;
const extension = /[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6}(?![0-9A-Za-z])/iy;
const cardContext = /(?:card|cc|credit|debit|maestro|visa|mastercard|amex|payment)[^0-9]{0,24}$/i;
const ssnContext = /(?:ssn|social security|ss#|ss no)[^0-9]{0,16}$/i;

interface Group {
  digits: string;
  start: number;
  end: number;
}

/** A run cut where two groups are joined by more than one separator (". ", " - "): those are different numbers. */
interface Segment {
  groups: Group[];
  /** Raw text between group i and i+1. */
  rawJoints: string[];
  plus: boolean;
  /** Text offset where the segment starts (its `+` or `(` included). */
  start: number;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}

function stripParens(joint: string): string {
  return joint.replace(/[()]/g, '');
}

function segmentsOf(text: string, runStart: number, run: string): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  let previousEnd = -1;
  let pendingPrefixStart = runStart;
  const digitGroup = /\d+/g;
  for (const match of execAll(digitGroup, run)) {
    const group: Group = { digits: match[0], start: runStart + match.index, end: runStart + match.index + match[0].length };
    const joint = previousEnd < 0 ? '' : text.slice(previousEnd, group.start);
    if (current && stripParens(joint).length <= 1) {
      current.groups.push(group);
      current.rawJoints.push(joint);
    } else {
      const prefixStart = current ? group.start - (joint.endsWith('(') ? 1 : 0) : pendingPrefixStart;
      current = { groups: [group], rawJoints: [], plus: !current && run.startsWith('+'), start: prefixStart };
      segments.push(current);
    }
    previousEnd = group.end;
    pendingPrefixStart = group.end;
  }
  return segments;
}

function parenGroupOf(text: string, segment: Segment): number | undefined {
  const index = segment.groups.findIndex((group) => text[group.start - 1] === '(' && text[group.end] === ')');
  return index >= 0 ? index : undefined;
}

/** Longest Luhn-valid window of groups, leftmost first, laid out as a card is written (one separator kind, no parens). */
function detectCards(text: string, segment: Segment, findings: PiiFinding[]): boolean {
  const { groups, rawJoints } = segment;
  const minLength = cardContext.test(text.slice(Math.max(0, segment.start - 40), segment.start)) ? 12 : 13;
  let found = false;
  for (let first = 0; first < groups.length; first += 1) {
    let best: Group | undefined;
    let bestIndex = first;
    let digits = '';
    for (let last = first; last < groups.length && digits.length < 19; last += 1) {
      const group = groups[last] as Group;
      if (last > first) {
        // Cards are printed in groups of 4–6 (4-4-4-4, 4-6-5, 4-6-4) with one kind of separator.
        const joint = rawJoints[last - 1];
        if ((joint !== ' ' && joint !== '-') || joint !== rawJoints[first] || group.digits.length < 3 || group.digits.length > 7) break;
      } else if (group.digits.length < 3 && groups.length > 1) {
        break;
      }
      digits += group.digits;
      if (cardNumberValid(digits, minLength)) [best, bestIndex] = [group, last];
    }
    if (best) {
      findings.push({ type: 'CREDIT_CARD', category: 'pii', start: (groups[first] as Group).start, end: best.end });
      found = true;
      first = bestIndex;
    }
  }
  return found;
}

function detectSsn(text: string, segment: Segment, findings: PiiFinding[]): boolean {
  const { groups, rawJoints } = segment;
  if (segment.plus) return false;
  const first = groups[0];
  const last = groups[groups.length - 1];
  if (!first || !last) return false;
  let digits: string | undefined;
  if (groups.length === 3 && rawJoints[0] === rawJoints[1] && [' ', '-', '.'].includes(rawJoints[0] ?? '')) {
    if (groups.map((group) => group.digits.length).join('-') === '3-2-4') digits = groups.map((group) => group.digits).join('');
  } else if (groups.length === 1 && first.digits.length === 9 && ssnContext.test(text.slice(Math.max(0, segment.start - 40), segment.start))) {
    digits = first.digits;
  }
  if (!digits || !ssnValid(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) return false;
  findings.push({ type: 'US_SSN', category: 'pii', start: first.start, end: last.end });
  return true;
}

function detectPhone(text: string, segment: Segment, findings: PiiFinding[]): void {
  const joints = segment.rawJoints.map(stripParens);
  const last = segment.groups[segment.groups.length - 1];
  if (!last) return;
  const before = text.slice(Math.max(0, segment.start - 40), segment.start);
  const isPhone = isPhoneNumber({
    groups: segment.groups.map((group) => group.digits),
    joints,
    parenGroup: parenGroupOf(text, segment),
    plus: segment.plus,
    context: hasPhoneContext(before, text.slice(last.end, last.end + 16)),
  });
  if (!isPhone) return;
  let end = last.end;
  extension.lastIndex = end;
  const ext = extension.exec(text);
  if (ext) end += ext[0].length;
  findings.push({ type: 'PHONE', category: 'pii', start: segment.start, end });
}

function countDigits(run: string): number {
  let count = 0;
  for (let index = 0; index < run.length; index += 1) {
    const code = run.charCodeAt(index);
    if (code >= 48 && code <= 57) count += 1;
  }
  return count;
}

export function detectNumbers(text: string, findings: PiiFinding[]): void {
  for (const match of execAll(numberRun, text)) {
    // Fewer than seven digits cannot be any of these (phone ≥ 7, SSN 9, card ≥ 12): the common case, kept cheap.
    if (match[0].length < 7 || countDigits(match[0]) < 7) continue;
    const start = match.index;
    const end = start + match[0].length;
    // Runs glued to a word ("ID4111…", "v1.2.3", "ORD-2024-…") are identifiers, not personal data.
    const before = text[start - 1];
    if (isWordChar(before)) continue;
    if ((before === '-' || before === '.' || before === '/') && isWordChar(text[start - 2])) continue;
    if (isWordChar(text[end])) {
      extension.lastIndex = end;
      if (!extension.test(text)) continue;
    }
    for (const segment of segmentsOf(text, start, match[0])) {
      if (detectCards(text, segment, findings)) continue;
      if (detectSsn(text, segment, findings)) continue;
      detectPhone(text, segment, findings);
    }
  }
}
