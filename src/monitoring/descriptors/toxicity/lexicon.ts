import lexiconFile from './lexicon.json' with { type: 'json' };

/**
 * The toxicity lexicon (`lexicon.json`, written for Cairn): insults, profanity, slurs, sexual harassment, threats
 * and identity-attack phrases, each with a severity in [0, 1]. Terms are stored rot13-encoded so that the
 * repository does not display slurs in plain text; they are decoded once, at first use.
 *
 * Matching runs over text already folded by `foldForToxicity` (lower case, leetspeak and spacing undone). A hit
 * is a *mention* rather than a use when talk about words surrounds it ("the word 'idiot' is rude", "is 'retard' a
 * slur?"), and *addressed* when a second-person word sits next to it ("you idiot", "idiots like you").
 */

export type LexiconCategory = 'profanity' | 'insult' | 'slur' | 'sexual' | 'threat' | 'identity_attack';
type MatchKind = 'word' | 'stem' | 'infix' | 'phrase';

export interface LexiconHit {
  category: LexiconCategory;
  severity: number;
  /** Talked about rather than used: a meta word ("word", "term", "slur", "means"…) next to it. */
  mention: boolean;
  /** In quotes with no meta word: often scare quotes or a report, so it counts, a little less. */
  quoted: boolean;
  /** A second-person word ("you", "your", "u"…) within three words before or two after. */
  addressed: boolean;
}

interface Entry {
  category: LexiconCategory;
  severity: number;
}

interface Phrase extends Entry {
  tokens: string[];
}

interface Lexicon {
  words: Map<string, Entry>;
  stems: Array<[string, Entry]>;
  infixes: Array<[string, Entry]>;
  /** Phrases by their first token. */
  phrases: Map<string, Phrase[]>;
  /** Single-word terms by `first letter + length`, for `f**k`-style masks. */
  masked: Map<string, Array<[string, Entry]>>;
  /**
   * Bit set over `prefixKey` (first four letters) of every term and phrase start. A word is looked up only when
   * its first four letters, or its first three alone (a three-letter term: "asses" → "ass"), are set — few are.
   */
  prefixes: Uint32Array;
}

/** 5 bits per character: a–z → 1–26, `*` → 27, anything else (other letters) → 28; past the end → 0. */
function letterBits(text: string, index: number, end: number): number {
  if (index >= end) return 0;
  const code = text.charCodeAt(index);
  if (code >= 0x61 && code <= 0x7a) return code - 0x60;
  return code === 0x2a ? 27 : 28;
}

/** The first `letters` (≤ 4) characters of `text[start, end)` as a 20-bit key into `prefixes`. */
function prefixKey(text: string, start: number, end: number, letters = 4): number {
  const stop = Math.min(end, start + letters);
  return (
    letterBits(text, start, stop) |
    (letterBits(text, start + 1, stop) << 5) |
    (letterBits(text, start + 2, stop) << 10) |
    (letterBits(text, start + 3, stop) << 15)
  );
}

function addPrefix(prefixes: Uint32Array, term: string): void {
  const key = prefixKey(term, 0, term.length);
  prefixes[key >>> 5]! |= 1 << (key & 31);
}

function hasPrefix(prefixes: Uint32Array, key: number): boolean {
  return ((prefixes[key >>> 5] as number) & (1 << (key & 31))) !== 0;
}

function rot13(text: string): string {
  return text.replace(/[a-z]/g, (letter) => String.fromCharCode(((letter.charCodeAt(0) - 0x61 + 13) % 26) + 0x61));
}

function isTokenCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || code === 0x2a || (code >= 0xdf && code <= 0x24f && code !== 0xf7);
}

