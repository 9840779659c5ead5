import { createFeatureBuffer, hashFeatures, wordHash } from './features.js';
import { heuristicFamilies } from './heuristic-families.js';
/**
 * Phrase families that mark prompt-injection and jailbreak attempts (`heuristic-families.ts`). Each match is a
 * finding with offsets into the text it ran on, and each family a feature of the classifier, which learns how much
 * a family counts from the corpora rather than from a hand-set weight: `act as` alone is everyday prompting, `act
 * as` with `unfiltered` and `never refuse` is not.
 */
export { heuristicFamilies } from './heuristic-families.js';
/** Matches per family kept as findings (the counts behind the features are capped at the same number). */
export const MAX_MATCHES_PER_FAMILY = 4;
/**
 * Lower-cases `text` keeping every offset: the few characters whose lower case has another length stay as they are.
 */
export function lowerCaseSameLength(text) {
    const lower = text.toLowerCase();
    if (lower.length === text.length)
        return lower;
    let result = '';
    for (let index = 0; index < text.length; index++) {
        const character = text[index];
        const folded = character.toLowerCase();
        result += folded.length === 1 ? folded : character;
    }
    return result;
}
/** Every rule, flattened, with its family's index. */
export const rules = heuristicFamilies.flatMap((family, familyIndex) => family.rules.map((rule) => ({ rule, family: familyIndex })));
const scanned = rules.map((_, index) => index).filter((index) => rules[index]?.rule.leads === undefined);
/** Lead word hash → the rules starting with that word (a hash collision only costs an extra anchored attempt). */
const rulesByLead = new Map();
rules.forEach(({ rule }, ruleIndex) => {
    for (const word of rule.leads ?? []) {
        const hash = wordHash(word);
        const starting = rulesByLead.get(hash);
        if (!starting)
            rulesByLead.set(hash, [ruleIndex]);
        else if (!starting.includes(ruleIndex))
            starting.push(ruleIndex);
    }
});
/** Per family, where its last match ended (attempts inside a match are skipped, as a scan would). */
const matchedUntil = new Int32Array(heuristicFamilies.length);
/** The word hashes and offsets of `lowerText` as `hashFeatures` records them (for callers without a buffer). */
export function wordsOf(lowerText) {
    const buffer = createFeatureBuffer(lowerText.length * 6 + 8);
    hashFeatures(lowerText, buffer);
    return buffer;
}
function record(match, family, matches) {
    matches.push({ type: family.type, detail: family.detail, start: match.index, end: match.index + match[0].length });
}
/**
 * Runs the rules over `text` (`lowerText` is `lowerCaseSameLength(text)`; `words` its word hashes and offsets from
 * `hashFeatures`, computed here when absent): rules with lead words are tried anchored where such a word starts,
 * the others scan. Writes each family's match count (capped) into `counts` (length ≥ the number of families) and
 * returns the matches as findings.
 */
export function runHeuristics(text, lowerText, counts, words = wordsOf(lowerText)) {
    const matches = [];
    for (let family = 0; family < heuristicFamilies.length; family++)
        counts[family] = 0;
    matchedUntil.fill(0);
    for (let word = 0; word < words.wordsTotal; word++) {
        const starting = rulesByLead.get(words.words[word]);
        if (starting === undefined)
            continue;
        const start = words.wordStarts[word];
        for (const ruleIndex of starting) {
            const { rule, family } = rules[ruleIndex];
            if ((counts[family] ?? 0) >= MAX_MATCHES_PER_FAMILY || start < matchedUntil[family])
                continue;
            rule.pattern.lastIndex = start;
            const match = rule.pattern.exec(rule.cased ? text : lowerText);
            if (match === null)
                continue;
            record(match, heuristicFamilies[family], matches);
            matchedUntil[family] = match.index + match[0].length;
            counts[family] = (counts[family] ?? 0) + 1;
        }
    }
    for (const ruleIndex of scanned) {
        const { rule, family } = rules[ruleIndex];
        const pattern = rule.pattern;
        pattern.lastIndex = 0;
        for (let match = pattern.exec(lowerText); match !== null && (counts[family] ?? 0) < MAX_MATCHES_PER_FAMILY; match = pattern.exec(lowerText)) {
            if (match[0].length === 0) {
                pattern.lastIndex++;
                continue;
            }
            record(match, heuristicFamilies[family], matches);
            counts[family] = (counts[family] ?? 0) + 1;
        }
    }
    return matches;
}
//# sourceMappingURL=heuristics.js.map