import { createFeatureBuffer } from '../../../gateway/guardrails/injection/features.js';
import { classifierProbability, loadToxicityModel } from './classifier.js';
import { extractToxicityFeatures, LEXICON_FEATURE_COUNT, QUOTED_WEIGHT } from './extract-toxicity-features.js';
import type { LexiconCategory } from './lexicon.js';

/**
 * Toxicity descriptor (issue 5, item 2). `toxicityScore(text)` is a number in [0, 1], pure and synchronous:
 *
 *   p     = σ(b + Σ w_k·lex_k + hashed n-gram weights)      the trained classifier (lexicon features included)
 *   floor = max over used lexicon hits h of sev_h × q_h × a_h  q = 0.7 if quoted, else 1;
 *                                                            a = 1.1 if addressed to "you" (or a threat), else 0.85
 *   score = max(p, min(1, floor))
 *
 * The floor keeps clear abuse (a slur, a threat, "you idiot") above the 0.5 threshold whatever the n-grams say,
 * and survives obfuscation because it reads the folded text; mentions ("the word 'idiot' is rude") do not raise
 * it. See docs/monitoring-toxicity.md for data, figures and limits.
 */

/** Score at or above which a text counts as toxic (the threshold the evaluation reports). */
export const TOXICITY_THRESHOLD = 0.5;

const ADDRESSED_FACTOR = 1.1;
const UNADDRESSED_FACTOR = 0.85;

export interface ToxicityDetail {
  score: number;
  /** The classifier's probability alone. */
  classifier: number;
  /** The lexicon floor alone. */
  lexicon: number;
  /** Categories of lexicon terms used (not merely mentioned), sorted. */
  categories: LexiconCategory[];
}

// Scoring is synchronous, so one buffer serves every call.
const buffer = createFeatureBuffer();
const lexiconValues = new Float64Array(LEXICON_FEATURE_COUNT);

/** The score with its parts. Never throws for any text (only a damaged committed model does, on first use). */
export function scoreToxicity(text: string): ToxicityDetail {
  if (text.trim().length === 0) return { score: 0, classifier: 0, lexicon: 0, categories: [] };
  const model = loadToxicityModel();
  const { hits } = extractToxicityFeatures(text, buffer, lexiconValues);
  const classifier = classifierProbability(model, buffer, lexiconValues);
  let floor = 0;
  const categories = new Set<LexiconCategory>();
  for (const hit of hits) {
    if (hit.mention) continue;
    categories.add(hit.category);
    const weight = hit.severity * (hit.quoted ? QUOTED_WEIGHT : 1) * (hit.addressed ? ADDRESSED_FACTOR : UNADDRESSED_FACTOR);
    if (weight > floor) floor = weight;
  }
  const lexicon = Math.min(1, floor);
  const score = Math.max(classifier, lexicon);
  return { score: Number.isFinite(score) ? score : 0, classifier, lexicon, categories: [...categories].sort() };
}

/** Toxicity of `text` in [0, 1]: lexicon and trained classifier combined (see the formula above). */
export function toxicityScore(text: string): number {
  return scoreToxicity(text).score;
}

/** Whether `text` scores at or above `threshold` (default TOXICITY_THRESHOLD). */
export function isToxic(text: string, threshold = TOXICITY_THRESHOLD): boolean {
  return toxicityScore(text) >= threshold;
}

export { foldForToxicity } from './fold-for-toxicity.js';
export type { LexiconCategory } from './lexicon.js';
