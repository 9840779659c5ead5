/**
 * Keyword extraction with RAKE (Rapid Automatic Keyword Extraction, Rose et al. 2010), as a Cairn `js` model.
 *
 * Candidate phrases are the runs of words between stop words and punctuation; a word scores degree / frequency
 * (words that co-occur in longer phrases score higher), a phrase scores the sum of its words. Phrases are merged
 * by a normalised form (lower case, light plural stemming) so "Endpoints" and "endpoint" count as one term.
 * Deterministic: ties are broken by term, scores are rounded to 4 decimals.
 */
import stopword from 'stopword';

const defaultTopK = 10;
const maxTopK = 100;
/** Longer runs are not phrases but lists; their words are scored one by one instead. */
const maxPhraseWords = 4;

/** Words the package's English list leaves out but that are never keywords on their own. */
const extraStopWords = [
  'its', 'not', 'no', 'nor', 'so', 'will', 'just', 'may', 'every', 'without', 'within', 'per', 'via', 'does', 'doing',
  'done', 'why', 'whom', 'whose', 'yours', 'ours', 'theirs', 'itself', 'themselves', 'ourselves', 'yourself', 'she',
  'us', 'let', 'lets', 'off', 'onto', 'upon', 'again', 'against', 'below', 'above', 'down', 'few', 'own', 'once',
  'less', 'least', 'either', 'neither', 'yet', 'though', 'although', 'whether', 'cannot', 'etc', 'eg', 'ie', 'new',
  'use', 'used', 'uses', 'using', 'one', 'two', 'three', 'first', 'second', 'even', 'ever', 'often', 'always',
  'across', 'along', 'among', 'around', 'behind', 'beside', 'beyond', 'during', 'except', 'inside', 'near', 'outside',
  'toward', 'towards', 'until', 'whilst', 'instead', 'rather', 'thus', 'hence', 'therefore', 'however',
];

let stopWords = new Set();

export async function load(context) {
  stopWords = new Set([...stopword.eng, ...extraStopWords].map((word) => word.toLowerCase()));
  context?.log?.(`keyword-extractor ready: ${stopWords.size} stop words`);
}

/** Light, predictable normalisation: plural forms to singular; short words and "-ss" words untouched. */
export function stem(word) {
  if (word.length <= 3 || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|zes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Splits text into candidate phrases: arrays of lower-case words between stop words and punctuation. */
function candidatePhrases(text) {
  const phrases = [];
  // Sentence and clause punctuation ends a phrase; apostrophes and inner hyphens stay inside words.
  for (const fragment of text.toLowerCase().split(/[.,;:!?()[\]{}"“”‘’<>|/\\\n\r\t—–]+|\s-\s/u)) {
    let run = [];
    const flush = () => {
      if (run.length === 0) return;
      if (run.length <= maxPhraseWords) phrases.push(run);
      else for (const word of run) phrases.push([word]);
      run = [];
    };
    for (const raw of fragment.split(/\s+/)) {
      const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/'s$/, '');
      const isWord = word.length >= 2 && /\p{L}/u.test(word);
      if (!isWord || stopWords.has(word)) flush();
      else run.push(word);
    }
    flush();
  }
  return phrases;
}

/** The keywords of one text, best first. */
export function extractKeywords(text, topK) {
  const phrases = candidatePhrases(text);
  const frequency = new Map();
  const degree = new Map();
  for (const phrase of phrases) {
    for (const word of phrase) {
      const key = stem(word);
      frequency.set(key, (frequency.get(key) ?? 0) + 1);
      degree.set(key, (degree.get(key) ?? 0) + phrase.length);
    }
  }
  // One entry per normalised phrase; the surface form shown is the most frequent one (then the first in order).
  const merged = new Map();
  for (const phrase of phrases) {
    const key = phrase.map(stem).join(' ');
    const surface = phrase.join(' ');
    let entry = merged.get(key);
    if (!entry) {
      entry = { score: phrase.reduce((sum, word) => sum + degree.get(stem(word)) / frequency.get(stem(word)), 0), forms: new Map() };
      merged.set(key, entry);
    }
    entry.forms.set(surface, (entry.forms.get(surface) ?? 0) + 1);
  }
  const keywords = [...merged.values()].map((entry) => {
    let term = '';
    let count = 0;
    for (const [form, seen] of entry.forms) {
      if (seen > count) [term, count] = [form, seen];
    }
    return { term, score: Math.round(entry.score * 10_000) / 10_000 };
  });
  keywords.sort((left, right) => right.score - left.score || (left.term < right.term ? -1 : left.term > right.term ? 1 : 0));
  return keywords.slice(0, topK);
}

function topKOf(value, fallback) {
  return Number.isInteger(value) && value >= 1 ? Math.min(value, maxTopK) : fallback;
}

export async function predict(records, params = {}) {
  const fallback = topKOf(params?.top_k, defaultTopK);
  return records.map((record) => ({ keywords: extractKeywords(String(record.text ?? ''), topKOf(record.top_k, fallback)) }));
}
