import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BEST_EFFORT_TYPES, CORPUS_TYPE_MAP, evaluatePii, type PiiReport, STRUCTURED_TYPES, TARGETS } from '../../../scripts/eval/pii-eval.js';
import { detectPii } from './detect-pii.js';
import { maskPii } from './mask-pii.js';
import type { EntityType } from './types.js';

/*
 * Cases from public corpora (MIT: microsoft/presidio analyzer tests, microsoft/presidio-research synthetic set,
 * protectai/llm-guard tests — see each folder's SOURCE.md). CI checks `shared/` out beside the repository.
 */
const corporaDir = fileURLToPath(new URL('../../../../shared/corpora/', import.meta.url));
const available = existsSync(corporaDir);
if (!available) console.warn(`PII corpus tests skipped: ${corporaDir} not found (expected ../shared/corpora beside the repository).`);

interface Span {
  start: number;
  end: number;
  type: string;
}
interface Row {
  text: string;
  label: string;
  spans: Span[];
  entity_type?: string;
  redacted_expected?: string;
}

function rows(file: string): Row[] {
  return readFileSync(`${corporaDir}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Row);
}

/** Corpus entity names → ours for the validated types (the one mapping lives in the evaluation script). */
const typeMap: Readonly<Record<string, EntityType>> = Object.fromEntries(
  Object.entries(CORPUS_TYPE_MAP).filter(([, type]) => (STRUCTURED_TYPES as readonly string[]).includes(type)) as Array<[string, EntityType]>,
);

let report: PiiReport | undefined;
/** The evaluation is deterministic; run it once for the tests that read it. */
function evaluation(): PiiReport {
  report ??= evaluatePii(corporaDir);
  return report;
}

/**
 * Presidio's weak SSN layouts (3-6 and 5-4 digits, nine bare digits with no "SSN" nearby): Presidio itself scores
 * them low; here 5-4 would also swallow ZIP+4 codes, so they are left out on purpose.
 */
const knownMisses = new Set(['078-051121', '07805-1121', '078051121']);

describe.skipIf(!available)('PII masker on public corpora', () => {
  it('presidio analyzer cases: every annotated e-mail, card, SSN, IP and phone is masked', () => {
    for (const row of rows('presidio-analyzer-tests/pii_recognizer_cases.jsonl')) {
      if (!row.entity_type || !typeMap[row.entity_type] || row.label !== 'pii') continue;
      const masked = maskPii(row.text).text;
      for (const span of row.spans) {
        const value = row.text.slice(span.start, span.end);
        if (!knownMisses.has(value)) expect(masked, `${row.entity_type} in ${JSON.stringify(row.text)}`).not.toContain(value);
      }
    }
  });

  it('SEC-PII-3: presidio negatives (invalid Luhn, bad IPs, invalid SSNs, broken e-mails) are not flagged as that type', () => {
    for (const row of rows('presidio-analyzer-tests/pii_recognizer_cases.jsonl')) {
      const type = row.entity_type ? typeMap[row.entity_type] : undefined;
      if (!type || row.label !== 'none') continue;
      expect(detectPii(row.text).filter((finding) => finding.type === type), `${type} in ${JSON.stringify(row.text)}`).toEqual([]);
    }
  });

  it('SEC-PII-5: structured types (e-mail, phone, card, IBAN, SSN, IP, keys) reach recall ≥ 0.98 and precision ≥ 0.95, span level', () => {
    const report = evaluation();
    for (const type of STRUCTURED_TYPES) {
      const score = report.types.find((entry) => entry.type === type);
      expect(score, type).toBeDefined();
      expect(score?.recall, `${type} recall`).toBeGreaterThanOrEqual(TARGETS.structuredRecall);
      expect(score?.precision, `${type} precision`).toBeGreaterThanOrEqual(TARGETS.structuredPrecision);
    }
    expect(report.structuredMicro.recall).toBeGreaterThanOrEqual(TARGETS.structuredRecall);
    expect(report.structuredMicro.precision).toBeGreaterThanOrEqual(TARGETS.structuredPrecision);
  });

  it('SEC-PII-5: person names and street addresses reach overlap recall ≥ 0.8 without flooding the text (precision ≥ 0.9)', () => {
    const report = evaluation();
    for (const type of BEST_EFFORT_TYPES) {
      const score = report.types.find((entry) => entry.type === type);
      expect(score?.recall, `${type} recall`).toBeGreaterThanOrEqual(TARGETS.bestEffortOverlapRecall);
      // Not a SEC-PII-5 target, but a floor so that recall is never bought by masking ordinary words.
      expect(score?.precision, `${type} precision`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('SEC-PII-5: presidio analyzer structured cases: every annotated entity found, precision ≥ 0.9 per type', () => {
    const analyzer = evaluation().corpora.find((corpus) => corpus.name === 'presidio-analyzer-tests');
    for (const score of analyzer?.types ?? []) {
      if (score.match !== 'exact') continue;
      expect(score.falseNegatives, score.type).toBe(0);
      expect(score.precision, score.type).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('SEC-PII-4: llm-guard secret cases are masked with PII masking off, benign text is untouched', () => {
    for (const row of rows('llm-guard-tests/secrets.jsonl')) {
      const masked = maskPii(row.text, { secretsOnly: true }).text;
      if (row.label === 'none') {
        expect(masked).toBe(row.text);
        continue;
      }
      // The secret is what llm-guard's expected redaction removed: the text between the common prefix and suffix.
      const expected = row.redacted_expected ?? '';
      let prefix = 0;
      while (row.text[prefix] === expected[prefix]) prefix += 1;
      let suffix = 0;
      while (suffix < row.text.length - prefix && row.text.at(-1 - suffix) === expected.at(-1 - suffix)) suffix += 1;
      const secret = row.text.slice(prefix, row.text.length - suffix);
      expect(secret.length).toBeGreaterThan(4);
      expect(masked, row.text).not.toContain(secret);
    }
  });
});
