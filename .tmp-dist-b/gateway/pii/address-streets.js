import { ADDRESS_CUES, COMPOUND_STREET_ENDING, LABEL_WORDS, STREET_PREFIXES, STREET_SUFFIXES, STREET_WORDS_BEFORE_NUMBER, UNIT_WORDS, UNNUMBERED_STREET_TYPES, } from './address-lexicon.js';
import { isParticle, MAX_STREET_NAME_WORDS } from './address-tokens.js';
import { hasTail } from './address-tails.js';
import { FUNCTION_WORDS, NOT_NAMES } from './name-lexicon.js';
/*
 * The street at the core of an address, in the layouts listed in detect-addresses.ts: where a street with its
 * house number starts and ends, and a second street after it ("the corner of X and Y").
 */
/** Street-type prefixes that are also English words: only capitalised ones count in mixed-case text. */
const ENGLISH_PREFIX_WORDS = new Set(['via', 'place', 'route', 'square', 'avenue', 'boulevard', 'plaza', 'str', 'pl', 'av', 'al', 'os', 'bd', 'c', 'cours', 'cite', 'largo', 'corso', 'salita']);
/** The street (core) of an address starting at token `index`; returns its last token. */
export function streetCoreAt(view, index) {
    return view.kind(index) === 'number' ? numberFirst(view, index) : view.kind(index) === 'word' ? nameFirst(view, index) : undefined;
}
function numberFirst(view, index) {
    const number = view.houseNumber(index);
    if (number === undefined)
        return undefined;
    let start = view.next(number);
    // A word glued to the number ("6AEwAQ", "38Avenue") is an identifier, not a street.
    if (start === undefined || view.glued(number, start))
        return undefined;
    // A second number: "515 385 Gemsbok St" (building and street number); "350 5th Avenue" has an ordinal instead.
    if (view.kind(start) === 'number' && !isOrdinal(view, start)) {
        const second = view.houseNumber(start);
        const after = second === undefined ? undefined : view.next(second);
        if (after === undefined || view.kind(after) !== 'word')
            return undefined;
        start = after;
    }
    const prefixEnd = prefixAt(view, start, true);
    if (prefixEnd !== undefined) {
        const street = prefixStreet(view, prefixEnd);
        if (street && (street.numbered || hasCapital(view, prefixEnd, street.last) || hasTail(view, street.last) || cueBefore(view, index)))
            return typeAfter(view, street.last);
    }
    if (isCompoundStreet(view, start)) {
        const number = numberAfter(view, start);
        if (number !== undefined)
            return typeAfter(view, number);
        return hasTail(view, start) || cueBefore(view, index) ? view.withDot(start) : undefined;
    }
    const suffix = nameThenSuffix(view, start);
    if (suffix !== undefined)
        return suffix;
    const streetWord = nameStreetWordNumber(view, start);
    if (streetWord !== undefined)
        return typeAfter(view, streetWord);
    // Number, words, then a number, a unit or the end of the line: only with a cue or an address tail after it.
    const last = view.nameWords(start, 4);
    if (last === undefined)
        return undefined;
    const end = numberAfter(view, last) ?? last;
    const unit = view.next(end);
    if (unit !== undefined && UNIT_WORDS.has(view.lower(unit)))
        return end;
    return cueBefore(view, index) || hasTail(view, end) ? end : undefined;
}
function nameFirst(view, index) {
    // Most words are lower case in mixed-case text: only "ul.", "al.", "os." start a street there.
    if (!view.lowerCaseText && !view.capitalised(index) && !view.allCaps(index) && !view.isMark(index + 1, './'))
        return undefined;
    const prefixEnd = prefixAt(view, index, false);
    if (prefixEnd !== undefined) {
        const street = prefixStreet(view, prefixEnd);
        return street && (street.numbered || cueBefore(view, index) || hasTail(view, street.last)) ? typeAfter(view, street.last) : undefined;
    }
    if (!(view.capitalised(index) || view.lowerCaseText) || NOT_NAMES.has(view.lower(index)))
        return undefined;
    const numberNear = view.numberWithin(index, 7);
    if (!numberNear)
        return view.hasUnnumberedType ? unnumberedStreet(view, index) : undefined;
    if (isCompoundStreet(view, index)) {
        const number = numberAfter(view, index);
        return number === undefined ? undefined : typeAfter(view, number);
    }
    const streetWord = nameStreetWordNumber(view, index);
    if (streetWord !== undefined)
        return typeAfter(view, streetWord);
    const unnumbered = view.hasUnnumberedType ? unnumberedStreet(view, index) : undefined;
    if (unnumbered !== undefined)
        return unnumbered;
    // "lives on Pod Floriánem 1677": words and a number after an address cue.
    const last = view.nameWords(index, 4);
    const number = last === undefined ? undefined : numberAfter(view, last);
    return number !== undefined && cueBefore(view, index) ? typeAfter(view, number) : undefined;
}
/** A street type written before the name; "c/" is the Spanish calle. */
function prefixAt(view, index, anyCase) {
    if (view.kind(index) !== 'word')
        return undefined;
    const lower = view.lower(index);
    if (lower === 'c' && view.isMark(index + 1, '/') && view.glued(index, index + 1))
        return index + 1;
    if (!STREET_PREFIXES.has(lower))
        return undefined;
    // "ul.", "al." are written lower case by convention; "rue", "rua", "calle" often are after a number; "via",
    // "place", "route" in lower case are English words.
    const conventional = (lower === 'ul' || lower === 'al' || lower === 'os') && view.isMark(index + 1, '.');
    // After a house number even those count when a capitalised name follows ("33 avenue de Provence").
    const foreign = anyCase && (!ENGLISH_PREFIX_WORDS.has(lower) || hasCapital(view, index, Math.min(index + 3, view.tokens.length - 1)));
    const upperFirst = view.lower(index)[0] !== view.text[view.start(index)];
    return foreign || upperFirst || view.lowerCaseText || conventional ? view.withDot(index) : undefined;
}
function isCompoundStreet(view, index) {
    if (view.kind(index) !== 'word')
        return false;
    const lower = view.lower(index);
    const match = COMPOUND_STREET_ENDING.exec(lower);
    return match !== null && lower.length >= match[0].length + 3 && (view.capitalised(index) || view.lowerCaseText);
}
/** "5th", "1st": a number with a glued ordinal ending. */
function isOrdinal(view, index) {
    return view.kind(index) === 'number' && /^(?:st|nd|rd|th)$/.test(view.lower(index + 1)) && view.glued(index, index + 1);
}
/** A street type after the name; plurals count too ("Coves", "Forges"). */
function isSuffix(view, index) {
    if (view.kind(index) !== 'word')
        return false;
    const lower = view.lower(index);
    return STREET_SUFFIXES.has(lower) || (lower.length > 4 && lower.endsWith('s') && STREET_SUFFIXES.has(lower.slice(0, -1)));
}
/** Some word in (from, to] is capitalised (or the text has no capitals at all). */
function hasCapital(view, from, to) {
    if (view.lowerCaseText)
        return true;
    for (let index = from + 1; index <= to; index += 1)
        if (view.capitalised(index) || view.allCaps(index))
            return true;
    return false;
}
/** A house number after `index` on the same line ("Via Roma 131", "Strasse, 89"). */
function numberAfter(view, index) {
    let next = index + 1;
    if (view.isMark(next, ',') && view.glued(index, next))
        next += 1;
    if (next === index + 1 ? !view.adjacent(index, next) : !view.adjacent(index + 1, next))
        return undefined;
    return view.houseNumber(next);
}
/** A street type right after a numbered street ("Nieuwe Baan 473 St.", "Grössgstötten 50 street"). */
function typeAfter(view, last) {
    const type = view.next(last);
    return type !== undefined && isSuffix(view, type) ? view.withDot(type) : last;
}
/** An address cue ("lives at", "address:") right before `index`, a ":" or "," between allowed. */
function cueBefore(view, index) {
    let at = index - 1;
    if (view.isMark(at, ':,'))
        at -= 1;
    return ADDRESS_CUES.matchAt(view.tokens, at) !== undefined;
}
/** Name words then a street suffix ("Baker Street", "Cheriton Dr."): returns the suffix (with its dot). */
function nameThenSuffix(view, index) {
    let current = index;
    let words = 0;
    for (let count = 0; count < MAX_STREET_NAME_WORDS + 1; count += 1) {
        if (words > 0 && isSuffix(view, current)) {
            const next = view.next(view.withDot(current));
            // "12 Park Lane" ends at Lane; in "12 Street Lane" the first type word is part of the name.
            if (next === undefined || !isSuffix(view, next))
                return view.withDot(current);
        }
        if (view.kind(current) === 'number' && /^(?:st|nd|rd|th)$/.test(view.lower(current + 1)) && view.glued(current, current + 1))
            current += 1;
        else if (!view.nameWord(current))
            return undefined;
        words += 1;
        const next = view.next(view.withDot(current));
        if (next === undefined)
            return undefined;
        current = next;
    }
    return undefined;
}
/**
 * After a street type prefix: name words ("delle Coste", "des lieutemants Thomazo", "du centre"), then maybe a
 * house number. Any words are taken here; the caller decides from the number, a cue or a tail.
 */
