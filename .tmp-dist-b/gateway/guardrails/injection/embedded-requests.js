import { MAX_MATCHES_PER_FAMILY } from './heuristics.js';
/**
 * Indirect injection hides an ordinary request ("Write a script that…", "How can I…") inside third-party content.
 * A request is harmless as the user's own message and suspicious inside an e-mail or web page, a conjunction a
 * linear classifier cannot learn from words alone, so it is a feature of its own: requests aimed at an assistant
 * in a text that looks like a document, split by whether the request opens the text (as in "Summarise this: …")
 * or sits inside it.
 */
const taskRequestStart = new RegExp(`[\\s"'*>•\\-]{0,4}(?:please[, ]{1,2}|now[, ]{1,2}|also[, ]{1,2})?(?:write|provide|summari[sz]e|analy[sz]e|recommend|suggest|describe|explain|list|translate|compose|generate|create|encode|encrypt|decode|reverse|render|express|integrate|modify|enhance|augment|apply|shift|replace|determine|classify|calculate|compare|outline|draft|tell me|give me|help me|show me|can you|could you|would you|how (?:can|do|does|should|would|have|has|did) (?:i|you|we|one)|what (?:are|is|were|was) the|what movies|which (?:books?|movies?))\\b`, 'y');
const sentence = /[^.!?\n|]+/g;
const documentMarkers = /\b(?:subject|from|to|date|received|sent|cc)\s{0,2}:|\b(?:dear|regards|sincerely|cheers|unsubscribe)\b|https?:\/\/|\bwww\.|<\/?(?:div|p|html|body|table)\b/;
/** Whether `lowerText` reads like third-party content (an e-mail, a page, a document) rather than a short request. */
export function looksLikeDocument(lowerText) {
    if (lowerText.length < 200)
        return false;
    let lines = 0;
    for (let index = lowerText.indexOf('\n'); index !== -1 && lines < 3; index = lowerText.indexOf('\n', index + 1))
        lines++;
    return lines >= 3 || documentMarkers.test(lowerText);
}
/** Requests aimed at an assistant in `lowerText`, by sentence (a sentence ends at . ! ? | or a line break). */
export function findTaskRequests(lowerText) {
    const result = { opening: false, later: [] };
    let first = true;
    sentence.lastIndex = 0;
    for (let match = sentence.exec(lowerText); match !== null; match = sentence.exec(lowerText)) {
        if (match[0].trim().length === 0)
            continue;
        taskRequestStart.lastIndex = match.index;
        if (taskRequestStart.test(lowerText)) {
            if (first)
                result.opening = true;
            else if (result.later.length < MAX_MATCHES_PER_FAMILY)
                result.later.push({ start: match.index, end: match.index + match[0].length });
        }
        first = false;
    }
    return result;
}
//# sourceMappingURL=embedded-requests.js.map