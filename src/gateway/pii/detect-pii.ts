import { detectEmails, detectIbans, detectIpAddresses } from './detect-contact.js';
import { detectNumbers } from './detect-numbers.js';
import { detectSecrets } from './detect-secrets.js';
import type { EntityType, PiiFinding, PiiOptions } from './types.js';

/** Default cap on scanned text (SEC-DOS-7): 1 MiB of UTF-16 code units. */
export const DEFAULT_MAX_SCAN_LENGTH = 1024 * 1024;

/** When two findings overlap, the more specific wins: secrets first, then this order, then the longer span. */
const typeRank: Readonly<Record<string, number>> = {
  PRIVATE_KEY: 0,
  JWT: 1,
  URL_PASSWORD: 2,
  CREDIT_CARD: 10,
  IBAN: 11,
  US_SSN: 12,
  EMAIL: 13,
  IP_ADDRESS: 14,
  PHONE: 15,
};

function rank(finding: PiiFinding): number {
  return typeRank[finding.type] ?? (finding.category === 'secret' ? 5 : 20);
}

function better(candidate: PiiFinding, current: PiiFinding): boolean {
  const byRank = rank(candidate) - rank(current);
  if (byRank !== 0) return byRank < 0;
  return candidate.end - candidate.start > current.end - current.start;
}

/**
 * Merges overlapping findings into one span typed by the more specific of them (so no part of either is left
 * unmasked), in text order; O(n log n).
 */
export function resolveOverlaps(findings: PiiFinding[]): PiiFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const result: PiiFinding[] = [];
  for (const finding of sorted) {
    if (finding.end <= finding.start) continue;
    const last = result[result.length - 1];
    if (!last || finding.start >= last.end) result.push(finding);
    else {
      const winner = better(finding, last) ? finding : last;
      result[result.length - 1] = { ...winner, start: last.start, end: Math.max(last.end, finding.end) };
    }
  }
  return result;
}

function wanted(options: PiiOptions): (type: EntityType, category: PiiFinding['category']) => boolean {
  const types = options.types ? new Set(options.types) : undefined;
  return (type, category) => (!types || types.has(type)) && (!options.secretsOnly || category === 'secret');
}

/**
 * Finds PII and secrets in `text` (at most `maxScanLength` code units of it). Findings never overlap and come in
 * text order; they carry positions and types only, never the values.
 */
export function detectPii(text: string, options: PiiOptions = {}): PiiFinding[] {
  // Short text without a digit, '@', ':' or '=' cannot hold any entity (the shortest secrets are longer): the
  // role names, model ids and finish reasons that make up most strings of a JSON body.
  if (text.length < 20 && !/[\d@:=]/.test(text)) return [];
  const limit = options.maxScanLength ?? DEFAULT_MAX_SCAN_LENGTH;
  const scanned = text.length > limit ? text.slice(0, limit) : text;
  const candidates: PiiFinding[] = [];
  detectSecrets(scanned, candidates);
  if (!options.secretsOnly) {
    detectEmails(scanned, candidates);
    detectIpAddresses(scanned, candidates);
    detectIbans(scanned, candidates);
    detectNumbers(scanned, candidates);
  }
  const keep = wanted(options);
  return resolveOverlaps(candidates.filter((finding) => keep(finding.type, finding.category)));
}
