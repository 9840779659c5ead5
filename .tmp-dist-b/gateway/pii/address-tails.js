import { UNIT_WORDS } from './address-lexicon.js';
import { isParticle } from './address-tokens.js';
/*
 * What follows a street in an address: a unit ("Apt. 342"), a city, a region code, a postcode, a country, on the
 * same line after a comma or on the next lines. Each part is a bounded walk over tokens.
 */
const MAX_TAIL_PARTS = 6;
/** British ("SW1A 2AA", "NW1 6XE"), Canadian ("B0J 2H0") and Dutch ("1012 AB") postcodes, at a given offset. */
const alphanumericPostcode = /(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2})(?![\p{L}\p{N}])/uy;
/** Some address tail (a unit, a city, a postcode…) follows the street that ends at `last`. */
export function hasTail(view, last) {
    return tailAfter(view, last) > last;
}
/** Unit, city, region, postcode and country after a street: after a comma on its line, or on the next lines. */
export function tailAfter(view, last) {
    let end = last;
    let parts = 0;
    for (let index = end + 1; index < view.tokens.length && parts < MAX_TAIL_PARTS; parts += 1) {
        const token = view.tokens[index];
        if (!token)
            break;
        let start = index;
        if (token.lineBreakBefore) {
            // Skip a quote or list prefix ("> ", "??? ", ", ") at the start of a line.
            while (view.kind(start) === 'mark' && '>?|*-,'.includes(view.lower(start)) && !view.tokens[start + 1]?.lineBreakBefore)
                start += 1;
        }
        else if (view.isMark(index, ',')) {
            start = index + 1;
        }
        else if (view.adjacent(end, index)) {
            start = index;
        }
        else {
            break;
        }
        const segmentEnd = segment(view, start);
        if (segmentEnd === undefined)
            break;
        end = segmentEnd;
        index = segmentEnd + 1;
    }
    return end;
}
/** One part of an address tail starting at `index`: a unit, a postcode (maybe with its city), or a place. */
function segment(view, index) {
    const lower = view.lower(index);
    if (UNIT_WORDS.has(lower) || lower === '#') {
        const next = lower === '#' ? index + 1 : view.withDot(index) + 1;
        if (view.kind(next) === 'number')
            return view.houseNumber(next);
        return view.kind(next) === 'word' && view.length(next) <= 4 && view.adjacent(next - 1, next) ? next : undefined;
    }
    const code = view.kind(index) === 'number' || view.allCaps(index) || view.length(index) === 1 ? postcode(view, index) : undefined;
    if (code !== undefined) {
        if (endOfPart(view, code))
            return code;
        // "10115 Berlin", "75002 Paris": postcode, then the city.
        const city = view.next(code);
        return city === undefined ? undefined : place(view, city);
    }
    return view.kind(index) === 'number' ? undefined : place(view, index);
}
/**
 * A postcode starting at `index`: digits ("64389", "3610-114", "53-320", "394 13") or a British, Canadian or
 * Dutch code ("NW1 6XE", "B0J 2H0", "1012 AB"). Returns its last token.
 */
function postcode(view, index) {
    alphanumericPostcode.lastIndex = view.start(index);
    const match = alphanumericPostcode.exec(view.text);
    if (match)
        return view.tokenAt(match.index + match[0].length) - 1;
    if (view.kind(index) !== 'number')
        return undefined;
    const digits = view.length(index);
    if (digits < 3 || digits > 6)
        return undefined;
    let last = index;
    if (view.isMark(index + 1, '-') && view.kind(index + 2) === 'number' && view.glued(index, index + 1) && view.glued(index + 1, index + 2))
        last = index + 2;
    else if (view.kind(index + 1) === 'number' && view.adjacent(index, index + 1) && view.length(index + 1) <= 3 && digits === 3)
        last = index + 1;
    return last;
}
/** A place: up to five name words, "(Greek)" asides, then maybe a region code and a postcode. */
function place(view, index) {
    let last;
    let current = index;
    for (let count = 0; count < 5; count += 1) {
        if (view.isMark(current, '(') && last !== undefined) {
            const inner = view.nameWords(current + 1, 3);
            if (inner === undefined || !view.isMark(inner + 1, ')'))
                break;
            last = inner + 1;
        }
        else if (view.nameWord(current) || view.lower(current) === 'nan' || (last !== undefined && view.allCaps(current) && view.length(current) <= 3 && view.kind(current + 1) !== 'number')) {
            // (An ALL-CAPS code after a place is a region, "Roma RM", even when it spells a unit word.)
            if (isParticle(view.lower(current)) && last === undefined)
                break;
            last = view.withDot(current);
        }
        else {
            break;
        }
        const next = view.next(last);
        if (next === undefined)
            break;
        const code = view.kind(next) === 'number' || view.allCaps(next) || view.length(next) === 1 ? postcode(view, next) : undefined;
        // A postcode ends the place, whether the line goes on in prose or not ("DC 20500 please").
        if (code !== undefined && (endOfPart(view, code) || view.tokens[code + 1]?.capitalised === false))
            return code;
        if (view.kind(next) === 'number')
            return endOfPart(view, last) ? last : undefined;
        current = next;
    }
    if (last === undefined)
        return undefined;
    // A place must end its line or its comma-separated part: "Then we went" is not a city.
    return endOfPart(view, last) ? last : undefined;
}
/** The part ends here: end of text, end of line, a comma, or sentence punctuation. */
function endOfPart(view, last) {
    const next = view.tokens[last + 1];
    if (!next || next.lineBreakBefore)
        return true;
    return next.kind === 'mark' && ',.;?!)'.includes(view.text[next.start] ?? '');
}
//# sourceMappingURL=address-tails.js.map