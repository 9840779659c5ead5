import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectPii } from '../../src/gateway/pii/index.js';
import type { PiiFinding } from '../../src/gateway/pii/index.js';
import { secretCases } from './secret-cases.js';

/*
 * Span-level PII evaluation on the public corpora in ../shared/corpora (see its README.md) plus Cairn's own secret
 * cases. Matching rules:
 * - structured types (e-mail, phone, card, IBAN, SSN, IP, secrets): a prediction matches a gold span of the same
 *   type when the two cover the same letters and digits — they may differ only by punctuation or whitespace at
 *   their edges ("(415) 555-0132" vs "415) 555-0132" match, "+1 415…" vs "415…" does not: a digit would stay
 *   unmasked). One prediction matches at most one gold span and the other way round.
 * - PERSON and STREET_ADDRESS: overlap. A gold span is found when any prediction of its type overlaps it; a
 *   prediction is correct when it overlaps any gold span of its type. (The synthetic corpus cuts some addresses
 *   into several spans — "643" + "ul. Biskupa…" — which one whole-address prediction covers.)
 */

/** Corpus entity names → the type Cairn reports. The one place this mapping lives. */
export const CORPUS_TYPE_MAP: Readonly<Record<string, EvalType>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  PERSON: 'PERSON',
  STREET_ADDRESS: 'STREET_ADDRESS',
};

export const STRUCTURED_TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'SECRET'] as const;
export const BEST_EFFORT_TYPES = ['PERSON', 'STREET_ADDRESS'] as const;
export type EvalType = (typeof STRUCTURED_TYPES)[number] | (typeof BEST_EFFORT_TYPES)[number];

/** SEC-PII-5 targets. */
export const TARGETS = { structuredRecall: 0.98, structuredPrecision: 0.95, bestEffortOverlapRecall: 0.8 } as const;

export interface TypeScore {
  type: EvalType;
  match: 'exact' | 'overlap';
  gold: number;
  predicted: number;
  truePositives: number;
  /** Gold spans found (differs from truePositives under overlap matching, where spans are not paired). */
  goldFound: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CorpusReport {
  name: string;
  rows: number;
  types: TypeScore[];
}

export interface PiiReport {
  corpora: CorpusReport[];
  /** Every corpus pooled, per type. */
  types: TypeScore[];
  /** Micro average over the structured types, pooled. */
  structuredMicro: Omit<TypeScore, 'type' | 'match'>;
  /** Gold spans deliberately left out of scoring, with the reason (counted, never silently dropped). */
  excluded: Array<{ corpus: string; type: EvalType; count: number; reason: string }>;
}

interface GoldSpan {
  start: number;
  end: number;
  type: EvalType;
}

/** One text with gold spans; `scoredTypes` are the types whose predictions count for this text. */
export interface EvalCase {
  text: string;
  gold: GoldSpan[];
  scoredTypes: ReadonlySet<EvalType>;
}

interface CorpusRow {
  text: string;
  label: string;
  spans?: Array<{ start: number; end: number; type: string }>;
  entity_type?: string;
  redacted_expected?: string;
}

function readJsonl(file: string): CorpusRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as CorpusRow);
}

/** Cairn's finding type → the evaluated type (every secret type pools into SECRET). */
export function evalTypeOf(finding: PiiFinding): EvalType | undefined {
  if (finding.category === 'secret') return 'SECRET';
  return (STRUCTURED_TYPES as readonly string[]).includes(finding.type) || (BEST_EFFORT_TYPES as readonly string[]).includes(finding.type)
    ? (finding.type as EvalType)
    : undefined;
}

const ALL_TYPES: ReadonlySet<EvalType> = new Set([...STRUCTURED_TYPES, ...BEST_EFFORT_TYPES]);

type Exclusions = PiiReport['excluded'];

function exclude(excluded: Exclusions, corpus: string, type: EvalType, reason: string): void {
  const entry = excluded.find((item) => item.corpus === corpus && item.type === type && item.reason === reason);
  if (entry) entry.count += 1;
  else excluded.push({ corpus, type, count: 1, reason });
}

/** presidio-research synthetic set: every span annotated, so every type is scored on every row. */
export function synthCases(file: string): EvalCase[] {
  return readJsonl(file).map((row) => ({
    text: row.text,
    gold: (row.spans ?? []).flatMap((span) => {
      const type = CORPUS_TYPE_MAP[span.type];
      return type ? [{ start: span.start, end: span.end, type }] : [];
    }),
    scoredTypes: ALL_TYPES,
  }));
}

const hasDigit = /\d/;

