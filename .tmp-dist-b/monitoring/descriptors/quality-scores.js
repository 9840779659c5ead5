/**
 * Call-level quality scores from the texts alone (relevance needs embeddings, see embeddings.ts). All lexical
 * heuristics: they flag likely problems cheaply on every call; an LLM judge on a sample is the deeper check.
 */
const STOPWORDS = new Set(('a an and are as at be been being but by can could did do does for from had has have he her here him his how i if in into ' +
    'is it its just me more most my no not of on or our out over she so some such than that the their them then there these ' +
    'they this those through to too under up us very was we were what when where which while who whom why will with would you ' +
    'your also about after all any because before both each few only other own same should between during again further once ' +
    'yes okay sure well like one two may might must shall').split(' '));
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** Crude English suffix stripping: enough that `cells` meets `cell` and `converted` meets `converts`. */
function stem(word) {
    if (word.length <= 4)
        return word;
    if (word.endsWith('ies'))
        return `${word.slice(0, -3)}y`;
    if (word.endsWith('ing') && word.length > 5)
        return word.slice(0, -3);
    if (word.endsWith('ed') && word.length > 5)
        return word.slice(0, -2);
    if (word.endsWith('es') && word.length > 5)
        return word.slice(0, -2);
    if (word.endsWith('s') && !word.endsWith('ss'))
        return word.slice(0, -1);
    return word;
}
export function contentWords(text) {
    const result = [];
    for (const match of text.toLowerCase().matchAll(WORD)) {
        const word = match[0].replace(/['’].*$/, '');
        if (word.length >= 3 && !STOPWORDS.has(word))
            result.push(stem(word));
    }
    return result;
}
/** Sentences: split after . ! ? (not inside numbers like 3.14) and at line breaks. */
export function sentences(text) {
    return text
        .split(/(?<=[.!?。！？])\s+|\n+/)
        .map((sentence) => sentence.trim())
        .filter((sentence) => sentence.length > 0);
}
/** A sentence counts as supported when this share of its content words occurs in the context. */
const SUPPORTED_SHARE = 0.6;
/** Sentences with fewer content words ("Sure!", "Here it is:") say nothing checkable and are left out. */
const MIN_SENTENCE_WORDS = 2;
const MAX_SENTENCES = 200;
/**
 * Share of the response's checkable sentences whose content words are (mostly) found in the context, in [0, 1].
 * Null without context, or when the response has no checkable sentence.
 */
export function groundedness(response, context) {
    if (context === null || context.trim() === '')
        return null;
    const supported = new Set(contentWords(context));
    let considered = 0;
    let grounded = 0;
    for (const sentence of sentences(response).slice(0, MAX_SENTENCES)) {
        const words = contentWords(sentence);
        if (words.length < MIN_SENTENCE_WORDS)
            continue;
        considered++;
        const found = words.filter((word) => supported.has(word)).length;
        if (found / words.length >= SUPPORTED_SHARE)
            grounded++;
    }
    return considered === 0 ? null : Math.round((grounded / considered) * 10_000) / 10_000;
}
const URL = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;
const DOI = /\b10\.\d{4,9}\/[-._;()/:a-z0-9]+[a-z0-9]/gi;
const CITATION = /\[(\d{1,3})(?:\s*[,–-]\s*\d{1,3})*\]/g;
const UNSOURCED_CLAIM = /\b(?:according to (?:the|a|this|that|recent|one|several) (?:\w+ )?(?:study|studies|report|article|paper|survey|research|source|analysis)|(?:studies|research|experts|scientists) (?:show|shows|have shown|has shown|suggest|suggests|found)|a (?:recent )?(?:study|report|survey|paper) (?:by|from|published|in|found))\b/gi;
function stripTrailingPunctuation(url) {
    return url.replace(/[.,;:!?]+$/, '');
}
/**
 * Markers of possibly invented support, counted:
 * - a numbered citation (`[3]`) when the context has no such numbering (or there is no context);
 * - "according to the study…", "research shows…" when there is no context to be according to;
 * - a URL in the answer that appears in neither the prompt nor the context;
 * - a DOI (10.xxxx/…) that appears in neither, outside such URLs.
 */
export function hallucinationMarkers(response, prompt, context) {
    const sources = `${prompt ?? ''}\n${context ?? ''}`;
    const sourcesLower = sources.toLowerCase();
    let markers = 0;
    const contextCites = new Set();
    for (const match of (context ?? '').matchAll(CITATION))
        contextCites.add(match[1]);
    for (const match of response.matchAll(CITATION))
        if (!contextCites.has(match[1]))
            markers++;
    if (context === null) {
        UNSOURCED_CLAIM.lastIndex = 0;
        markers += [...response.matchAll(UNSOURCED_CLAIM)].length;
    }
    let rest = response;
    for (const match of response.matchAll(URL)) {
        const url = stripTrailingPunctuation(match[0]);
        if (!sourcesLower.includes(url.toLowerCase()))
            markers++;
        rest = rest.replace(match[0], ' ');
    }
    for (const match of rest.matchAll(DOI)) {
        if (!sourcesLower.includes(match[0].toLowerCase()))
            markers++;
    }
    return markers;
}
/** Cosine similarity rounded to 4 decimals; null when either vector is zero or they differ in length. */
export function cosine(left, right) {
    if (!left || !right || left.length !== right.length || left.length === 0)
        return null;
    let dot = 0;
    let leftNorm = 0;
    let rightNorm = 0;
    for (let index = 0; index < left.length; index++) {
        const a = left[index];
        const b = right[index];
        dot += a * b;
        leftNorm += a * a;
        rightNorm += b * b;
    }
    if (leftNorm === 0 || rightNorm === 0 || !Number.isFinite(dot))
        return null;
    const value = dot / Math.sqrt(leftNorm * rightNorm);
    return Math.round(Math.max(-1, Math.min(1, value)) * 10_000) / 10_000;
}
//# sourceMappingURL=quality-scores.js.map