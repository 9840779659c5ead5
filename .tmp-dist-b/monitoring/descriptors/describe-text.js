import { countTextTokens } from '../../gateway/cost/index.js';
import { detectLanguage } from './language.js';
import { piiCount } from './pii-count.js';
import { fleschReadingEase } from './readability.js';
import { isRefusal } from './refusal.js';
import { distinctBigramRatio, isEmptyText, words } from './text-stats.js';
import { toxicityScore } from './toxicity/index.js';
/**
 * Text beyond this is not looked at by the lexical descriptors (toxicity, PII, distinct-2 sample fewer words):
 * a 256 KB answer would otherwise cost tens of milliseconds. `chars` and `tokens` always cover the whole text.
 */
export const MAX_ANALYSED_CHARS = 32_768;
const COLUMNS = [
    { name: 'chars', type: 'numerical', description: 'Length in UTF-16 code units (JavaScript characters).' },
    { name: 'tokens', type: 'numerical', description: 'Tokens with the o200k tokenizer (GPT-4o family), as the gateway counts usage.' },
    { name: 'language', type: 'categorical', description: "ISO 639-1 language code, or 'unknown' for short or empty text." },
    { name: 'refusal', type: 'categorical', description: 'The text declines the request (phrase list in seven languages).' },
    { name: 'empty', type: 'categorical', description: 'Blank, or whitespace, punctuation and symbols only.' },
    { name: 'distinct_2', type: 'numerical', description: 'Distinct word bigrams / all word bigrams (1 = no repetition); null under two words.' },
    { name: 'readability', type: 'numerical', description: 'Flesch reading ease (higher is easier); null unless English with at least 3 words.' },
    { name: 'toxicity', type: 'numerical', description: 'Toxicity score in [0, 1] (lexicon plus a small classifier).' },
    { name: 'pii_count', type: 'numerical', description: 'PII and secrets found, plus masking placeholders already in the text.' },
];
/** The columns `describeText` yields, named `${prefix}${separator}${name}`. */
export function prefixedColumns(prefix, separator) {
    return COLUMNS.map((column) => ({ ...column, name: `${prefix}${separator}${column.name}` }));
}
/** The columns `describeText` yields for a text column of a dataset, named `${prefix}.chars` … (`cairn drift compare`). */
export function textDescriptorColumns(prefix) {
    return prefixedColumns(prefix, '.');
}
/** Pure and synchronous; ≈ 0.3–0.5 ms per KB of English (see docs/monitoring-descriptors.md). Never throws on a string. */
export function describeText(text) {
    const analysed = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
    const empty = isEmptyText(analysed);
    const language = empty ? 'unknown' : detectLanguage(analysed);
    return {
        chars: text.length,
        tokens: countTextTokens(text),
        language,
        refusal: !empty && isRefusal(analysed),
        empty,
        distinct_2: distinctBigramRatio(words(analysed)),
        readability: empty ? null : fleschReadingEase(analysed, language),
        toxicity: empty ? 0 : clampUnit(toxicityScore(analysed)),
        pii_count: empty ? 0 : piiCount(analysed),
    };
}
function clampUnit(value) {
    return Number.isFinite(value) ? Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000 : 0;
}
//# sourceMappingURL=describe-text.js.map