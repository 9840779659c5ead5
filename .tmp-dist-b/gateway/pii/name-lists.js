import { GIVEN_NAMES } from './given-names.js';
import { cueBefore, notAPerson } from './name-cues.js';
import { AMBIGUOUS_NAMES, NAME_CUES, NON_PERSON_FOLLOWERS } from './name-lexicon.js';
/*
 * Lists of names ("Eklund, Michael and Hodge"): one name found makes the other items of its list names too, unless
 * the list names a firm.
 */
/**
 * The items of a list around `candidate` ("Eklund, Michael and Hodge"): name-like words joined by ", ", "and",
 * "&". `company` when the list names a firm ("… and Coleman is a design agency", "The Davis, Reynolds and
 * Williamson Orchestra", three bare surnames).
 */
export function listAround(view, candidate) {
    const items = [candidate];
    let left = candidate.first;
    for (let count = 0; count < 12; count += 1) {
        const separatorStart = separatorBackward(view, left - 1);
        if (separatorStart === undefined)
            break;
        const itemLast = separatorStart - 1;
        if (!view.nameLike(itemLast))
            break;
        let itemFirst = itemLast;
        while (itemFirst - 1 >= 0 && itemLast - itemFirst < 2 && view.adjacent(itemFirst - 1, itemFirst) && view.nameLike(itemFirst - 1))
            itemFirst -= 1;
        items.unshift({ first: itemFirst, last: itemLast });
        left = itemFirst;
    }
    let right = candidate.last;
    for (let count = 0; count < 12; count += 1) {
        const itemFirst = separatorForward(view, right + 1);
        if (itemFirst === undefined || !view.nameLike(itemFirst))
            break;
        const itemLast = view.extend(itemFirst);
        items.push({ first: itemFirst, last: itemLast });
        right = itemLast;
    }
    if (items.length < 2)
        return { items, company: false };
    const next = right + 1;
    const bareSurnames = items.length >= 3 &&
        items.every((item) => item.first === item.last && (!GIVEN_NAMES.has(view.lower(item.first)) || AMBIGUOUS_NAMES.has(view.lower(item.first)))) &&
        !cueBefore(view, left, NAME_CUES);
    const singularVerb = view.adjacent(right, next) && /^(?:is|was|has)$/.test(view.lower(next));
    const company = bareSurnames || singularVerb || (view.adjacent(right, next) && NON_PERSON_FOLLOWERS.has(view.lower(next))) || view.lower(left - 1) === 'the';
    return { items, company };
}
/** `index` ends a list separator (", " or " and " or " & "); returns the index of the separator's first token. */
function separatorBackward(view, index) {
    if (index < 1)
        return undefined;
    const mark = view.markAt(index);
    if (mark === ',' || mark === '&')
        return view.tokens[index + 1]?.lineBreakBefore ? undefined : index;
    const lower = view.lower(index);
    if (lower === 'and' || lower === 'or')
        return view.markAt(index - 1) === ',' ? index - 1 : index;
    return undefined;
}
/** A list separator starts at `index`; returns the index of the next item's first token. */
function separatorForward(view, index) {
    let next = index;
    const mark = view.markAt(next);
    if (mark === ',' || mark === '&')
        next += 1;
    const lower = view.lower(next);
    if (lower === 'and' || lower === 'or')
        next += 1;
    if (next === index || view.tokens[next]?.lineBreakBefore)
        return undefined;
    return next;
}
/** A list item that is not an organisation or a place ("Civis Analytics", "Lake Placid"). */
export function personItem(view, item) {
    if (notAPerson(view, item.first, item.last))
        return false;
    for (let index = item.first; index <= item.last; index += 1)
        if (NON_PERSON_FOLLOWERS.has(view.lower(index)))
            return false;
    return true;
}
//# sourceMappingURL=name-lists.js.map