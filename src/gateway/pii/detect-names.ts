import { GIVEN_NAMES } from './given-names.js';
import {
  AMBIGUOUS_NAMES,
  FUNCTION_WORDS,
  hasOrdinaryWordEnding,
  HONORIFICS,
  LABEL_ONLY_CUES,
  NAME_CUES,
  NAME_PARTICLES,
  NON_PERSON_FOLLOWERS,
  NOT_NAMES,
  PERSON_VERBS,
  PLACE_PREFIXES,
  STRONG_NAME_CUES,
  STRONG_SURNAME_ENDING,
  SURNAME_ENDING_EXCEPTIONS,
  SURNAMES,
  VOCATIVE_FOLLOWERS,
  WEAK_SURNAME_ENDING,
} from './name-lexicon.js';
import type { PhraseSet } from './phrase-set.js';
import type { Token, TokenizedText } from './text-tokens.js';
import type { PiiFinding } from './types.js';

/*
 * Best-effort person names (SEC-PII-5) without a model. A name is a short run of name-like words on one line,
 * accepted on evidence:
 * - a known given name ("Steffen Mauer", "Aniela"), or a known or typical surname after a capitalised word;
 * - an honorific or title before it ("Mr. Mayers", "Producer Liviana Palerma"), a middle initial ("Janka M. Szász");
 * - a phrase that introduces a name ("my name is", "Dear", "says", "my daughter");
 * - a surname ending typical of a language, for a lone word ("Yefremova", "Christiansen");
 * - its place: a speaker label in a dialogue ("Ella: What a wife."), a vocative ("Cora, can I…"), a verb only
 *   people do ("Dexter lives on…"), a line of two or three capitalised words above a street address;
 * - a repeat of a word of a name already found, or another item of a list that holds a name.
 * Ordinary capitalised words (sentence starts, weekdays, roles, brands) are kept out by word lists; a run followed
 * by "Inc", "Street"… or after "San", "Lake"… is an organisation or a place; a list followed by "is" or
 * "Orchestra", or three bare surnames, is a company. Text written all in lower case has no capitals to go by;
 * there only known names and strong cues count. Every rule looks at a bounded number of neighbouring tokens.
 */

const MAX_NAME_WORDS = 4;
const QUOTES = '"\'“”‘’«»(';

interface Candidate {
  first: number;
  last: number;
}

class NameScanner {
  readonly tokens: readonly Token[];
  readonly text: string;
  readonly lowerCaseText: boolean;

  constructor(tokenized: TokenizedText) {
    this.tokens = tokenized.tokens;
    this.text = tokenized.text;
    this.lowerCaseText = tokenized.lowerCaseOnly;
  }

  lower(index: number): string {
    return this.tokens[index]?.lower ?? '';
  }

  isWord(index: number): boolean {
    return this.tokens[index]?.kind === 'word';
  }

  markAt(index: number): string {
    const token = this.tokens[index];
    return token?.kind === 'mark' ? token.lower : '';
  }

  start(index: number): number {
    return this.tokens[index]?.start ?? this.text.length;
  }

  end(index: number): number {
    return this.tokens[index]?.end ?? this.text.length;
  }

  /** Only spaces between two tokens (no punctuation, no line break). */
  adjacent(left: number, right: number): boolean {
    const a = this.tokens[left];
    const b = this.tokens[right];
    if (!a || !b || b.lineBreakBefore || b.start <= a.end || b.start - a.end > 3) return false;
    for (let index = a.end; index < b.start; index += 1) if (this.text.charCodeAt(index) !== 32 && this.text.charCodeAt(index) !== 9) return false;
    return true;
  }

  lineStart(index: number): boolean {
    return index === 0 || (this.tokens[index]?.lineBreakBefore ?? false);
  }

