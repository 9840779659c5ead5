import { GIVEN_NAMES } from './given-names.js';
import { hasOrdinaryWordEnding, NAME_PARTICLES, NON_PERSON_FOLLOWERS, NOT_NAMES, STRONG_SURNAME_ENDING, SURNAME_ENDING_EXCEPTIONS, SURNAMES, WEAK_SURNAME_ENDING, } from './name-lexicon.js';
/*
 * The token view the name detector reads (SEC-PII-5): bounds-safe accessors over the shared tokenisation, and what
 * a single word or run of words looks like (name-like, an initial, a surname ending, how far a name extends).
 */
const MAX_NAME_WORDS = 4;
export class NameTokens {
    tokens;
    text;
    lowerCaseText;
    constructor(tokenized) {
        this.tokens = tokenized.tokens;
        this.text = tokenized.text;
        this.lowerCaseText = tokenized.lowerCaseOnly;
    }
    lower(index) {
        return this.tokens[index]?.lower ?? '';
    }
    isWord(index) {
        return this.tokens[index]?.kind === 'word';
    }
    markAt(index) {
        const token = this.tokens[index];
        return token?.kind === 'mark' ? token.lower : '';
    }
    start(index) {
        return this.tokens[index]?.start ?? this.text.length;
    }
    end(index) {
        return this.tokens[index]?.end ?? this.text.length;
    }
    /** Only spaces between two tokens (no punctuation, no line break). */
    adjacent(left, right) {
        const a = this.tokens[left];
        const b = this.tokens[right];
        if (!a || !b || b.lineBreakBefore || b.start <= a.end || b.start - a.end > 3)
            return false;
        for (let index = a.end; index < b.start; index += 1)
            if (this.text.charCodeAt(index) !== 32 && this.text.charCodeAt(index) !== 9)
                return false;
        return true;
    }
    lineStart(index) {
        return index === 0 || (this.tokens[index]?.lineBreakBefore ?? false);
    }
    /** A single capital with its dot, "M." (2 tokens), or without ("M", but not the pronoun "I" or "A"). */
    initialLength(index) {
        const token = this.tokens[index];
        if (!token || token.kind !== 'word' || token.end - token.start !== 1 || !(token.allCaps || token.lower !== this.text[token.start]))
            return 0;
        if (this.markAt(index + 1) === '.' && this.start(index + 1) === token.end)
            return 2;
        return token.lower === 'i' || token.lower === 'a' ? 0 : 1;
    }
    /** Could this word be part of a name, whatever the evidence? */
    nameLike(index) {
        const token = this.tokens[index];
        if (!token || token.kind !== 'word' || (!token.capitalised && !this.lowerCaseText))
            return false;
        const lower = token.lower;
        if (lower.length < 2 || NOT_NAMES.has(lower))
            return false;
        // Contractions ("I'm", "Don't") are not names; O'Brien and D'Angelo are.
        if ((lower.includes("'") || lower.includes('’')) && !/^[od]['’]\p{L}/u.test(lower))
            return false;
        if (this.lowerCaseText)
            return !NAME_PARTICLES.has(lower);
        if (!token.capitalised)
            return false;
        // Camel case inside a word ("YouTube", "iPhone") is a product, except the Mc/Mac/O'/De prefixes of surnames.
        return !token.innerCapital || /^(?:mc|mac|o['’]|d['’]|de|di|la|le|van|von)/.test(lower);
    }
    /** A word that may follow a first name as a surname: name-like and not an inflected English word. */
    surnameLike(index) {
        if (!this.nameLike(index))
            return false;
        const lower = this.lower(index);
        if (NON_PERSON_FOLLOWERS.has(lower))
            return false;
        return !hasOrdinaryWordEnding(lower) || SURNAMES.has(lower) || GIVEN_NAMES.has(lower);
    }
    /** Extends a name from `first` over surname-like words, initials and particles on the same line. */
    extend(first) {
        let last = first;
        let words = 1;
        for (let next = first + 1; next < this.tokens.length && words < MAX_NAME_WORDS;) {
            if (!this.adjacent(last, next))
                break;
            const initial = this.initialLength(next);
            if (initial > 0 && this.surnameLike(next + initial) && this.spacedAfter(next + initial - 1, next + initial)) {
                last = next + initial;
                next = last + 1;
                words += 2;
                continue;
            }
            // "van Gijn", "van de Noort", "dos Santos": lower-case particles before a surname.
            let particles = 0;
            while (!this.lowerCaseText && particles < 2 && NAME_PARTICLES.has(this.lower(next + particles)) && !this.tokens[next + particles]?.capitalised && this.adjacent(next + particles, next + particles + 1))
                particles += 1;
            if (particles > 0 && this.surnameLike(next + particles)) {
                last = next + particles;
                next = last + 1;
                words += 1;
                continue;
            }
            if (!this.surnameLike(next))
                break;
            if (this.lowerCaseText && !this.knownNamePart(next))
                break;
            last = next;
            next += 1;
            words += 1;
        }
        return last;
    }
    spacedAfter(left, right) {
        const a = this.tokens[left];
        const b = this.tokens[right];
        if (!a || !b || b.lineBreakBefore)
            return false;
        const gap = b.start - a.end;
        return gap >= 1 && gap <= 2 && this.text.slice(a.end, b.start).trim() === '';
    }
    /** "Tokens", "Settings": a plural, which a surname rarely is unless it is a known one. */
    pluralNoun(index) {
        const lower = this.lower(index);
        return lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss') && !SURNAMES.has(lower);
    }
    knownNamePart(index) {
        const lower = this.lower(index);
        return GIVEN_NAMES.has(lower) || SURNAMES.has(lower) || this.surnameEnding(lower, true);
    }
    surnameEnding(lower, weakToo) {
        if (lower.length < 5 || SURNAME_ENDING_EXCEPTIONS.has(lower) || /(?:person|lesson|season|reason)$/.test(lower))
            return false;
        if (/^(?:mc|o['’])\p{L}{2}/u.test(lower))
            return true;
        return STRONG_SURNAME_ENDING.test(lower) || (weakToo && WEAK_SURNAME_ENDING.test(lower));
    }
    hasMiddleInitial(first, last) {
        for (let index = first + 1; index < last; index += 1)
            if (this.initialLength(index) > 0)
                return true;
        return false;
    }
    countWords(first, last) {
        let count = 0;
        for (let index = first; index <= last; index += 1)
            if (this.isWord(index) && this.end(index) - this.start(index) > 1)
                count += 1;
        return count;
    }
    /** First word of the text, of a line, or after ". ", "! ", "? ", ": ". */
    sentenceStart(index) {
        if (this.lineStart(index))
            return true;
        const mark = this.markAt(index - 1);
        return mark !== '' && '.!?:"“'.includes(mark);
    }
}
//# sourceMappingURL=name-tokens.js.map