/**
 * Refusal: does the text decline the request ("I can't help with that", "As an AI…")? A phrase list in seven
 * languages, matched case-insensitively on whole words. Lexical only: a refusal worded otherwise is missed, and a
 * text that quotes one of these phrases counts. Refusals open the answer, so only its start is searched.
 */
const SEARCHED_CHARS = 600;
/** Phrases whose words must start and end on word boundaries; `'` stands for either apostrophe. */
const WORD_PHRASES = [
    // English
    "i (?:can't|cannot|can not|won't|will not) (?:help|assist|comply|provide|do that|support)",
    "i'm sorry,? but",
    'i am sorry,? but',
    "sorry,? (?:but )?i (?:can't|cannot)",
    'as an ai(?: language model| assistant| model)?',
    'as a (?:large )?language model',
    'i must (?:respectfully )?decline',
    "i(?: am|'m) not (?:able|allowed|permitted) to",
    "i(?: am|'m) unable to",
    "(?:that|this) (?:is not|isn't) something i can (?:help|assist)",
    // French
    'je ne (?:peux|suis) pas (?:vous aider|t\'aider|aider|répondre|en mesure)',
    'je suis désolée?,? mais',
    "en tant qu'(?:ia|intelligence artificielle|assistant)",
    // German
    'ich kann (?:ihnen |dir )?(?:dabei |damit |hierbei )?nicht helfen',
    'es tut mir leid,? aber',
    'als (?:ki|künstliche intelligenz|sprachmodell)',
    'ich bin nicht in der lage',
    // Spanish
    'no puedo (?:ayudarte|ayudarle|ayudar|responder|proporcionar)',
    'lo siento,? pero',
    'como (?:una )?(?:ia|inteligencia artificial|modelo de lenguaje)',
    // Italian
    'non posso (?:aiutarti|aiutarla|aiutare|rispondere|fornire)',
    'mi dispiace,? ma',
    '(?:come|in quanto) (?:un\'?)?(?:ia|intelligenza artificiale|modello linguistico)',
    // Portuguese
    'não posso (?:ajudar|responder|fornecer)',
    'desculp[ae],? mas',
    'como (?:uma )?(?:ia|inteligência artificial|modelo de linguagem)',
];
/** Scripts without spaces between words: plain substrings. */
const SUBSTRINGS = ['我无法', '我不能帮', '作为一个人工智能', '作为ai', '作为一个ai', '抱歉，我不能', '抱歉，我无法', 'お手伝いできません', 'お答えできません', '申し訳ありませんが'];
const PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${WORD_PHRASES.join('|')})(?![\\p{L}\\p{N}])`, 'u');
export function isRefusal(text) {
    const start = (text.length > SEARCHED_CHARS ? text.slice(0, SEARCHED_CHARS) : text).toLowerCase().replace(/[’‘ʼ]/g, "'").replace(/\s+/g, ' ');
    if (PATTERN.test(start))
        return true;
    const compact = start.replace(/ /g, '');
    return SUBSTRINGS.some((phrase) => compact.includes(phrase));
}
//# sourceMappingURL=refusal.js.map