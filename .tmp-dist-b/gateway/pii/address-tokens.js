import { LABEL_WORDS, PLACE_WORDS, STREET_PARTICLES, STREET_SUFFIXES, UNIT_WORDS } from './address-lexicon.js';
import { CALENDAR_WORDS, FUNCTION_WORDS, NOT_NAMES } from './name-lexicon.js';
/*
 * The token view the address detector reads (SEC-PII-5): bounds-safe accessors over the shared tokenisation, and
 * the word-level pieces both streets and their tails are made of (house numbers, name words).
 */
export const MAX_STREET_NAME_WORDS = 5;
/** A capitalised full street type: the only sign of a street written without a house number. */
export const unnumberedTypeWord = /(?:Street|Avenue|Road|Boulevard|Lane)\b/;
export function isParticle(lower) {
    return STREET_PARTICLES.has(lower);
}
export class AddressTokens {
    text;
    tokens;
    lowerCaseText;
    /** For each token, the index of the first number token at or after it (tokens.length when none). */
    nextNumber;
    /** The text holds a capitalised "Street", "Avenue"…: only then can a street without a number be found. */
    hasUnnumberedType;
    constructor(tokenized) {
        this.text = tokenized.text;
        this.tokens = tokenized.tokens;
        this.lowerCaseText = tokenized.lowerCaseOnly;
        this.hasUnnumberedType = unnumberedTypeWord.test(this.text);
        this.nextNumber = new Int32Array(this.tokens.length + 1);
        this.nextNumber[this.tokens.length] = this.tokens.length;
        for (let index = this.tokens.length - 1; index >= 0; index -= 1)
            this.nextNumber[index] = this.tokens[index]?.kind === 'number' ? index : (this.nextNumber[index + 1] ?? this.tokens.length);
    }
    /** A number token within `distance` tokens from `index`. */
    numberWithin(index, distance) {
        return (this.nextNumber[index] ?? this.tokens.length) - index <= distance;
    }
    capitalised(index) {
        return this.tokens[index]?.capitalised ?? false;
    }
    allCaps(index) {
        return this.tokens[index]?.allCaps ?? false;
    }
    length(index) {
        const token = this.tokens[index];
        return token ? token.end - token.start : 0;
    }
    kind(index) {
        return this.tokens[index]?.kind;
    }
    lower(index) {
        return this.tokens[index]?.lower ?? '';
    }
    start(index) {
        return this.tokens[index]?.start ?? this.text.length;
    }
    end(index) {
        return this.tokens[index]?.end ?? this.text.length;
    }
    /** Same line, separated by at most a few spaces. */
    adjacent(left, right) {
        const a = this.tokens[left];
        const b = this.tokens[right];
        if (!a || !b || b.lineBreakBefore || b.start - a.end > 3)
            return false;
        for (let index = a.end; index < b.start; index += 1)
            if (this.text[index] !== ' ' && this.text[index] !== '\t')
                return false;
        return true;
    }
    glued(left, right) {
        return this.tokens[right] !== undefined && this.start(right) === this.end(left);
    }
    isMark(index, chars) {
        return this.kind(index) === 'mark' && chars.includes(this.lower(index));
    }
    /** Skips a "." glued to an abbreviation ("St.", "Avda.", "ul.", "u."). */
    withDot(index) {
        return this.isMark(index + 1, '.') && this.glued(index, index + 1) ? index + 1 : index;
    }
    /** The next token on the same line after `index` (a glued dot or spaces between). */
    next(index) {
        const next = index + 1;
        return this.adjacent(index, next) ? next : undefined;
    }
    /** Token index whose start is at `offset` or the first after it (binary search). */
    tokenAt(offset) {
        let low = 0;
        let high = this.tokens.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if (this.start(middle) < offset)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
    /** A house number: 1–6 digits, maybe with a glued letter ("12B") or a range ("12-14"); returns its last token. */
    houseNumber(index) {
        if (this.kind(index) !== 'number' || this.length(index) > 6)
            return undefined;
        // Amounts and decimals are not house numbers: "$2 657.81", "11,055.00", "12%".
        if (index > 0 && this.glued(index - 1, index) && this.isMark(index - 1, '.,$€£¥:/'))
            return undefined;
        if (this.isMark(index + 1, '.,:%') && this.glued(index, index + 1) && this.kind(index + 2) === 'number' && this.glued(index + 1, index + 2))
            return undefined;
        if (this.isMark(index + 1, '%') && this.glued(index, index + 1))
            return undefined;
        let last = index;
        if (this.kind(index + 1) === 'word' && this.length(index + 1) === 1 && this.glued(index, index + 1))
            last = index + 1;
        else if (this.isMark(index + 1, '-/') && this.kind(index + 2) === 'number' && this.glued(index, index + 1) && this.glued(index + 1, index + 2))
            last = index + 2;
        return this.withDot(last);
    }
    /** A name word of a street or place: capitalised, ALL CAPS, an initial ("Λ."), a particle, or (in lower-case text) any word. */
    nameWord(index) {
        if (this.kind(index) !== 'word')
            return false;
        const lower = this.lower(index);
        if (UNIT_WORDS.has(lower))
            return false;
        if (isParticle(lower))
            return true;
        if (FUNCTION_WORDS.has(lower) || LABEL_WORDS.has(lower) || CALENDAR_WORDS.has(lower))
            return false;
        const cased = this.capitalised(index) || this.allCaps(index);
        // Lower-case common words are prose; capitalised ones ("Brazil", "Greek", "Centre") may name places.
        if (NOT_NAMES.has(lower) && !STREET_SUFFIXES.has(lower) && !PLACE_WORDS.has(lower) && !cased && !this.lowerCaseText)
            return false;
        return cased || this.lowerCaseText || (this.length(index) === 1 && lower !== this.text[this.start(index)]);
    }
    /** Street-name words from `index` (ordinals, "St." inside a name too); returns the last one or undefined. */
    nameWords(index, max = MAX_STREET_NAME_WORDS, leadingParticle = false) {
        let last;
        let current = index;
        for (let count = 0; count < max; count += 1) {
            if (this.kind(current) === 'number' && /^(?:st|nd|rd|th)$/.test(this.lower(current + 1)) && this.glued(current, current + 1)) {
                last = current + 1;
            }
            else if (this.nameWord(current) && !(isParticle(this.lower(current)) && last === undefined && !leadingParticle && !this.capitalised(current))) {
                last = this.withDot(current);
            }
            else {
                break;
            }
            const next = this.next(last);
            if (next === undefined)
                break;
            current = next;
        }
        return last;
    }
}
//# sourceMappingURL=address-tokens.js.map