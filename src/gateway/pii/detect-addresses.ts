import {
  ADDRESS_CUES,
  COMPOUND_STREET_ENDING,
  LABEL_WORDS,
  PLACE_WORDS,
  POSTAL_ADDRESS,
  STREET_PARTICLES,
  STREET_PREFIXES,
  STREET_SUFFIXES,
  STREET_WORDS_BEFORE_NUMBER,
  UNIT_WORDS,
  UNNUMBERED_STREET_TYPES,
} from './address-lexicon.js';
import { execAll } from './exec-all.js';
import { CALENDAR_WORDS, FUNCTION_WORDS, NOT_NAMES } from './name-lexicon.js';
import type { Token, TokenizedText } from './text-tokens.js';
import type { PiiFinding } from './types.js';

/*
 * Best-effort street addresses (SEC-PII-5). The core of an address is a street with its house number in one of
 * the layouts people write:
 * - number, name, street type: "221 Baker Street", "1737 Cheriton Dr", "515 385 Gemsbok St";
 * - street type, name, number: "Via Roma 131", "ul. Słowicza 10", "Rua Cidade de Maracajá 468" (a number before
 *   the type is taken too: "731 ul. Miła 57");
 * - one-word street and number: "Snellmaninkatu 55", "Vesterskovvej 79"; name, street word, number: "Villacher
 *   Strasse 89", "Kálmán Imre u. 12.";
 * - capitalised words and a full street type without number: "on Isaac Lodge Street";
 * - after a phrase like "lives at" or "address:", a number and words, or words and a number ("10252 Μεγάλη Άμμος
 *   184", "Pod Floriánem 1677");
 * - post-office and military boxes ("P.O. Box 242", "PSC 9009, Box 9725 APO AA 33274").
 * A core is extended over a second street ("the corner of X and Y") and then over what follows on the same line
 * after a comma or on the next lines: a unit ("Apt. 342"), a city, a region code, a postcode, a country. Every step
 * is a bounded walk over tokens, so the cost is linear in the text.
 */

const MAX_STREET_NAME_WORDS = 5;
const MAX_TAIL_PARTS = 6;

const unnumberedTypeWord = /(?:Street|Avenue|Road|Boulevard|Lane)\b/;

/** British ("SW1A 2AA", "NW1 6XE"), Canadian ("B0J 2H0") and Dutch ("1012 AB") postcodes, at a given offset. */
const alphanumericPostcode = /(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2})(?![\p{L}\p{N}])/uy;

/** Street-type prefixes that are also English words: only capitalised ones count in mixed-case text. */
const ENGLISH_PREFIX_WORDS = new Set(['via', 'place', 'route', 'square', 'avenue', 'boulevard', 'plaza', 'str', 'pl', 'av', 'al', 'os', 'bd', 'c', 'cours', 'cite', 'largo', 'corso', 'salita']);

function isParticle(lower: string): boolean {
  return STREET_PARTICLES.has(lower);
}

class AddressScanner {
  private readonly text: string;
  private readonly tokens: readonly Token[];
  readonly lowerCaseText: boolean;
  /** For each token, the index of the first number token at or after it (tokens.length when none). */
  private readonly nextNumber: Int32Array;
  /** The text holds a capitalised "Street", "Avenue"…: only then can a street without a number be found. */
  private readonly hasUnnumberedType: boolean;

  constructor(tokenized: TokenizedText) {
    this.text = tokenized.text;
    this.tokens = tokenized.tokens;
    this.lowerCaseText = tokenized.lowerCaseOnly;
    this.hasUnnumberedType = unnumberedTypeWord.test(this.text);
    this.nextNumber = new Int32Array(this.tokens.length + 1);
    this.nextNumber[this.tokens.length] = this.tokens.length;
    for (let index = this.tokens.length - 1; index >= 0; index -= 1) this.nextNumber[index] = this.tokens[index]?.kind === 'number' ? index : (this.nextNumber[index + 1] ?? this.tokens.length);
  }

