import { detect } from 'tinyld';
/**
 * Language of a text as an ISO 639-1 code, or `unknown` when the text is too short to tell.
 *
 * tinyld costs 1–3 ms per call whatever the text's length (it builds a set of its ~60 languages for every word),
 * which would make it most of a row's descriptor time. So two cheaper steps come first: common function words
 * of the seven Latin-script languages most traffic is in decide when the evidence is clear (at least 3 hits and
 * twice the runner-up's), and otherwise tinyld sees a prefix of at most SAMPLE_CHARS characters, cut at a word
 * boundary. Measured on 1 KB of English: ≈ 15 µs with the fast path, ≈ 2.5 ms through tinyld.
 */
const SAMPLE_CHARS = 240;
/** Fewer letters than this: `unknown` (tinyld guesses wildly on "ok thanks"). */
const MIN_LETTERS = 12;
const MIN_FAST_HITS = 3;
/** Words frequent in one language and rare elsewhere; overlaps (`de`, `la`, `que`) only add to several languages. */
const FUNCTION_WORDS = {
    en: 'the and is are of to in that it you what how with for this was be have not can please would my your on do does an which there their from will',
    fr: 'le la les des est et une un pour que qui dans pas vous je ce sur avec au du mais nous sont être cette comment',
    de: 'der die das und ist nicht ich sie ein eine zu mit den auf für wie es sich dem auch wir sind bitte kann',
    es: 'el la los las de que y es en un una por para con no se del como qué está muy pero cómo estoy puedo',
    it: 'il la di che e è un una per non sono con del della come gli lo questo anche ciao sei mi',
    pt: 'o a os as de que e é um uma para com não do da em no na você mais como isso está',
    nl: 'de het een en van is dat niet ik je op te met voor zijn wat hoe er maar ook',
};
const LANGUAGES_OF = new Map();
for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
    for (const word of words.split(' ')) {
        const list = LANGUAGES_OF.get(word) ?? [];
        list.push(language);
        LANGUAGES_OF.set(word, list);
    }
}
const LETTER = /\p{L}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;
const WORD = /[\p{L}']+/gu;
/** Words looked at by the fast path: enough to be sure, bounded for long texts. */
const FAST_PATH_WORDS = 80;
function countMatches(text, pattern) {
    pattern.lastIndex = 0;
    let count = 0;
    while (pattern.exec(text) !== null)
        count++;
    return count;
}
/** The function-word vote, or null when it is not clear-cut. */
function functionWordVote(sample) {
    const votes = new Map();
    let seen = 0;
    for (const match of sample.toLowerCase().matchAll(WORD)) {
        if (++seen > FAST_PATH_WORDS)
            break;
        const languages = LANGUAGES_OF.get(match[0]);
        if (languages)
            for (const language of languages)
                votes.set(language, (votes.get(language) ?? 0) + 1);
    }
    let best = null;
    let bestVotes = 0;
    let second = 0;
    for (const [language, count] of votes) {
        if (count > bestVotes) {
            second = bestVotes;
            best = language;
            bestVotes = count;
        }
        else if (count > second)
            second = count;
    }
    return best !== null && bestVotes >= MIN_FAST_HITS && bestVotes >= 2 * second ? best : null;
}
function prefixAtWord(text, length) {
    if (text.length <= length)
        return text;
    const cut = text.lastIndexOf(' ', length);
    return text.slice(0, cut > length / 2 ? cut : length);
}
export function detectLanguage(text) {
    const sample = text.length > 2 * SAMPLE_CHARS ? prefixAtWord(text, 2 * SAMPLE_CHARS) : text;
    const letters = countMatches(sample, LETTER);
    if (letters < MIN_LETTERS)
        return 'unknown';
    // The fast path only for Latin-script text: function words say nothing about Cyrillic or Han.
    if (countMatches(sample, LATIN_LETTER) >= 0.8 * letters) {
        const vote = functionWordVote(sample);
        if (vote !== null)
            return vote;
    }
    const detected = detect(prefixAtWord(sample, SAMPLE_CHARS));
    return /^[a-z]{2}$/.test(detected) ? detected : 'unknown';
}
//# sourceMappingURL=language.js.map