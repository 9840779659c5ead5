import { syllable } from 'syllable';

/**
 * Flesch reading ease (Flesch 1948): 206.835 − 1.015 · words/sentences − 84.6 · syllables/words. Higher is
 * easier (90+: very easy, below 30: very hard). The formula and the `syllable` counter are for English, so other
 * languages get null, as do texts under MIN_WORDS words (one short line says nothing about reading level).
 */

const MIN_WORDS = 3;
/** Words counted at most; the reading level of a long answer is judged on its first part. */
const MAX_WORDS = 2_000;
const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)*/g;
const SENTENCE_END = /[.!?]+(?=\s|$)|\n\s*\n/g;

/**
 * `syllable` costs ≈ 7 µs a word and most words repeat (≈ 0.1 µs from the cache). The cache is bounded by clearing
 * it when full: cheap, and a working vocabulary refills it quickly.
 */
const CACHE_LIMIT = 50_000;
const syllableCache = new Map<string, number>();

function syllablesOf(word: string): number {
  const key = word.toLowerCase();
  let count = syllableCache.get(key);
  if (count === undefined) {
    count = Math.max(1, syllable(key));
    if (syllableCache.size >= CACHE_LIMIT) syllableCache.clear();
    syllableCache.set(key, count);
  }
  return count;
}

export function fleschReadingEase(text: string, language: string): number | null {
  if (language !== 'en') return null;
  let words = 0;
  let syllables = 0;
  let lastWordEnd = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null && words < MAX_WORDS; match = WORD.exec(text)) {
    words++;
    syllables += syllablesOf(match[0]);
    lastWordEnd = match.index + match[0].length;
  }
  if (words < MIN_WORDS) return null;
  const counted = text.slice(0, lastWordEnd + 1);
  SENTENCE_END.lastIndex = 0;
  let sentences = 0;
  while (SENTENCE_END.exec(counted) !== null) sentences++;
  // Trailing words without a final full stop still form a sentence.
  if (!/[.!?]\s*$/.test(counted)) sentences++;
  const score = 206.835 - 1.015 * (words / Math.max(1, sentences)) - 84.6 * (syllables / words);
  return Math.round(score * 100) / 100;
}