  /** A number token within `distance` tokens from `index`. */
  private numberWithin(index: number, distance: number): boolean {
    return (this.nextNumber[index] ?? this.tokens.length) - index <= distance;
  }

  private capitalised(index: number): boolean {
    return this.tokens[index]?.capitalised ?? false;
  }

  private allCaps(index: number): boolean {
    return this.tokens[index]?.allCaps ?? false;
  }

  private length(index: number): number {
    const token = this.tokens[index];
    return token ? token.end - token.start : 0;
  }

  kind(index: number): Token['kind'] | undefined {
    return this.tokens[index]?.kind;
  }

  lower(index: number): string {
    return this.tokens[index]?.lower ?? '';
  }

  start(index: number): number {
    return this.tokens[index]?.start ?? this.text.length;
  }

  end(index: number): number {
    return this.tokens[index]?.end ?? this.text.length;
  }

  /** Same line, separated by at most a few spaces. */
  adjacent(left: number, right: number): boolean {
    const a = this.tokens[left];
    const b = this.tokens[right];
    if (!a || !b || b.lineBreakBefore || b.start - a.end > 3) return false;
    for (let index = a.end; index < b.start; index += 1) if (this.text[index] !== ' ' && this.text[index] !== '\t') return false;
    return true;
  }

  glued(left: number, right: number): boolean {
    return this.tokens[right] !== undefined && this.start(right) === this.end(left);
  }

  isMark(index: number, chars: string): boolean {
    return this.kind(index) === 'mark' && chars.includes(this.lower(index));
  }

  /** Skips a "." glued to an abbreviation ("St.", "Avda.", "ul.", "u."). */
  withDot(index: number): number {
    return this.isMark(index + 1, '.') && this.glued(index, index + 1) ? index + 1 : index;
  }

  /** The next token on the same line after `index` (a glued dot or spaces between). */
  next(index: number): number | undefined {
    const next = index + 1;
    return this.adjacent(index, next) ? next : undefined;
  }

  /** A house number: 1–6 digits, maybe with a glued letter ("12B") or a range ("12-14"); returns its last token. */
  houseNumber(index: number): number | undefined {
    if (this.kind(index) !== 'number' || this.length(index) > 6) return undefined;
    // Amounts and decimals are not house numbers: "$2 657.81", "11,055.00", "12%".
    if (index > 0 && this.glued(index - 1, index) && this.isMark(index - 1, '.,$€£¥:/')) return undefined;
    if (this.isMark(index + 1, '.,:%') && this.glued(index, index + 1) && this.kind(index + 2) === 'number' && this.glued(index + 1, index + 2)) return undefined;
    if (this.isMark(index + 1, '%') && this.glued(index, index + 1)) return undefined;
    let last = index;
    if (this.kind(index + 1) === 'word' && this.length(index + 1) === 1 && this.glued(index, index + 1)) last = index + 1;
    else if (this.isMark(index + 1, '-/') && this.kind(index + 2) === 'number' && this.glued(index, index + 1) && this.glued(index + 1, index + 2)) last = index + 2;
    return this.withDot(last);
  }

  /** A name word of a street or place: capitalised, ALL CAPS, an initial ("Λ."), a particle, or (in lower-case text) any word. */
  nameWord(index: number): boolean {
    if (this.kind(index) !== 'word') return false;
    const lower = this.lower(index);
    if (UNIT_WORDS.has(lower)) return false;
    if (isParticle(lower)) return true;
    if (FUNCTION_WORDS.has(lower) || LABEL_WORDS.has(lower) || CALENDAR_WORDS.has(lower)) return false;
    const cased = this.capitalised(index) || this.allCaps(index);
    // Lower-case common words are prose; capitalised ones ("Brazil", "Greek", "Centre") may name places.
    if (NOT_NAMES.has(lower) && !STREET_SUFFIXES.has(lower) && !PLACE_WORDS.has(lower) && !cased && !this.lowerCaseText) return false;
    return cased || this.lowerCaseText || (this.length(index) === 1 && lower !== this.text[this.start(index)]);
  }