/**
 * Presidio analyzer test tables: each row is annotated for its one `entity_type`, so only that type is scored.
 * Two kinds of gold spans are left out (and reported as excluded):
 * - US_SSN spans not written as 3-2-4 groups ("078051121", "078-051121", "07805-1121"): Presidio's own recogniser
 *   scores those layouts 0.05 ("very weak"), below any threshold one would deploy; nine bare digits are any id and
 *   5-4 is a ZIP+4 code. Cairn flags them only beside a word like "SSN".
 * - PERSON spans containing a digit: the spaCy test table mixes DATE_TIME expectations ("1972", "May 1st, 1977")
 *   into rows the extraction labelled PERSON.
 */
export function analyzerCases(file: string, excluded: Exclusions, corpus: string): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const row of readJsonl(file)) {
    const type = row.entity_type ? CORPUS_TYPE_MAP[row.entity_type] : undefined;
    if (!type) continue;
    const gold: GoldSpan[] = [];
    for (const span of row.spans ?? []) {
      const value = row.text.slice(span.start, span.end);
      if (type === 'US_SSN' && !/^\d{3}[ .-]\d{2}[ .-]\d{4}$/.test(value)) {
        exclude(excluded, corpus, type, 'SSN layout other than 3-2-4 with no "SSN" nearby (Presidio: 0.05 "very weak")');
        continue;
      }
      if (type === 'PERSON' && hasDigit.test(value)) {
        exclude(excluded, corpus, type, 'date mislabelled PERSON in the spaCy test table');
        continue;
      }
      gold.push({ start: span.start, end: span.end, type });
    }
    // A row whose only gold spans were excluded says nothing about false positives either.
    if (gold.length === 0 && row.label !== 'none') continue;
    cases.push({ text: row.text, gold, scoredTypes: new Set([type]) });
  }
  return cases;
}

/** llm-guard secret rows: the secret is what the expected redaction removed (common prefix/suffix stripped). */
export function llmGuardSecretCases(file: string): EvalCase[] {
  return readJsonl(file).map((row) => {
    if (row.label === 'none') return { text: row.text, gold: [], scoredTypes: new Set<EvalType>(['SECRET']) };
    const expected = row.redacted_expected ?? '';
    let start = 0;
    while (row.text[start] === expected[start]) start += 1;
    let suffix = 0;
    while (suffix < row.text.length - start && row.text.at(-1 - suffix) === expected.at(-1 - suffix)) suffix += 1;
    const end = row.text.length - suffix;
    return { text: row.text, gold: [{ start, end, type: 'SECRET' }], scoredTypes: new Set<EvalType>(['SECRET']) };
  });
}

const alphanumeric = /[\p{L}\p{N}]/u;

/** Same letters and digits: the edges may differ only by punctuation and whitespace. */
function sameSpan(text: string, a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start >= b.end || b.start >= a.end) return false;
  const edge = (from: number, to: number) => !alphanumeric.test(text.slice(Math.min(from, to), Math.max(from, to)));
  return edge(a.start, b.start) && edge(a.end, b.end);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

interface Tally {
  gold: number;
  predicted: number;
  truePositives: number;
  goldFound: number;
}

function emptyTally(): Tally {
  return { gold: 0, predicted: 0, truePositives: 0, goldFound: 0 };
}

function matchKind(type: EvalType): 'exact' | 'overlap' {
  return (BEST_EFFORT_TYPES as readonly string[]).includes(type) ? 'overlap' : 'exact';
}