function prefixStreet(view, prefixEnd) {
    let current = view.next(prefixEnd);
    let last;
    for (let count = 0; current !== undefined && count < MAX_STREET_NAME_WORDS; count += 1) {
        if (view.kind(current) === 'number') {
            const number = last === undefined ? undefined : view.houseNumber(current);
            return number !== undefined ? { last: number, numbered: true } : last === undefined ? undefined : { last, numbered: false };
        }
        const lower = view.lower(current);
        if (view.kind(current) !== 'word' || UNIT_WORDS.has(lower) || LABEL_WORDS.has(lower) || (FUNCTION_WORDS.has(lower) && !isParticle(lower)))
            break;
        last = view.withDot(current);
        current = view.next(last);
    }
    return last === undefined ? undefined : { last, numbered: false };
}
/**
 * Name words, a street word, a number: "Villacher Strasse 89", "Kálmán Imre u. 12.", "Árpád fejedelem útja 3.",
 * "Luite tee 87". The words before the street word may be lower case (they are bounded by it).
 */
function nameStreetWordNumber(view, index) {
    if (!view.nameWord(index))
        return undefined;
    let current = index;
    for (let count = 0; current !== undefined && count < 4; count += 1) {
        const next = view.next(view.withDot(current));
        if (next === undefined || view.kind(next) !== 'word')
            return undefined;
        if (STREET_WORDS_BEFORE_NUMBER.has(view.lower(next)))
            return numberAfter(view, view.withDot(next));
        if (FUNCTION_WORDS.has(view.lower(next)) && !isParticle(view.lower(next)))
            return undefined;
        current = next;
    }
    return undefined;
}
/** "Isaac Lodge Street": capitalised words and a full street type, no number. */
function unnumberedStreet(view, index) {
    const last = view.nameWords(index, 4);
    if (last === undefined)
        return undefined;
    const type = view.next(last);
    if (type !== undefined && UNNUMBERED_STREET_TYPES.has(view.lower(type)) && view.capitalised(type))
        return type;
    if (last > index && UNNUMBERED_STREET_TYPES.has(view.lower(last)) && view.capitalised(last))
        return last;
    return undefined;
}
/** "X and Y" after a street: the second street of a corner. */
export function secondStreet(view, last) {
    const and = view.next(last);
    if (and === undefined || (view.lower(and) !== 'and' && view.lower(and) !== '&'))
        return last;
    const start = view.next(and);
    if (start === undefined)
        return last;
    const core = streetCoreAt(view, start);
    if (core !== undefined)
        return core;
    // "and Komel Club", "and Waechter Turnpike", "and Alexander Flat": words ending in a street type.
    let current = start;
    for (let count = 0; current !== undefined && count < 4; count += 1) {
        if (current > start && (isSuffix(view, current) || UNIT_WORDS.has(view.lower(current))))
            return view.withDot(current);
        if (!view.nameWord(current))
            return last;
        current = view.next(view.withDot(current));
    }
    return last;
}
/** "the corner of" right before token `index`: the address starts there. */
export function cornerStart(view, index) {
    const start = view.start(index);
    const before = view.text.slice(Math.max(0, start - 20), start);
    const match = /(?:the )?corner of $/i.exec(before);
    return match ? start - match[0].length : start;
}
//# sourceMappingURL=address-streets.js.map