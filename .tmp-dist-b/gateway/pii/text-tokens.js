const letterOrMark = /[\p{L}\p{M}]/u;
const space = /\s/u;
const upperCase = /\p{Lu}/u;
/** One-character strings for ASCII marks, so marks cost no allocation. */
const ASCII_CHARS = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
function isLetterCode(text, index) {
    const code = text.charCodeAt(index);
    if (code < 128)
        return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    return !Number.isNaN(code) && letterOrMark.test(text[index] ?? '');
}
function isDigitCode(code) {
    return code >= 48 && code <= 57;
}
function isSpaceCode(text, index) {
    const code = text.charCodeAt(index);
    if (code < 128)
        return code === 32 || code === 9 || code === 13 || code === 10 || code === 11 || code === 12;
    return space.test(text[index] ?? '');
}
export function tokenize(text) {
    const tokens = [];
    let lineBreak = false;
    for (let index = 0; index < text.length;) {
        const code = text.charCodeAt(index);
        if (code === 10) {
            lineBreak = true;
            index += 1;
            continue;
        }
        if (code === 32 || code === 9 || code === 13 || (code >= 128 && isSpaceCode(text, index))) {
            index += 1;
            continue;
        }
        const start = index;
        let kind;
        if (isDigitCode(code)) {
            kind = 'number';
            while (index < text.length && isDigitCode(text.charCodeAt(index)))
                index += 1;
        }
        else if (isLetterCode(text, index)) {
            kind = 'word';
            index += 1;
            for (;;) {
                const next = text.charCodeAt(index);
                if ((next >= 97 && next <= 122) || (next >= 65 && next <= 90))
                    index += 1;
                else if (next >= 128 && isLetterCode(text, index))
                    index += 1;
                // An apostrophe or hyphen inside a word ("O'Brien", "Garcia-Smith"), not at its end.
                else if ((text[index] === "'" || text[index] === '’' || text[index] === '-') && isLetterCode(text, index + 1))
                    index += 2;
                else
                    break;
            }
        }
        else {
            kind = 'mark';
            // Keep a surrogate pair together.
            index += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
        }
        let end = index;
        // "Jennifer's" → "Jennifer".
        if (kind === 'word' && end - start > 2 && (text[end - 1] === 's' || text[end - 1] === 'S') && (text[end - 2] === "'" || text[end - 2] === '’'))
            end -= 2;
        // Marks and numbers keep a shared string (their text is never looked up); words their lower-case text.
        const lower = kind === 'mark' ? (code < 128 ? (ASCII_CHARS[code] ?? '') : text.slice(start, end)) : kind === 'number' ? '0' : '';
        const token = { start, end, kind, lineBreakBefore: lineBreak, lower, capitalised: false, allCaps: false, innerCapital: false };
        if (kind === 'word')
            shapeWord(text, token);
        tokens.push(token);
        lineBreak = false;
    }
    return { text, tokens, lowerCaseOnly: !upperCase.test(text) };
}
/** 1 upper case, -1 lower case, 0 neither (digits, marks, caseless scripts). ASCII without allocation. */
function letterCase(char) {
    const code = char.charCodeAt(0);
    if (code < 128)
        return code >= 65 && code <= 90 ? 1 : code >= 97 && code <= 122 ? -1 : 0;
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    return lower === upper ? 0 : char === upper ? 1 : -1;
}
function caseAt(text, index) {
    const code = text.charCodeAt(index);
    if (code < 128)
        return code >= 65 && code <= 90 ? 1 : code >= 97 && code <= 122 ? -1 : 0;
    return letterCase(text[index] ?? '');
}
function shapeWord(text, token) {
    let anyLower = false;
    let anyUpper = false;
    let innerCapital = false;
    let previous = caseAt(text, token.start);
    for (let index = token.start + 1; index < token.end; index += 1) {
        const letter = caseAt(text, index);
        if (letter < 0)
            anyLower = true;
        else if (letter > 0) {
            anyUpper = true;
            // Only an upper-case letter right after a lower-case one: "YouTube", not "García-López" or "O'Brien".
            if (previous < 0)
                innerCapital = true;
        }
        previous = letter;
    }
    const firstUpper = caseAt(text, token.start) > 0;
    token.capitalised = firstUpper && anyLower;
    token.allCaps = firstUpper && !anyLower && token.end - token.start >= 2;
    token.innerCapital = innerCapital;
    const raw = text.slice(token.start, token.end);
    // Text without capitals (or non-ASCII letters, whose case the loop above also saw) is already lower case.
    token.lower = firstUpper || anyUpper ? raw.toLowerCase() : raw;
}
/** Upper-case letter (for scripts with case; caseless scripts have no capitalised words). */
export function isUpper(char) {
    return char !== undefined && char.length > 0 && letterCase(char) > 0;
}
export function isLower(char) {
    return char !== undefined && char.length > 0 && letterCase(char) < 0;
}
/** "Mauer", "McConnan", "O'Brien", "Garcia-Smith": an upper-case first letter and some lower-case letters. */
export function isCapitalised(word) {
    if (!isUpper(word[0]))
        return false;
    for (let index = 1; index < word.length; index += 1)
        if (isLower(word[index]))
            return true;
    return false;
}
/** "HUTTON", "SK": two or more letters, none lower-case. */
export function isAllCaps(word) {
    if (word.length < 2 || !isUpper(word[0]))
        return false;
    for (let index = 1; index < word.length; index += 1)
        if (isLower(word[index]))
            return false;
    return true;
}
//# sourceMappingURL=text-tokens.js.map