/** Word boundaries of folded text as the lexicon sees them: letters (and `*` masks); apostrophes and digits split. */
interface TokenSpans {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

// Scoring is synchronous, so one pair of buffers serves every call (grown when a text needs more).
const spans: TokenSpans = { starts: new Int32Array(1024), ends: new Int32Array(1024), count: 0 };

function tokenSpans(folded: string): TokenSpans {
  const length = folded.length;
  const capacity = (length >> 1) + 1;
  if (spans.starts.length < capacity) {
    spans.starts = new Int32Array(capacity);
    spans.ends = new Int32Array(capacity);
  }
  const { starts, ends } = spans;
  let count = 0;
  let index = 0;
  while (index < length) {
    if (!isTokenCode(folded.charCodeAt(index))) {
      index++;
      continue;
    }
    const start = index;
    while (index < length && isTokenCode(folded.charCodeAt(index))) index++;
    starts[count] = start;
    ends[count++] = index;
  }
  spans.count = count;
  return spans;
}

/** Words of folded text as the lexicon sees them. */
export function lexiconTokens(folded: string): string[] {
  const { starts, ends, count } = tokenSpans(folded);
  return Array.from({ length: count }, (_, index) => folded.slice(starts[index], ends[index]));
}

let lexicon: Lexicon | undefined;

function loadLexicon(): Lexicon {
  if (lexicon) return lexicon;
  if (lexiconFile.format !== 'cairn-toxicity-lexicon/1' || lexiconFile.encoding !== 'rot13') throw new Error('unknown toxicity lexicon format');
  const loaded: Lexicon = { words: new Map(), stems: [], infixes: [], phrases: new Map(), masked: new Map(), prefixes: new Uint32Array(1 << 15) };
  for (const row of lexiconFile.entries) {
    const [encoded, category, severity, kind] = row as [string, LexiconCategory, number, MatchKind];
    const term = rot13(encoded);
    const entry: Entry = { category, severity };
    if (kind === 'phrase') {
      const tokens = lexiconTokens(term);
      const first = tokens[0];
      if (first === undefined) continue;
      addPrefix(loaded.prefixes, first);
      const list = loaded.phrases.get(first) ?? [];
      list.push({ ...entry, tokens });
      loaded.phrases.set(first, list);
      continue;
    }
    addPrefix(loaded.prefixes, term);
    if (kind === 'stem') loaded.stems.push([term, entry]);
    else if (kind === 'infix') loaded.infixes.push([term, entry]);
    else loaded.words.set(term, entry);
    const key = `${term[0]}${term.length}`;
    const masked = loaded.masked.get(key) ?? [];
    masked.push([term, entry]);
    loaded.masked.set(key, masked);
  }
  lexicon = loaded;
  return loaded;
}

/** Words before a term that make it a mention: talk about language, not use of it ("the word idiot"). */
const metaWords = new Set([
  'word', 'words', 'term', 'terms', 'slur', 'slurs', 'phrase', 'expression', 'spelled', 'spelling', 'spell', 'means', 'meaning',
  'meant', 'definition', 'define', 'defines', 'etymology', 'translate', 'translation', 'translates', 'synonym', 'synonyms',
  'antonym', 'profanity', 'profanities', 'swearword', 'vocabulary', 'dictionary', 'pejorative', 'epithet',
]);

/**
 * Words that make a *quoted* term a mention, on either side ("'moron' is offensive", "a filter flagged 'crap'").
 * Alone they prove nothing: "you rude idiot" uses the insult.
 */
const quotedMetaWords = new Set([
  ...metaWords, 'rude', 'offensive', 'derogatory', 'vulgar', 'insult', 'insults', 'insulting', 'filter', 'blocklist', 'censor',
  'censored', 'moderation', 'flagged', 'flag', 'flags', 'detect', 'detects', 'classifier', 'say', 'saying', 'said', 'use', 'using',
]);

const secondPerson = new Set(['you', 'u', 'ur', 'your', 'youre', 'yours', 'yourself', 'yourselves', 'ya', 'yo', 'thou', 'thee', 'ye']);

const META = 1;
const QUOTED_META = 2;
const SECOND_PERSON = 4;

const quoteCodes = new Set([0x22, 0x27, 0x60, 0x2018, 0x2019, 0x201c, 0x201d, 0xab, 0xbb]);

/** `token` with each doubled letter written once ("stuupid" → "stupid"); `token` itself when it has none. */
function singleLetters(token: string): string {
  let output = '';
  let copied = 0;
  for (let index = 1; index < token.length; index++) {
    if (token.charCodeAt(index) !== token.charCodeAt(index - 1)) continue;
    output += token.slice(copied, index);
    copied = index + 1;
  }
  return copied === 0 ? token : output + token.slice(copied);
}

/** The lexicon entry a single token stands for, trying inflections, doubled letters, stems and masks. */
function lookupToken(token: string, loaded: Lexicon): Entry | undefined {
  const direct = loaded.words.get(token);
  if (direct) return direct;
  if (token.length < 3) return undefined;
  if (token.includes('*')) return lookupMasked(token, loaded);
  for (const [stem, entry] of loaded.stems) if (token.startsWith(stem)) return entry;
  for (const [infix, entry] of loaded.infixes) if (token.includes(infix)) return entry;
  if (token.length > 4) {
    const last = token.charCodeAt(token.length - 1);
    if (last === 0x73) {
      const singular = loaded.words.get(token.slice(0, -1)) ?? (token.endsWith('es') ? loaded.words.get(token.slice(0, -2)) : undefined);
      if (singular) return singular;
    }
    if (token.endsWith('ing') || token.endsWith('ed')) {
      const base = loaded.words.get(token.slice(0, token.endsWith('ing') ? -3 : -2));
      if (base) return base;
    }
  }
  const singled = singleLetters(token);
  return singled !== token ? (loaded.words.get(singled) ?? undefined) : undefined;
}

/** `f**k`, `sh*t`, `n*****`: a term of the same length whose visible letters match; the most severe wins. */
function lookupMasked(token: string, loaded: Lexicon): Entry | undefined {
  const first = token[0];
  if (first === undefined || first === '*') return undefined;
  let best: Entry | undefined;
  for (const [term, entry] of loaded.masked.get(`${first}${token.length}`) ?? []) {
    let matches = true;
    for (let index = 1; index < token.length; index++) {
      const code = token.charCodeAt(index);
      if (code !== 0x2a && code !== term.charCodeAt(index)) {
        matches = false;
        break;
      }
    }
    if (matches && (best === undefined || entry.severity > best.severity)) best = entry;
  }
  return best;
}

function isQuote(folded: string, index: number): boolean {
  return index >= 0 && index < folded.length && quoteCodes.has(folded.charCodeAt(index));
}

/** Every lexicon hit in folded text, phrases first at each position (a phrase consumes its words). */
export function findLexiconHits(folded: string): LexiconHit[] {
  const loaded = loadLexicon();
  const { starts, ends, count } = tokenSpans(folded);
  const hits: LexiconHit[] = [];
  // Words are sliced only where needed: around a candidate, and for context around a hit.
  const words: Array<string | undefined> = [];
  const wordAt = (index: number): string => (words[index] ??= folded.slice(starts[index], ends[index]));
  // Context words are classified once each, on demand (only texts with hits need them).
  let context: Int8Array | undefined;
  const classify = (index: number): number => {
    context ??= new Int8Array(count).fill(-1);
    let flags = context[index] as number;
    if (flags < 0) {
      const word = wordAt(index);
      flags = (metaWords.has(word) ? META : 0) | (quotedMetaWords.has(word) ? QUOTED_META : 0) | (secondPerson.has(word) ? SECOND_PERSON : 0);
      context[index] = flags;
    }
    return flags;
  };
  const near = (from: number, to: number, flag: number): boolean => {
    for (let index = Math.max(0, from); index <= Math.min(count - 1, to); index++) if ((classify(index) & flag) !== 0) return true;
    return false;
  };
  const record = (entry: Entry, first: number, last: number): void => {
    const quoted = isQuote(folded, (starts[first] as number) - 1) || isQuote(folded, ends[last] as number);
    const mention =
      near(first - 4, first - 1, META) || (quoted && (near(first - 4, first - 1, QUOTED_META) || near(last + 1, last + 3, QUOTED_META)));
    const addressed = entry.category === 'threat' || near(first - 3, first - 1, SECOND_PERSON) || near(last + 1, last + 2, SECOND_PERSON);
    hits.push({ category: entry.category, severity: entry.severity, mention, quoted: quoted && !mention, addressed });
  };
  const maybeInfixOrMask = folded.includes('*') || loaded.infixes.some(([infix]) => folded.includes(infix));
  for (let index = 0; index < count; index++) {
    const start = starts[index] as number;
    const end = ends[index] as number;
    if (!hasPrefix(loaded.prefixes, prefixKey(folded, start, end)) && !hasPrefix(loaded.prefixes, prefixKey(folded, start, end, 3))) {
      // Only an infix ("…fuck…") or a mask can still match a word whose opening matches no term.
      if (!maybeInfixOrMask || end - start < 3) continue;
      const word = wordAt(index);
      if (!word.includes('*') && !loaded.infixes.some(([infix]) => word.includes(infix))) continue;
    }
    const word = wordAt(index);
    let consumed = 0;
    for (const phrase of loaded.phrases.get(word) ?? []) {
      const length = phrase.tokens.length;
      if (length <= consumed || index + length > count) continue;
      let matches = true;
      for (let offset = 1; offset < length; offset++) {
        if (wordAt(index + offset) !== phrase.tokens[offset]) {
          matches = false;
          break;
        }
      }
      if (matches) {
        record(phrase, index, index + length - 1);
        consumed = length;
      }
    }
    // A phrase's first word is not looked up alone; its later words are, on their turn ("piece of shit" → "shit").
    if (consumed > 0) continue;
    const entry = lookupToken(word, loaded);
    if (entry) record(entry, index, index);
  }
  return hits;
}