  /** A single capital with its dot, "M." (2 tokens), or without ("M", but not the pronoun "I" or "A"). */
  initialLength(index: number): number {
    const token = this.tokens[index];
    if (!token || token.kind !== 'word' || token.end - token.start !== 1 || !(token.allCaps || token.lower !== this.text[token.start])) return 0;
    if (this.markAt(index + 1) === '.' && this.start(index + 1) === token.end) return 2;
    return token.lower === 'i' || token.lower === 'a' ? 0 : 1;
  }

  /** Could this word be part of a name, whatever the evidence? */
  nameLike(index: number): boolean {
    const token = this.tokens[index];
    if (!token || token.kind !== 'word' || (!token.capitalised && !this.lowerCaseText)) return false;
    const lower = token.lower;
    if (lower.length < 2 || NOT_NAMES.has(lower)) return false;
    // Contractions ("I'm", "Don't") are not names; O'Brien and D'Angelo are.
    if ((lower.includes("'") || lower.includes('’')) && !/^[od]['’]\p{L}/u.test(lower)) return false;
    if (this.lowerCaseText) return !NAME_PARTICLES.has(lower);
    if (!token.capitalised) return false;
    // Camel case inside a word ("YouTube", "iPhone") is a product, except the Mc/Mac/O'/De prefixes of surnames.
    return !token.innerCapital || /^(?:mc|mac|o['’]|d['’]|de|di|la|le|van|von)/.test(lower);
  }

  /** A word that may follow a first name as a surname: name-like and not an inflected English word. */
  private surnameLike(index: number): boolean {
    if (!this.nameLike(index)) return false;
    const lower = this.lower(index);
    if (NON_PERSON_FOLLOWERS.has(lower)) return false;
    return !hasOrdinaryWordEnding(lower) || SURNAMES.has(lower) || GIVEN_NAMES.has(lower);
  }

  /** Extends a name from `first` over surname-like words, initials and particles on the same line. */
  extend(first: number): number {
    let last = first;
    let words = 1;
    for (let next = first + 1; next < this.tokens.length && words < MAX_NAME_WORDS; ) {
      if (!this.adjacent(last, next)) break;
      const initial = this.initialLength(next);
      if (initial > 0 && this.surnameLike(next + initial) && this.spacedAfter(next + initial - 1, next + initial)) {
        last = next + initial;
        next = last + 1;
        words += 2;
        continue;
      }
      // "van Gijn", "van de Noort", "dos Santos": lower-case particles before a surname.
      let particles = 0;
      while (!this.lowerCaseText && particles < 2 && NAME_PARTICLES.has(this.lower(next + particles)) && !this.tokens[next + particles]?.capitalised && this.adjacent(next + particles, next + particles + 1)) particles += 1;
      if (particles > 0 && this.surnameLike(next + particles)) {
        last = next + particles;
        next = last + 1;
        words += 1;
        continue;
      }
      if (!this.surnameLike(next)) break;
      if (this.lowerCaseText && !this.knownNamePart(next)) break;
      last = next;
      next += 1;
      words += 1;
    }
    return last;
  }

  private spacedAfter(left: number, right: number): boolean {
    const a = this.tokens[left];
    const b = this.tokens[right];
    if (!a || !b || b.lineBreakBefore) return false;
    const gap = b.start - a.end;
    return gap >= 1 && gap <= 2 && this.text.slice(a.end, b.start).trim() === '';
  }

  /** "Tokens", "Settings": a plural, which a surname rarely is unless it is a known one. */
  private pluralNoun(index: number): boolean {
    const lower = this.lower(index);
    return lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss') && !SURNAMES.has(lower);
  }

  knownNamePart(index: number): boolean {
    const lower = this.lower(index);
    return GIVEN_NAMES.has(lower) || SURNAMES.has(lower) || this.surnameEnding(lower, true);
  }

  surnameEnding(lower: string, weakToo: boolean): boolean {
    if (lower.length < 5 || SURNAME_ENDING_EXCEPTIONS.has(lower) || /(?:person|lesson|season|reason)$/.test(lower)) return false;
    if (/^(?:mc|o['’])\p{L}{2}/u.test(lower)) return true;
    return STRONG_SURNAME_ENDING.test(lower) || (weakToo && WEAK_SURNAME_ENDING.test(lower));
  }

  /**
   * A cue phrase from `cues` right before `index`: quotes between are skipped, and so is a ":" or "," after the
   * phrase ("Name: Iva", "Thanks, Anna"). Label-only cues ("From", "To") count only with the ":".
   */
  cueBefore(index: number, cues: PhraseSet): boolean {
    let at = index - 1;
    for (let skipped = 0; skipped < 2 && QUOTES.includes(this.markAt(at)) && this.markAt(at) !== ''; skipped += 1) at -= 1;
    const punctuation = this.markAt(at);
    if (punctuation === ':' || punctuation === ',' || punctuation === '-' || punctuation === '=') {
      const phrase = cues.matchAt(this.tokens, at - 1);
      if (phrase && (punctuation === ':' || !LABEL_ONLY_CUES.has(phrase[phrase.length - 1] ?? ''))) return true;
    }
    const phrase = cues.matchAt(this.tokens, at);
    return phrase !== undefined && !LABEL_ONLY_CUES.has(phrase[phrase.length - 1] ?? '');
  }

  /** An honorific or title right before `index` ("Mr.", "Dr", "President"). */
  honorificBefore(index: number): boolean {
    let previous = index - 1;
    if (this.tokens[index]?.lineBreakBefore) return false;
    if (this.markAt(previous) === '.') previous -= 1;
    const token = this.tokens[previous];
    if (!token || token.kind !== 'word' || !HONORIFICS.has(token.lower)) return false;
    // "Dr" and "St" end street names too ("Cheriton Dr Reuquén"): an honorific is not after a number, and is
    // capitalised unless it is one of the unambiguous ones ("ms. Quinzia").
    const cased = token.capitalised || token.allCaps || this.lowerCaseText || /^(?:mr|mrs|ms|mx)$/.test(token.lower);
    return cased && this.tokens[previous - 1]?.kind !== 'number' && this.start(index) - token.end <= 3;
  }

  /** The run is an organisation or a place: "… Inc", "… Street", "San …", "… & Co". */
  notAPerson(first: number, last: number): boolean {
    const next = last + 1;
    if (this.adjacent(last, next) && NON_PERSON_FOLLOWERS.has(this.lower(next))) return true;
    const previous = first - 1;
    if (previous >= 0 && this.adjacent(previous, first) && PLACE_PREFIXES.has(this.lower(previous))) return true;
    return this.markAt(next) === '&';
  }

  /** A list item that is not an organisation or a place ("Civis Analytics", "Lake Placid"). */
  personItem(item: Candidate): boolean {
    if (this.notAPerson(item.first, item.last)) return false;
    for (let index = item.first; index <= item.last; index += 1) if (NON_PERSON_FOLLOWERS.has(this.lower(index))) return false;
    return true;
  }

  hasMiddleInitial(first: number, last: number): boolean {
    for (let index = first + 1; index < last; index += 1) if (this.initialLength(index) > 0) return true;
    return false;
  }

  countWords(first: number, last: number): number {
    let count = 0;
    for (let index = first; index <= last; index += 1) if (this.isWord(index) && this.end(index) - this.start(index) > 1) count += 1;
    return count;
  }

  /** First word of the text, of a line, or after ". ", "! ", "? ", ": ". */
  sentenceStart(index: number): boolean {
    if (this.lineStart(index)) return true;
    const mark = this.markAt(index - 1);
    return mark !== '' && '.!?:"“'.includes(mark);
  }

  /** "Ella: What a wife." — a line-initial word and a colon with text after it on the same line. */
  speakerLabel(index: number, last: number): boolean {
    if (!this.lineStart(index) || this.markAt(last + 1) !== ':' || this.start(last + 1) !== this.end(last)) return false;
    const after = this.tokens[last + 2];
    return after !== undefined && !after.lineBreakBefore;
  }

  /** "Cora, can I please…" at the start of a line. */
  private vocative(index: number, last: number): boolean {
    return this.lineStart(index) && this.markAt(last + 1) === ',' && VOCATIVE_FOLLOWERS.matchAt(this.tokens, last + 2) !== undefined;
  }

  /** "Dexter lives on…", "Mehrudin shouted at…". */
  private personVerbAfter(last: number): boolean {
    return this.adjacent(last, last + 1) && PERSON_VERBS.has(this.lower(last + 1));
  }

  /** Decides whether a name starts at `index`; returns its extent or undefined. */
  candidateAt(index: number, context: ScanContext): Candidate | undefined {
    const token = this.tokens[index];
    if (!token || (!token.capitalised && !this.lowerCaseText)) return undefined;
    const lower = token.lower;
    const honorific = this.honorificBefore(index);
    // After an honorific even a common word is a name ("Mr. May"), but not a function word ("Dr. The").
    const honorificName = honorific && token.capitalised && (!FUNCTION_WORDS.has(lower) || AMBIGUOUS_NAMES.has(lower));
    if (!this.nameLike(index) && !honorificName) {
      // "Will Smith", "May Chen": a given name that is also a function word, before a known surname.
      if (!token.capitalised || !GIVEN_NAMES.has(lower) || !AMBIGUOUS_NAMES.has(lower) || !this.adjacent(index, index + 1)) return undefined;
      const last = this.extend(index);
      return last > index && this.knownNamePart(last) && !AMBIGUOUS_NAMES.has(this.lower(last)) ? { first: index, last } : undefined;
    }
    const last = this.extend(index);
    if (!this.lowerCaseText && this.notAPerson(index, last)) return undefined;
    const strongCue = this.cueBefore(index, STRONG_NAME_CUES);
    if (honorific || strongCue) {
      if (this.lowerCaseText && !strongCue && !this.knownNamePart(index)) return undefined;
      return { first: index, last };
    }
    const words = this.countWords(index, last);
    if (this.lowerCaseText) {
      // Without capitals only a known given name (not also a common word) starts a name.
      if (!GIVEN_NAMES.has(lower)) return undefined;
      if (!AMBIGUOUS_NAMES.has(lower)) return { first: index, last };
      return words > 1 && this.knownNamePart(last) ? { first: index, last } : undefined;
    }
    if (token.allCaps) return undefined;
    const ordinary = hasOrdinaryWordEnding(lower) && !SURNAMES.has(lower) && !GIVEN_NAMES.has(lower);
    if (!ordinary && this.cueBefore(index, NAME_CUES)) return { first: index, last };
    if (GIVEN_NAMES.has(lower)) {
      if (!AMBIGUOUS_NAMES.has(lower)) return { first: index, last };
      // "Grace", "Max", "Sofia": a name only with a surname-like word after it ("Grace Kelly", "Sofia Barner", not
      // "Max Tokens"), or in a name's position (cues and honorifics above, dialogue labels below).
      const lastLower = this.lower(last);
      const lastKnown = SURNAMES.has(lastLower) || GIVEN_NAMES.has(lastLower);
      if (words > 1 && (lastKnown || (!AMBIGUOUS_NAMES.has(lastLower) && (this.knownNamePart(last) || !this.pluralNoun(last))))) return { first: index, last };
    }
    // "Janka M. Szász", "Landerico B Hidalgo": a middle initial between two name words.
    if (words >= 2 && this.hasMiddleInitial(index, last)) return { first: index, last };
    if (words > 1) {
      // Capitalised words: a person when a later one is a known name or ends like a surname.
      for (let part = index + 1; part <= last; part += 1) {
        const partLower = this.lower(part);
        if ((SURNAMES.has(partLower) || GIVEN_NAMES.has(partLower)) && !AMBIGUOUS_NAMES.has(partLower)) return { first: index, last };
        if (this.surnameEnding(partLower, true)) return { first: index, last };
      }
    }
    if (ordinary) return undefined;
    if (this.speakerLabel(index, last) && (context.speakerLabels >= 2 || GIVEN_NAMES.has(lower))) return { first: index, last };
    if (this.vocative(index, last) || this.personVerbAfter(last)) return { first: index, last };
    if (words >= 2 && words <= 3 && context.nameLineAboveAddress(index, last)) return { first: index, last };
    // A lone word with a distinctive surname ending ("Yefremova", "Christiansen").
    if (words === 1 && this.surnameEnding(lower, false)) return { first: index, last };
    if (words === 1 && SURNAMES.has(lower) && !AMBIGUOUS_NAMES.has(lower) && lower.length >= 5 && !this.sentenceStart(index)) return { first: index, last };
    return undefined;
  }

  /**
   * The items of a list around `candidate` ("Eklund, Michael and Hodge"): name-like words joined by ", ", "and",
   * "&". `company` when the list names a firm ("… and Coleman is a design agency", "The Davis, Reynolds and
   * Williamson Orchestra", three bare surnames).
   */
  listAround(candidate: Candidate): { items: Candidate[]; company: boolean } {
    const items: Candidate[] = [candidate];
    let left = candidate.first;
    for (let count = 0; count < 12; count += 1) {
      const separatorStart = this.separatorBackward(left - 1);
      if (separatorStart === undefined) break;
      const itemLast = separatorStart - 1;
      if (!this.nameLike(itemLast)) break;
      let itemFirst = itemLast;
      while (itemFirst - 1 >= 0 && itemLast - itemFirst < 2 && this.adjacent(itemFirst - 1, itemFirst) && this.nameLike(itemFirst - 1)) itemFirst -= 1;
      items.unshift({ first: itemFirst, last: itemLast });
      left = itemFirst;
    }
    let right = candidate.last;
    for (let count = 0; count < 12; count += 1) {
      const itemFirst = this.separatorForward(right + 1);
      if (itemFirst === undefined || !this.nameLike(itemFirst)) break;
      const itemLast = this.extend(itemFirst);
      items.push({ first: itemFirst, last: itemLast });
      right = itemLast;
    }
    if (items.length < 2) return { items, company: false };
    const next = right + 1;
    const bareSurnames =
      items.length >= 3 &&
      items.every((item) => item.first === item.last && (!GIVEN_NAMES.has(this.lower(item.first)) || AMBIGUOUS_NAMES.has(this.lower(item.first)))) &&
      !this.cueBefore(left, NAME_CUES);
    const singularVerb = this.adjacent(right, next) && /^(?:is|was|has)$/.test(this.lower(next));
    const company = bareSurnames || singularVerb || (this.adjacent(right, next) && NON_PERSON_FOLLOWERS.has(this.lower(next))) || this.lower(left - 1) === 'the';
    return { items, company };
  }

  /** `index` ends a list separator (", " or " and " or " & "); returns the index of the separator's first token. */
  private separatorBackward(index: number): number | undefined {
    if (index < 1) return undefined;
    const mark = this.markAt(index);
    if (mark === ',' || mark === '&') return this.tokens[index + 1]?.lineBreakBefore ? undefined : index;
    const lower = this.lower(index);
    if (lower === 'and' || lower === 'or') return this.markAt(index - 1) === ',' ? index - 1 : index;
    return undefined;
  }

  /** A list separator starts at `index`; returns the index of the next item's first token. */
  private separatorForward(index: number): number | undefined {
    let next = index;
    const mark = this.markAt(next);
    if (mark === ',' || mark === '&') next += 1;
    const lower = this.lower(next);
    if (lower === 'and' || lower === 'or') next += 1;
    if (next === index || this.tokens[next]?.lineBreakBefore) return undefined;
    return next;
  }
}

/** What the name scan knows about the whole text. */
interface ScanContext {
  /** Line-initial "Word:" labels followed by text: two or more make a dialogue. */
  speakerLabels: number;
  nameLineAboveAddress(first: number, last: number): boolean;
}

function countSpeakerLabels(scanner: NameScanner): number {
  const labels = new Set<string>();
  for (let index = 0; index < scanner.tokens.length; index += 1) {
    if (!scanner.lineStart(index) || !scanner.nameLike(index)) continue;
    const last = scanner.adjacent(index, index + 1) && scanner.nameLike(index + 1) ? index + 1 : index;
    if (scanner.speakerLabel(index, last)) labels.add(scanner.lower(index));
  }
  return labels.size;
}

/**
 * "This line holds only these words and an address starts within the next three lines" (signature blocks,
 * envelopes: "Dreux Joly\nPaxata\nPSC 3294, Box 9168").
 */
function nameLineCheck(scanner: NameScanner, addressStarts: readonly number[]): ScanContext['nameLineAboveAddress'] {
  const text = scanner.text;
  return (first, last) => {
    if (addressStarts.length === 0) return false;
    const lineStart = text.lastIndexOf('\n', scanner.start(first) - 1) + 1;
    const lineEnd = text.indexOf('\n', scanner.end(last));
    const end = lineEnd < 0 ? text.length : lineEnd;
    // Only quote marks or spaces besides the name on its line.
    if (/[^\s>?*|-]/.test(text.slice(lineStart, scanner.start(first))) || text.slice(scanner.end(last), end).trim() !== '') return false;
    let limit = end;
    for (let lines = 0; lines < 3 && limit >= 0 && limit < text.length; lines += 1) limit = text.indexOf('\n', limit + 1);
    const windowEnd = limit < 0 ? text.length : limit;
    return addressStarts.some((start) => start >= end && start <= windowEnd);
  };
}

/**
 * Finds person names in the tokenised text; pushes PERSON findings. `addressStarts` are the offsets where street
 * addresses begin (a name line above one is a name).
 */
export function detectNames(tokenized: TokenizedText, findings: PiiFinding[], addressStarts: readonly number[] = []): void {
  const scanner = new NameScanner(tokenized);
  const { tokens } = tokenized;
  const context: ScanContext = { speakerLabels: countSpeakerLabels(scanner), nameLineAboveAddress: nameLineCheck(scanner, addressStarts) };
  const found: Candidate[] = [];
  const taken = new Set<number>();
  const take = (candidate: Candidate) => {
    found.push(candidate);
    for (let part = candidate.first; part <= candidate.last; part += 1) taken.add(part);
  };
  for (let index = 0; index < tokens.length; index += 1) {
    if (tokens[index]?.kind !== 'word' || taken.has(index)) continue;
    const candidate = scanner.candidateAt(index, context);
    if (!candidate) continue;
    const list = scanner.listAround(candidate);
    if (list.company) {
      for (const item of list.items) for (let part = item.first; part <= item.last; part += 1) taken.add(part);
      index = Math.max(...list.items.map((item) => item.last));
      continue;
    }
    for (const item of list.items) if (item !== candidate && !taken.has(item.first) && scanner.personItem(item)) take(item);
    take(candidate);
    index = candidate.last;
  }
  // Later mentions of a found name's words ("Jindřich Holinka … starring Holinka").
  const nameWords = new Set<string>();
  for (const candidate of found) {
    for (let part = candidate.first; part <= candidate.last; part += 1) {
      const lower = scanner.lower(part);
      if (lower.length >= 3 && !NOT_NAMES.has(lower) && !AMBIGUOUS_NAMES.has(lower)) nameWords.add(lower);
    }
  }
  if (nameWords.size > 0) {
    for (let index = 0; index < tokens.length; index += 1) {
      if (taken.has(index) || !nameWords.has(scanner.lower(index)) || !scanner.nameLike(index)) continue;
      take({ first: index, last: scanner.extend(index) });
    }
  }
  for (const candidate of found) findings.push({ type: 'PERSON', category: 'pii', start: scanner.start(candidate.first), end: scanner.end(candidate.last) });
}