function tallyCase(testCase: EvalCase, tallies: Map<EvalType, Tally>): void {
  const predictions = detectPii(testCase.text).flatMap((finding) => {
    const type = evalTypeOf(finding);
    return type && testCase.scoredTypes.has(type) ? [{ start: finding.start, end: finding.end, type }] : [];
  });
  for (const type of testCase.scoredTypes) {
    const gold = testCase.gold.filter((span) => span.type === type);
    const mine = predictions.filter((span) => span.type === type);
    if (gold.length === 0 && mine.length === 0) continue;
    const tally = tallies.get(type) ?? emptyTally();
    tallies.set(type, tally);
    tally.gold += gold.length;
    tally.predicted += mine.length;
    if (matchKind(type) === 'overlap') {
      tally.goldFound += gold.filter((span) => mine.some((prediction) => overlaps(prediction, span))).length;
      tally.truePositives += mine.filter((prediction) => gold.some((span) => overlaps(prediction, span))).length;
    } else {
      const used = new Set<number>();
      for (const span of gold) {
        const index = mine.findIndex((prediction, position) => !used.has(position) && sameSpan(testCase.text, prediction, span));
        if (index < 0) continue;
        used.add(index);
        tally.truePositives += 1;
        tally.goldFound += 1;
      }
    }
  }
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

function toScore(type: EvalType, tally: Tally): TypeScore {
  const precision = ratio(tally.truePositives, tally.predicted);
  const recall = ratio(tally.goldFound, tally.gold);
  return {
    type,
    match: matchKind(type),
    ...tally,
    falsePositives: tally.predicted - tally.truePositives,
    falseNegatives: tally.gold - tally.goldFound,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

const typeOrder: readonly EvalType[] = [...STRUCTURED_TYPES, ...BEST_EFFORT_TYPES];

function scores(tallies: Map<EvalType, Tally>): TypeScore[] {
  return typeOrder.flatMap((type) => {
    const tally = tallies.get(type);
    return tally ? [toScore(type, tally)] : [];
  });
}

/** Scores any set of cases (exported for tests that score their own cases the same way). */
export function scoreCases(cases: readonly EvalCase[]): TypeScore[] {
  const tallies = new Map<EvalType, Tally>();
  for (const testCase of cases) tallyCase(testCase, tallies);
  return scores(tallies);
}

function pool(reports: readonly TypeScore[][]): TypeScore[] {
  const tallies = new Map<EvalType, Tally>();
  for (const report of reports) {
    for (const score of report) {
      const tally = tallies.get(score.type) ?? emptyTally();
      tallies.set(score.type, tally);
      tally.gold += score.gold;
      tally.predicted += score.predicted;
      tally.truePositives += score.truePositives;
      tally.goldFound += score.goldFound;
    }
  }
  return scores(tallies);
}

/**
 * Scores detectPii on `corporaDir` (the shared corpora folder): presidio-research-synth, presidio-analyzer-tests,
 * llm-guard-tests secrets, plus Cairn's own secret cases (generated, deterministic).
 */
export function evaluatePii(corporaDir: string): PiiReport {
  const excluded: Exclusions = [];
  const sources: Array<{ name: string; cases: EvalCase[] }> = [
    { name: 'presidio-research-synth', cases: synthCases(path.join(corporaDir, 'presidio-research-synth/pii.jsonl')) },
    {
      name: 'presidio-analyzer-tests',
      cases: analyzerCases(path.join(corporaDir, 'presidio-analyzer-tests/pii_recognizer_cases.jsonl'), excluded, 'presidio-analyzer-tests'),
    },
    { name: 'llm-guard-tests/secrets', cases: llmGuardSecretCases(path.join(corporaDir, 'llm-guard-tests/secrets.jsonl')) },
    { name: 'cairn-secret-cases', cases: secretCases() },
  ];
  const corpora = sources.map(({ name, cases }) => ({ name, rows: cases.length, types: scoreCases(cases) }));
  const types = pool(corpora.map((corpus) => corpus.types));
  const structured = types.filter((score) => score.match === 'exact');
  const micro = toScore('SECRET', {
    gold: structured.reduce((sum, score) => sum + score.gold, 0),
    predicted: structured.reduce((sum, score) => sum + score.predicted, 0),
    truePositives: structured.reduce((sum, score) => sum + score.truePositives, 0),
    goldFound: structured.reduce((sum, score) => sum + score.goldFound, 0),
  });
  const { type: _type, match: _match, ...structuredMicro } = micro;
  return { corpora, types, structuredMicro, excluded };
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  ');
}

function table(label: string, scores: readonly TypeScore[]): string[] {
  const widths = [16, 7, 6, 6, 6, 6, 9, 7, 6];
  const lines = [label, row(['type', 'match', 'gold', 'pred', 'FP', 'FN', 'precision', 'recall', 'F1'], widths)];
  for (const score of scores) {
    lines.push(
      row(
        [score.type, score.match, String(score.gold), String(score.predicted), String(score.falsePositives), String(score.falseNegatives), score.precision.toFixed(3), score.recall.toFixed(3), score.f1.toFixed(3)],
        widths,
      ),
    );
  }
  return lines;
}

/** A plain-text table: pooled per type, the structured micro average, per corpus, exclusions. */
export function formatPiiReport(report: PiiReport): string {
  const micro = report.structuredMicro;
  const lines = [
    ...table('PII detection, all corpora pooled (span level)', report.types),
    `structured micro avg: precision ${micro.precision.toFixed(3)}  recall ${micro.recall.toFixed(3)}  F1 ${micro.f1.toFixed(3)}  (gold ${micro.gold}, predicted ${micro.predicted})`,
    `targets (SEC-PII-5): structured recall >= ${TARGETS.structuredRecall}, precision >= ${TARGETS.structuredPrecision}; PERSON/STREET_ADDRESS overlap recall >= ${TARGETS.bestEffortOverlapRecall}`,
  ];
  for (const corpus of report.corpora) lines.push('', ...table(`${corpus.name} (${corpus.rows} rows)`, corpus.types));
  if (report.excluded.length > 0) {
    lines.push('', 'excluded gold spans:');
    for (const item of report.excluded) lines.push(`  ${item.corpus} ${item.type}: ${item.count} — ${item.reason}`);
  }
  return lines.join('\n');
}

/** ../shared/corpora beside the repository (how CI checks it out). */
export const DEFAULT_CORPORA_DIR = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(formatPiiReport(evaluatePii(process.argv[2] ?? DEFAULT_CORPORA_DIR)));
}
