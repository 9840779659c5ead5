/**
 * Cyrillic, Greek and Latin-extension letters that render like a basic Latin letter, folded to that letter before
 * matching (SEC-PI-2), so `іgnоrе` (Cyrillic і, о, е) reads as `ignore`; typographic quotes and dashes fold to ASCII. Only look-alikes in common fonts are listed:
 * folding a letter that merely resembles one (Cyrillic и, Greek λ) would garble real Cyrillic or Greek text for
 * nothing. Fullwidth and mathematical letters need no entry: NFKC folds them already.
 */
const pairs = [
    // Cyrillic, lower case
    ['а', 'a'], ['в', 'b'], ['е', 'e'], ['ё', 'e'], ['к', 'k'], ['м', 'm'], ['н', 'h'], ['о', 'o'], ['р', 'p'],
    ['с', 'c'], ['т', 't'], ['у', 'y'], ['х', 'x'], ['і', 'i'], ['ї', 'i'], ['ј', 'j'], ['ѕ', 's'], ['һ', 'h'],
    ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'], ['ү', 'y'], ['ɡ', 'g'],
    // Cyrillic, upper case
    ['А', 'A'], ['В', 'B'], ['Е', 'E'], ['К', 'K'], ['М', 'M'], ['Н', 'H'], ['О', 'O'], ['Р', 'P'], ['С', 'C'],
    ['Т', 'T'], ['У', 'Y'], ['Х', 'X'], ['І', 'I'], ['Ј', 'J'], ['Ѕ', 'S'], ['Ԛ', 'Q'], ['Ԝ', 'W'], ['Ү', 'Y'],
    ['Ӏ', 'I'],
    // Greek
    ['α', 'a'], ['ο', 'o'], ['ρ', 'p'], ['ν', 'v'], ['ι', 'i'], ['κ', 'k'], ['τ', 't'], ['υ', 'u'], ['χ', 'x'],
    ['ε', 'e'], ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'],
    ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'],
    // Latin extensions and IPA letters used the same way (dotless ı, script ɑ, ɩ, ȷ, ʏ)
    ['ı', 'i'], ['ɑ', 'a'], ['ɩ', 'i'], ['ȷ', 'j'], ['ʏ', 'y'], ['ɒ', 'a'], ['ǀ', 'l'],
    // Armenian
    ['օ', 'o'], ['ս', 'u'], ['հ', 'h'], ['ո', 'n'],
    // Typographic quotes and dashes, so `don’t` and `“system”` match like their ASCII forms
    ['‘', "'"], ['’', "'"], ['‚', "'"], ['‛', "'"], ['“', '"'], ['”', '"'], ['„', '"'], ['‐', '-'], ['‑', '-'], ['‒', '-'],
    ['–', '-'], ['—', '-'],
];
/** UTF-16 code unit → the Latin letter's code unit (all entries are in the BMP). */
export const homoglyphFold = new Map(pairs.map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]));
//# sourceMappingURL=homoglyphs.js.map