  /** Street-name words from `index` (ordinals, "St." inside a name too); returns the last one or undefined. */
  nameWords(index: number, max = MAX_STREET_NAME_WORDS, leadingParticle = false): number | undefined {
    let last: number | undefined;
    let current = index;
    for (let count = 0; count < max; count += 1) {
      if (this.kind(current) === 'number' && /^(?:st|nd|rd|th)$/.test(this.lower(current + 1)) && this.glued(current, current + 1)) {
        last = current + 1;
      } else if (this.nameWord(current) && !(isParticle(this.lower(current)) && last === undefined && !leadingParticle && !this.capitalised(current))) {
        last = this.withDot(current);
      } else {
        break;
      }
      const next = this.next(last);
      if (next === undefined) break;
      current = next;
    }
    return last;
  }

  /** A street type after the name; plurals count too ("Coves", "Forges"). */
  /** "5th", "1st": a number with a glued ordinal ending. */
  isOrdinal(index: number): boolean {
    return this.kind(index) === 'number' && /^(?:st|nd|rd|th)$/.test(this.lower(index + 1)) && this.glued(index, index + 1);
  }

  isSuffix(index: number): boolean {
    if (this.kind(index) !== 'word') return false;
    const lower = this.lower(index);
    return STREET_SUFFIXES.has(lower) || (lower.length > 4 && lower.endsWith('s') && STREET_SUFFIXES.has(lower.slice(0, -1)));
  }

  /** A street type written before the name; "c/" is the Spanish calle. */
  prefixAt(index: number, anyCase: boolean): number | undefined {
    if (this.kind(index) !== 'word') return undefined;
    const lower = this.lower(index);
    if (lower === 'c' && this.isMark(index + 1, '/') && this.glued(index, index + 1)) return index + 1;
    if (!STREET_PREFIXES.has(lower)) return undefined;
    // "ul.", "al." are written lower case by convention; "rue", "rua", "calle" often are after a number; "via",
    // "place", "route" in lower case are English words.
    const conventional = (lower === 'ul' || lower === 'al' || lower === 'os') && this.isMark(index + 1, '.');
    // After a house number even those count when a capitalised name follows ("33 avenue de Provence").
    const foreign = anyCase && (!ENGLISH_PREFIX_WORDS.has(lower) || this.hasCapital(index, Math.min(index + 3, this.tokens.length - 1)));
    const upperFirst = this.lower(index)[0] !== this.text[this.start(index)];
    return foreign || upperFirst || this.lowerCaseText || conventional ? this.withDot(index) : undefined;
  }

  isCompoundStreet(index: number): boolean {
    if (this.kind(index) !== 'word') return false;
    const lower = this.lower(index);
    const match = COMPOUND_STREET_ENDING.exec(lower);
    return match !== null && lower.length >= match[0].length + 3 && (this.capitalised(index) || this.lowerCaseText);
  }

  /** A house number after `index` on the same line ("Via Roma 131", "Strasse, 89"). */
  numberAfter(index: number): number | undefined {
    let next = index + 1;
    if (this.isMark(next, ',') && this.glued(index, next)) next += 1;
    if (next === index + 1 ? !this.adjacent(index, next) : !this.adjacent(index + 1, next)) return undefined;
    return this.houseNumber(next);
  }

  /** An address cue ("lives at", "address:") right before `index`, a ":" or "," between allowed. */
  cueBefore(index: number): boolean {
    let at = index - 1;
    if (this.isMark(at, ':,')) at -= 1;
    return ADDRESS_CUES.matchAt(this.tokens, at) !== undefined;
  }

