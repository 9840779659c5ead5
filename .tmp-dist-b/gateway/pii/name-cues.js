import { HONORIFICS, LABEL_ONLY_CUES, NON_PERSON_FOLLOWERS, PERSON_VERBS, PLACE_PREFIXES, VOCATIVE_FOLLOWERS, } from './name-lexicon.js';
/*
 * The context around a run of words that says it is, or is not, a person's name: a cue phrase or an honorific
 * before it, a following word that makes it an organisation or a place, its place in a dialogue, a vocative, a
 * verb only people do, a line of its own above an address.
 */
const QUOTES = '"\'“”‘’«»(';
/**
 * A cue phrase from `cues` right before `index`: quotes between are skipped, and so is a ":" or "," after the
 * phrase ("Name: Iva", "Thanks, Anna"). Label-only cues ("From", "To") count only with the ":".
 */
export function cueBefore(view, index, cues) {
    let at = index - 1;
    for (let skipped = 0; skipped < 2 && QUOTES.includes(view.markAt(at)) && view.markAt(at) !== ''; skipped += 1)
        at -= 1;
    const punctuation = view.markAt(at);
    if (punctuation === ':' || punctuation === ',' || punctuation === '-' || punctuation === '=') {
        const phrase = cues.matchAt(view.tokens, at - 1);
        if (phrase && (punctuation === ':' || !LABEL_ONLY_CUES.has(phrase[phrase.length - 1] ?? '')))
            return true;
    }
    const phrase = cues.matchAt(view.tokens, at);
    return phrase !== undefined && !LABEL_ONLY_CUES.has(phrase[phrase.length - 1] ?? '');
}
/** An honorific or title right before `index` ("Mr.", "Dr", "President"). */
export function honorificBefore(view, index) {
    let previous = index - 1;
    if (view.tokens[index]?.lineBreakBefore)
        return false;
    if (view.markAt(previous) === '.')
        previous -= 1;
    const token = view.tokens[previous];
    if (!token || token.kind !== 'word' || !HONORIFICS.has(token.lower))
        return false;
    // "Dr" and "St" end street names too ("Cheriton Dr Reuquén"): an honorific is not after a number, and is
    // capitalised unless it is one of the unambiguous ones ("ms. Quinzia").
    const cased = token.capitalised || token.allCaps || view.lowerCaseText || /^(?:mr|mrs|ms|mx)$/.test(token.lower);
    return cased && view.tokens[previous - 1]?.kind !== 'number' && view.start(index) - token.end <= 3;
}
/** The run is an organisation or a place: "… Inc", "… Street", "San …", "… & Co". */
export function notAPerson(view, first, last) {
    const next = last + 1;
    if (view.adjacent(last, next) && NON_PERSON_FOLLOWERS.has(view.lower(next)))
        return true;
    const previous = first - 1;
    if (previous >= 0 && view.adjacent(previous, first) && PLACE_PREFIXES.has(view.lower(previous)))
        return true;
    return view.markAt(next) === '&';
}
/** "Ella: What a wife." — a line-initial word and a colon with text after it on the same line. */
export function speakerLabel(view, index, last) {
    if (!view.lineStart(index) || view.markAt(last + 1) !== ':' || view.start(last + 1) !== view.end(last))
        return false;
    const after = view.tokens[last + 2];
    return after !== undefined && !after.lineBreakBefore;
}
/** "Cora, can I please…" at the start of a line. */
export function vocative(view, index, last) {
    return view.lineStart(index) && view.markAt(last + 1) === ',' && VOCATIVE_FOLLOWERS.matchAt(view.tokens, last + 2) !== undefined;
}
/** "Dexter lives on…", "Mehrudin shouted at…". */
export function personVerbAfter(view, last) {
    return view.adjacent(last, last + 1) && PERSON_VERBS.has(view.lower(last + 1));
}
export function countSpeakerLabels(view) {
    const labels = new Set();
    for (let index = 0; index < view.tokens.length; index += 1) {
        if (!view.lineStart(index) || !view.nameLike(index))
            continue;
        const last = view.adjacent(index, index + 1) && view.nameLike(index + 1) ? index + 1 : index;
        if (speakerLabel(view, index, last))
            labels.add(view.lower(index));
    }
    return labels.size;
}
/**
 * "This line holds only these words and an address starts within the next three lines" (signature blocks,
 * envelopes: "Dreux Joly\nPaxata\nPSC 3294, Box 9168").
 */
export function nameLineCheck(view, addressStarts) {
    const text = view.text;
    return (first, last) => {
        if (addressStarts.length === 0)
            return false;
        const lineStart = text.lastIndexOf('\n', view.start(first) - 1) + 1;
        const lineEnd = text.indexOf('\n', view.end(last));
        const end = lineEnd < 0 ? text.length : lineEnd;
        // Only quote marks or spaces besides the name on its line.
        if (/[^\s>?*|-]/.test(text.slice(lineStart, view.start(first))) || text.slice(view.end(last), end).trim() !== '')
            return false;
        let limit = end;
        for (let lines = 0; lines < 3 && limit >= 0 && limit < text.length; lines += 1)
            limit = text.indexOf('\n', limit + 1);
        const windowEnd = limit < 0 ? text.length : limit;
        return addressStarts.some((start) => start >= end && start <= windowEnd);
    };
}
//# sourceMappingURL=name-cues.js.map