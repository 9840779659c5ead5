import { BOS } from './ngram-model.js';
import { countTokens, endsSentence, isWordToken, tokenize } from './tokenizer.js';
/** Words that say nothing about what a question is about. */
const FUNCTION_WORDS = new Set(('a an and are as at be but by can could do does for from has have how i if in into is it its me my no not of on or ' +
    'our please should so tell than that the their them then there these they this to us was we what when where which ' +
    'who why will with would you your hello hi explain about').split(' '));
/** The text of a message: its string content, or its text parts joined (images and audio are ignored). */
export function messageText(message) {
    const { content } = message;
    if (typeof content === 'string')
        return content;
    if (!Array.isArray(content))
        return '';
    const texts = [];
    for (const part of content) {
        if (part !== null && typeof part === 'object' && typeof part.text === 'string')
            texts.push(part.text);
    }
    return texts.join('\n');
}
/** Input tokens as this model's tokenizer counts them: every message's text, or the prompt. */
export function countInputTokens(input) {
    if (input.kind === 'completion')
        return countTokens(input.prompt);
    let total = 0;
    for (const message of input.messages)
        total += countTokens(messageText(message));
    return total;
}
/** A stable text form of the input, mixed into the seed so one seed gives each input its own answer. */
export function inputFingerprint(input) {
    if (input.kind === 'completion')
        return `completion\u0000${input.prompt}`;
    return input.messages.map((message) => `${message.role}\u0000${messageText(message)}`).join('\u0001');
}
function bosContext(model) {
    return new Array(model.order - 1).fill(BOS);
}
/**
 * Chat conditioning: the answer opens with a content word of the last user message that the model knows
 * (rarer words preferred), so replies drift towards the question's topic. Greedy decoding picks the
 * rarest; sampling picks by weight. With no known word the answer starts a fresh sentence.
 */
export function chatSetup(model, messages, random) {
    const lastUser = [...messages].reverse().find((message) => message.role === 'user') ?? messages[messages.length - 1];
    const candidates = [];
    const weights = [];
    for (const token of tokenize(lastUser === undefined ? '' : messageText(lastUser))) {
        const lower = token.toLowerCase();
        const id = model.ids.get(lower);
        if (id === undefined || !isWordToken(lower) || FUNCTION_WORDS.has(lower) || candidates.includes(id))
            continue;
        candidates.push(id);
        const informativeness = Math.log(model.unigramTotal / model.unigramCounts[id]);
        weights.push(informativeness * informativeness);
    }
    const setup = { context: bosContext(model), previousSurface: undefined, sentenceStart: true };
    if (candidates.length === 0)
        return setup;
    let pick = 0;
    if (random === null) {
        for (let index = 1; index < weights.length; index++)
            if (weights[index] > weights[pick])
                pick = index;
    }
    else {
        let target = random() * weights.reduce((sum, weight) => sum + weight, 0);
        for (pick = 0; pick < weights.length - 1; pick++) {
            target -= weights[pick];
            if (target < 0)
                break;
        }
    }
    setup.forcedFirst = candidates[pick];
    return setup;
}
/** Completion conditioning: the model continues the prompt from its last known words. */
export function completionSetup(model, prompt) {
    const tokens = tokenize(prompt);
    if (tokens.length === 0)
        return { context: bosContext(model), previousSurface: undefined, sentenceStart: true };
    const tail = tokens.slice(-(model.order - 1));
    const context = [...bosContext(model), ...tail.map((token) => model.ids.get(token.toLowerCase()) ?? -1)];
    // A prompt ending in whitespace has already written the separator.
    const last = tail[tail.length - 1];
    const previousSurface = /\s$/.test(prompt) ? undefined : last;
    return { context, previousSurface, sentenceStart: endsSentence(last) };
}
//# sourceMappingURL=demo-prompt.js.map