  /** Name words then a street suffix ("Baker Street", "Cheriton Dr."): returns the suffix (with its dot). */
  private nameThenSuffix(index: number): number | undefined {
    let current = index;
    let words = 0;
    for (let count = 0; count < MAX_STREET_NAME_WORDS + 1; count += 1) {
      if (words > 0 && this.isSuffix(current)) {
        const next = this.next(this.withDot(current));
        // "12 Park Lane" ends at Lane; in "12 Street Lane" the first type word is part of the name.
        if (next === undefined || !this.isSuffix(next)) return this.withDot(current);
      }
      if (this.kind(current) === 'number' && /^(?:st|nd|rd|th)$/.test(this.lower(current + 1)) && this.glued(current, current + 1)) current += 1;
      else if (!this.nameWord(current)) return undefined;
      words += 1;
      const next = this.next(this.withDot(current));
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  }

  /**
   * After a street type prefix: name words ("delle Coste", "des lieutemants Thomazo", "du centre"), then maybe a
   * house number. Any words are taken here; the caller decides from the number, a cue or a tail.
   */
  private prefixStreet(prefixEnd: number): { last: number; numbered: boolean } | undefined {
    let current = this.next(prefixEnd);
    let last: number | undefined;
    for (let count = 0; current !== undefined && count < MAX_STREET_NAME_WORDS; count += 1) {
      if (this.kind(current) === 'number') {
        const number = last === undefined ? undefined : this.houseNumber(current);
        return number !== undefined ? { last: number, numbered: true } : last === undefined ? undefined : { last, numbered: false };
      }
      const lower = this.lower(current);
      if (this.kind(current) !== 'word' || UNIT_WORDS.has(lower) || LABEL_WORDS.has(lower) || (FUNCTION_WORDS.has(lower) && !isParticle(lower))) break;
      last = this.withDot(current);
      current = this.next(last);
    }
    return last === undefined ? undefined : { last, numbered: false };
  }

  /**
   * Name words, a street word, a number: "Villacher Strasse 89", "Kálmán Imre u. 12.", "Árpád fejedelem útja 3.",
   * "Luite tee 87". The words before the street word may be lower case (they are bounded by it).
   */
  private nameStreetWordNumber(index: number): number | undefined {
    if (!this.nameWord(index)) return undefined;
    let current: number | undefined = index;
    for (let count = 0; current !== undefined && count < 4; count += 1) {
      const next = this.next(this.withDot(current));
      if (next === undefined || this.kind(next) !== 'word') return undefined;
      if (STREET_WORDS_BEFORE_NUMBER.has(this.lower(next))) return this.numberAfter(this.withDot(next));
      if (FUNCTION_WORDS.has(this.lower(next)) && !isParticle(this.lower(next))) return undefined;
      current = next;
    }
    return undefined;
  }

  /** The street (core) of an address starting at token `index`; returns its last token. */
  coreAt(index: number): number | undefined {
    return this.kind(index) === 'number' ? this.numberFirst(index) : this.kind(index) === 'word' ? this.nameFirst(index) : undefined;
  }

  private numberFirst(index: number): number | undefined {
    const number = this.houseNumber(index);
    if (number === undefined) return undefined;
    let start = this.next(number);
    // A word glued to the number ("6AEwAQ", "38Avenue") is an identifier, not a street.
    if (start === undefined || this.glued(number, start)) return undefined;
    // A second number: "515 385 Gemsbok St" (building and street number); "350 5th Avenue" has an ordinal instead.
    if (this.kind(start) === 'number' && !this.isOrdinal(start)) {
      const second = this.houseNumber(start);
      const after = second === undefined ? undefined : this.next(second);
      if (after === undefined || this.kind(after) !== 'word') return undefined;
      start = after;
    }
    const prefixEnd = this.prefixAt(start, true);
    if (prefixEnd !== undefined) {
      const street = this.prefixStreet(prefixEnd);
      if (street && (street.numbered || this.hasCapital(prefixEnd, street.last) || this.hasTail(street.last) || this.cueBefore(index))) return this.typeAfter(street.last);
    }
    if (this.isCompoundStreet(start)) {
      const number = this.numberAfter(start);
      if (number !== undefined) return this.typeAfter(number);
      return this.hasTail(start) || this.cueBefore(index) ? this.withDot(start) : undefined;
    }
    const suffix = this.nameThenSuffix(start);
    if (suffix !== undefined) return suffix;
    const streetWord = this.nameStreetWordNumber(start);
    if (streetWord !== undefined) return this.typeAfter(streetWord);
    // Number, words, then a number, a unit or the end of the line: only with a cue or an address tail after it.
    const last = this.nameWords(start, 4);
    if (last === undefined) return undefined;
    const end = this.numberAfter(last) ?? last;
    const unit = this.next(end);
    if (unit !== undefined && UNIT_WORDS.has(this.lower(unit))) return end;
    return this.cueBefore(index) || this.hasTail(end) ? end : undefined;
  }

  /** Some word in (from, to] is capitalised (or the text has no capitals at all). */
  private hasCapital(from: number, to: number): boolean {
    if (this.lowerCaseText) return true;
    for (let index = from + 1; index <= to; index += 1) if (this.capitalised(index) || this.allCaps(index)) return true;
    return false;
  }

  /** A street type right after a numbered street ("Nieuwe Baan 473 St.", "Grössgstötten 50 street"). */
  typeAfter(last: number): number {
    const type = this.next(last);
    return type !== undefined && this.isSuffix(type) ? this.withDot(type) : last;
  }

  private nameFirst(index: number): number | undefined {
    // Most words are lower case in mixed-case text: only "ul.", "al.", "os." start a street there.
    if (!this.lowerCaseText && !this.capitalised(index) && !this.allCaps(index) && !this.isMark(index + 1, './')) return undefined;
    const prefixEnd = this.prefixAt(index, false);
    if (prefixEnd !== undefined) {
      const street = this.prefixStreet(prefixEnd);
      return street && (street.numbered || this.cueBefore(index) || this.hasTail(street.last)) ? this.typeAfter(street.last) : undefined;
    }
    if (!(this.capitalised(index) || this.lowerCaseText) || NOT_NAMES.has(this.lower(index))) return undefined;
    const numberNear = this.numberWithin(index, 7);
    if (!numberNear) return this.hasUnnumberedType ? this.unnumberedStreet(index) : undefined;
    if (this.isCompoundStreet(index)) {
      const number = this.numberAfter(index);
      return number === undefined ? undefined : this.typeAfter(number);
    }
    const streetWord = this.nameStreetWordNumber(index);
    if (streetWord !== undefined) return this.typeAfter(streetWord);
    const unnumbered = this.hasUnnumberedType ? this.unnumberedStreet(index) : undefined;
    if (unnumbered !== undefined) return unnumbered;
    // "lives on Pod Floriánem 1677": words and a number after an address cue.
    const last = this.nameWords(index, 4);
    const number = last === undefined ? undefined : this.numberAfter(last);
    return number !== undefined && this.cueBefore(index) ? this.typeAfter(number) : undefined;
  }

  /** "Isaac Lodge Street": capitalised words and a full street type, no number. */
  private unnumberedStreet(index: number): number | undefined {
    const last = this.nameWords(index, 4);
    if (last === undefined) return undefined;
    const type = this.next(last);
    if (type !== undefined && UNNUMBERED_STREET_TYPES.has(this.lower(type)) && this.capitalised(type)) return type;
    if (last > index && UNNUMBERED_STREET_TYPES.has(this.lower(last)) && this.capitalised(last)) return last;
    return undefined;
  }

  /** "X and Y" after a street: the second street of a corner. */
  secondStreet(last: number): number {
    const and = this.next(last);
    if (and === undefined || (this.lower(and) !== 'and' && this.lower(and) !== '&')) return last;
    const start = this.next(and);
    if (start === undefined) return last;
    const core = this.coreAt(start);
    if (core !== undefined) return core;
    // "and Komel Club", "and Waechter Turnpike", "and Alexander Flat": words ending in a street type.
    let current: number | undefined = start;
    for (let count = 0; current !== undefined && count < 4; count += 1) {
      if (current > start && (this.isSuffix(current) || UNIT_WORDS.has(this.lower(current)))) return this.withDot(current);
      if (!this.nameWord(current)) return last;
      current = this.next(this.withDot(current));
    }
    return last;
  }

  hasTail(last: number): boolean {
    return this.tailAfter(last) > last;
  }

  /** Unit, city, region, postcode and country after a street: after a comma on its line, or on the next lines. */
  tailAfter(last: number): number {
    let end = last;
    let parts = 0;
    for (let index = end + 1; index < this.tokens.length && parts < MAX_TAIL_PARTS; parts += 1) {
      const token = this.tokens[index];
      if (!token) break;
      let start = index;
      if (token.lineBreakBefore) {
        // Skip a quote or list prefix ("> ", "??? ", ", ") at the start of a line.
        while (this.kind(start) === 'mark' && '>?|*-,'.includes(this.lower(start)) && !this.tokens[start + 1]?.lineBreakBefore) start += 1;
      } else if (this.isMark(index, ',')) {
        start = index + 1;
      } else if (this.adjacent(end, index)) {
        start = index;
      } else {
        break;
      }
      const segmentEnd = this.segment(start);
      if (segmentEnd === undefined) break;
      end = segmentEnd;
      index = segmentEnd + 1;
    }
    return end;
  }

  /** One part of an address tail starting at `index`: a unit, a postcode (maybe with its city), or a place. */
  private segment(index: number): number | undefined {
    const lower = this.lower(index);
    if (UNIT_WORDS.has(lower) || lower === '#') {
      const next = lower === '#' ? index + 1 : this.withDot(index) + 1;
      if (this.kind(next) === 'number') return this.houseNumber(next);
      return this.kind(next) === 'word' && this.length(next) <= 4 && this.adjacent(next - 1, next) ? next : undefined;
    }
    const code = this.kind(index) === 'number' || this.allCaps(index) || this.length(index) === 1 ? this.postcode(index) : undefined;
    if (code !== undefined) {
      if (this.endOfPart(code)) return code;
      // "10115 Berlin", "75002 Paris": postcode, then the city.
      const city = this.next(code);
      return city === undefined ? undefined : this.place(city);
    }
    return this.kind(index) === 'number' ? undefined : this.place(index);
  }

  /**
   * A postcode starting at `index`: digits ("64389", "3610-114", "53-320", "394 13") or a British, Canadian or
   * Dutch code ("NW1 6XE", "B0J 2H0", "1012 AB"). Returns its last token.
   */
  private postcode(index: number): number | undefined {
    alphanumericPostcode.lastIndex = this.start(index);
    const match = alphanumericPostcode.exec(this.text);
    if (match) return this.tokenAt(match.index + match[0].length) - 1;
    if (this.kind(index) !== 'number') return undefined;
    const digits = this.length(index);
    if (digits < 3 || digits > 6) return undefined;
    let last = index;
    if (this.isMark(index + 1, '-') && this.kind(index + 2) === 'number' && this.glued(index, index + 1) && this.glued(index + 1, index + 2)) last = index + 2;
    else if (this.kind(index + 1) === 'number' && this.adjacent(index, index + 1) && this.length(index + 1) <= 3 && digits === 3) last = index + 1;
    return last;
  }

  /** A place: up to five name words, "(Greek)" asides, then maybe a region code and a postcode. */
  private place(index: number): number | undefined {
    let last: number | undefined;
    let current = index;
    for (let count = 0; count < 5; count += 1) {
      if (this.isMark(current, '(') && last !== undefined) {
        const inner = this.nameWords(current + 1, 3);
        if (inner === undefined || !this.isMark(inner + 1, ')')) break;
        last = inner + 1;
      } else if (this.nameWord(current) || this.lower(current) === 'nan' || (last !== undefined && this.allCaps(current) && this.length(current) <= 3 && this.kind(current + 1) !== 'number')) {
        // (An ALL-CAPS code after a place is a region, "Roma RM", even when it spells a unit word.)
        if (isParticle(this.lower(current)) && last === undefined) break;
        last = this.withDot(current);
      } else {
        break;
      }
      const next = this.next(last);
      if (next === undefined) break;
      const code = this.kind(next) === 'number' || this.allCaps(next) || this.length(next) === 1 ? this.postcode(next) : undefined;
      // A postcode ends the place, whether the line goes on in prose or not ("DC 20500 please").
      if (code !== undefined && (this.endOfPart(code) || this.tokens[code + 1]?.capitalised === false)) return code;
      if (this.kind(next) === 'number') return this.endOfPart(last) ? last : undefined;
      current = next;
    }
    if (last === undefined) return undefined;
    // A place must end its line or its comma-separated part: "Then we went" is not a city.
    return this.endOfPart(last) ? last : undefined;
  }

  /** The part ends here: end of text, end of line, a comma, or sentence punctuation. */
  private endOfPart(last: number): boolean {
    const next = this.tokens[last + 1];
    if (!next || next.lineBreakBefore) return true;
    return next.kind === 'mark' && ',.;?!)'.includes(this.text[next.start] ?? '');
  }

  /** Token index whose start is at `offset` or the first after it (binary search). */
  tokenAt(offset: number): number {
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.start(middle) < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** "the corner of" right before token `index`: the address starts there. */
  cornerStart(index: number): number {
    const start = this.start(index);
    const before = this.text.slice(Math.max(0, start - 20), start);
    const match = /(?:the )?corner of $/i.exec(before);
    return match ? start - match[0].length : start;
  }
}

/** Finds street addresses in `text` given its tokens; pushes STREET_ADDRESS findings. */
export function detectAddresses(tokenized: TokenizedText, findings: PiiFinding[]): void {
  const { text, tokens } = tokenized;
  // Every layout but the unnumbered "Isaac Lodge Street" has a digit somewhere.
  if (!/\d/.test(text) && !unnumberedTypeWord.test(text)) return;
  const scanner = new AddressScanner(tokenized);
  let covered = -1;
  // Every postal form holds one of these words; most text holds none, and the full pattern is costly.
  const postal = /box|[adf]po |\bus[ns]|\buscgc/i.test(text);
  for (const match of postal ? execAll(POSTAL_ADDRESS, text) : []) {
    const first = scanner.tokenAt(match.index);
    const matchEnd = scanner.tokenAt(match.index + match[0].length) - 1;
    // A number just before it on the same line is part of it ("45818 P.O. Box 242").
    const start = first > 0 && scanner.kind(first - 1) === 'number' && scanner.adjacent(first - 1, first) ? first - 1 : first;
    const last = scanner.tailAfter(matchEnd);
    findings.push({ type: 'STREET_ADDRESS', category: 'pii', start: scanner.start(start), end: Math.max(match.index + match[0].length, scanner.end(last)) });
  }
  for (let index = 0; index < tokens.length; index += 1) {
    if (index <= covered) continue;
    const core = scanner.coreAt(index);
    if (core === undefined) continue;
    const last = scanner.tailAfter(scanner.secondStreet(core));
    findings.push({ type: 'STREET_ADDRESS', category: 'pii', start: scanner.cornerStart(index), end: scanner.end(last) });
    covered = last;
  }
}
