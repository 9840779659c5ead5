import { GIVEN_NAMES } from './given-names.js';
import { countSpeakerLabels, cueBefore, honorificBefore, nameLineCheck, notAPerson, personVerbAfter, speakerLabel, vocative, } from './name-cues.js';
import { AMBIGUOUS_NAMES, FUNCTION_WORDS, hasOrdinaryWordEnding, NAME_CUES, NOT_NAMES, STRONG_NAME_CUES, SURNAMES, } from './name-lexicon.js';
import { listAround, personItem } from './name-lists.js';
import { NameTokens } from './name-tokens.js';
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
/** Decides whether a name starts at `index`; returns its extent or undefined. */
function candidateAt(view, index, context) {
    const token = view.tokens[index];
    if (!token || (!token.capitalised && !view.lowerCaseText))
        return undefined;
    const lower = token.lower;
    const honorific = honorificBefore(view, index);
    // After an honorific even a common word is a name ("Mr. May"), but not a function word ("Dr. The").
    const honorificName = honorific && token.capitalised && (!FUNCTION_WORDS.has(lower) || AMBIGUOUS_NAMES.has(lower));
    if (!view.nameLike(index) && !honorificName) {
        // "Will Smith", "May Chen": a given name that is also a function word, before a known surname.
        if (!token.capitalised || !GIVEN_NAMES.has(lower) || !AMBIGUOUS_NAMES.has(lower) || !view.adjacent(index, index + 1))
            return undefined;
        const last = view.extend(index);
        return last > index && view.knownNamePart(last) && !AMBIGUOUS_NAMES.has(view.lower(last)) ? { first: index, last } : undefined;
    }
    const last = view.extend(index);
    if (!view.lowerCaseText && notAPerson(view, index, last))
        return undefined;
    const strongCue = cueBefore(view, index, STRONG_NAME_CUES);
    if (honorific || strongCue) {
        if (view.lowerCaseText && !strongCue && !view.knownNamePart(index))
            return undefined;
        return { first: index, last };
    }
    const words = view.countWords(index, last);
    if (view.lowerCaseText) {
        // Without capitals only a known given name (not also a common word) starts a name.
        if (!GIVEN_NAMES.has(lower))
            return undefined;
        if (!AMBIGUOUS_NAMES.has(lower))
            return { first: index, last };
        return words > 1 && view.knownNamePart(last) ? { first: index, last } : undefined;
    }
    if (token.allCaps)
        return undefined;
    const ordinary = hasOrdinaryWordEnding(lower) && !SURNAMES.has(lower) && !GIVEN_NAMES.has(lower);
    if (!ordinary && cueBefore(view, index, NAME_CUES))
        return { first: index, last };
    if (GIVEN_NAMES.has(lower)) {
        if (!AMBIGUOUS_NAMES.has(lower))
            return { first: index, last };
        // "Grace", "Max", "Sofia": a name only with a surname-like word after it ("Grace Kelly", "Sofia Barner", not
        // "Max Tokens"), or in a name's position (cues and honorifics above, dialogue labels below).
        const lastLower = view.lower(last);
        const lastKnown = SURNAMES.has(lastLower) || GIVEN_NAMES.has(lastLower);
        if (words > 1 && (lastKnown || (!AMBIGUOUS_NAMES.has(lastLower) && (view.knownNamePart(last) || !view.pluralNoun(last)))))
            return { first: index, last };
    }
    // "Janka M. Szász", "Landerico B Hidalgo": a middle initial between two name words.
    if (words >= 2 && view.hasMiddleInitial(index, last))
        return { first: index, last };
    if (words > 1) {
        // Capitalised words: a person when a later one is a known name or ends like a surname.
        for (let part = index + 1; part <= last; part += 1) {
            const partLower = view.lower(part);
            if ((SURNAMES.has(partLower) || GIVEN_NAMES.has(partLower)) && !AMBIGUOUS_NAMES.has(partLower))
                return { first: index, last };
            if (view.surnameEnding(partLower, true))
                return { first: index, last };
        }
    }
    if (ordinary)
        return undefined;
    if (speakerLabel(view, index, last) && (context.speakerLabels >= 2 || GIVEN_NAMES.has(lower)))
        return { first: index, last };
    if (vocative(view, index, last) || personVerbAfter(view, last))
        return { first: index, last };
    if (words >= 2 && words <= 3 && context.nameLineAboveAddress(index, last))
        return { first: index, last };
    // A lone word with a distinctive surname ending ("Yefremova", "Christiansen").
    if (words === 1 && view.surnameEnding(lower, false))
        return { first: index, last };
    if (words === 1 && SURNAMES.has(lower) && !AMBIGUOUS_NAMES.has(lower) && lower.length >= 5 && !view.sentenceStart(index))
        return { first: index, last };
    return undefined;
}
/**
 * Finds person names in the tokenised text; pushes PERSON findings. `addressStarts` are the offsets where street
 * addresses begin (a name line above one is a name).
 */
export function detectNames(tokenized, findings, addressStarts = []) {
    const view = new NameTokens(tokenized);
    const { tokens } = tokenized;
    const context = { speakerLabels: countSpeakerLabels(view), nameLineAboveAddress: nameLineCheck(view, addressStarts) };
    const found = [];
    const taken = new Set();
    const take = (candidate) => {
        found.push(candidate);
        for (let part = candidate.first; part <= candidate.last; part += 1)
            taken.add(part);
    };
    for (let index = 0; index < tokens.length; index += 1) {
        if (tokens[index]?.kind !== 'word' || taken.has(index))
            continue;
        const candidate = candidateAt(view, index, context);
        if (!candidate)
            continue;
        const list = listAround(view, candidate);
        if (list.company) {
            for (const item of list.items)
                for (let part = item.first; part <= item.last; part += 1)
                    taken.add(part);
            index = Math.max(...list.items.map((item) => item.last));
            continue;
        }
        for (const item of list.items)
            if (item !== candidate && !taken.has(item.first) && personItem(view, item))
                take(item);
        take(candidate);
        index = candidate.last;
    }
    // Later mentions of a found name's words ("Jindřich Holinka … starring Holinka").
    const nameWords = new Set();
    for (const candidate of found) {
        for (let part = candidate.first; part <= candidate.last; part += 1) {
            const lower = view.lower(part);
            if (lower.length >= 3 && !NOT_NAMES.has(lower) && !AMBIGUOUS_NAMES.has(lower))
                nameWords.add(lower);
        }
    }
    if (nameWords.size > 0) {
        for (let index = 0; index < tokens.length; index += 1) {
            if (taken.has(index) || !nameWords.has(view.lower(index)) || !view.nameLike(index))
                continue;
            take({ first: index, last: view.extend(index) });
        }
    }
    for (const candidate of found)
        findings.push({ type: 'PERSON', category: 'pii', start: view.start(candidate.first), end: view.end(candidate.last) });
}
//# sourceMappingURL=detect-names.js.map