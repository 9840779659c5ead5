import { execAll } from './exec-all.js';
import { ibanLength, ibanValid, ipVersion } from './validators.js';
/*
 * E-mail, IP and IBAN detection. Candidates are found by anchors (an `@`, a `:`, two letters and two digits) and
 * expanded by bounded character loops, so the cost is linear in the text whatever it contains.
 */
const unicodeAlnum = /[\p{L}\p{N}]/u;
function isAsciiAlnum(code) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isAlnum(char) {
    if (char === undefined)
        return false;
    const code = char.charCodeAt(0);
    return code < 128 ? isAsciiAlnum(code) : unicodeAlnum.test(char);
}
function isLocalChar(char) {
    return isAlnum(char) || char === '.' || char === '_' || char === '%' || char === '+' || char === '-';
}
function isDomainChar(char) {
    return isAlnum(char) || char === '.' || char === '-';
}
const topLevelDomain = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;
const domainLabel = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
function domainValid(domain) {
    const labels = domain.split('.');
    if (labels.length < 2)
        return false;
    if (!topLevelDomain.test(labels[labels.length - 1] ?? ''))
        return false;
    return labels.every((label) => label.length <= 63 && (domainLabel.test(label) || /^xn--[a-z0-9-]+$/i.test(label)));
}
const urlUserInfo = /:\/\/[^\s/@:]*:$/;
export function detectEmails(text, findings) {
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
        let start = at;
        while (start > 0 && at - start < 64 && isLocalChar(text[start - 1]))
            start -= 1;
        while (start < at && text[start] === '.')
            start += 1;
        if (start === at || text[at - 1] === '.')
            continue;
        // `scheme://user:password@host` is a URL credential (a secret pattern), not an address.
        if (text[start - 1] === ':' && urlUserInfo.test(text.slice(Math.max(0, start - 160), start)))
            continue;
        let end = at + 1;
        while (end < text.length && end - at <= 255 && isDomainChar(text[end]))
            end += 1;
        while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-'))
            end -= 1;
        if (!domainValid(text.slice(at + 1, end)))
            continue;
        findings.push({ type: 'EMAIL', category: 'pii', start, end });
    }
}
const ipv4 = /(?<![0-9A-Za-z.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9A-Za-z])/g;
// One run of hex digits, colons and dots containing a colon; the lookbehind rejects starts inside a run and runs
// glued to a word ("text2001:db8::1", "std::cout").
const cidrSuffix = /\/(\d{1,3})(?![0-9])/y;
const zoneSuffix = /%[0-9A-Za-z]{1,16}/y;
function isIpv6Char(code) {
    return (code >= 48 && code <= 58) || code === 46 || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}
const unspecifiedContext = /(?:ip|ipv6|addr|address|src|dst|host|bind|listen|from|to|unspecified|any)\s*[=:]?\s*$/i;
function withPrefixLength(text, end, maxBits) {
    cidrSuffix.lastIndex = end;
    const match = cidrSuffix.exec(text);
    return match && Number(match[1]) <= maxBits ? end + match[0].length : end;
}
export function detectIpAddresses(text, findings) {
    for (const match of execAll(ipv4, text)) {
        if (ipVersion(match[0]) !== 4)
            continue;
        const end = withPrefixLength(text, match.index + match[0].length, 32);
        findings.push({ type: 'IP_ADDRESS', category: 'pii', start: match.index, end });
    }
    // IPv6: anchored on each ':' and expanded over hex digits, colons and dots by hand, so text without colons costs
    // nothing and each run is examined once.
    for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
        let start = colon;
        while (start > 0 && isIpv6Char(text.charCodeAt(start - 1)))
            start -= 1;
        let runEnd = colon + 1;
        while (runEnd < text.length && isIpv6Char(text.charCodeAt(runEnd)))
            runEnd += 1;
        colon = runEnd;
        // A run glued to a word ("text2001:db8::1", "std::cout", "fe80::1text") is not an address.
        if (start > 0 && /[0-9A-Za-z_]/.test(text[start - 1] ?? ''))
            continue;
        if (/[G-Zg-z_]/.test(text[runEnd] ?? ''))
            continue;
        let candidate = text.slice(start, runEnd);
        while (candidate.endsWith('.'))
            candidate = candidate.slice(0, -1);
        if (ipVersion(candidate) !== 6 && candidate.endsWith(':') && !candidate.endsWith('::'))
            candidate = candidate.slice(0, -1);
        if (!candidate.includes(':') || ipVersion(candidate) !== 6)
            continue;
        let end = start + candidate.length;
        // A bare '::' is also C++/Haskell syntax: only an address next to an address word or with a prefix length.
        if (candidate === '::' && text[end] !== '/' && !unspecifiedContext.test(text.slice(Math.max(0, start - 24), start)))
            continue;
        zoneSuffix.lastIndex = end;
        const zone = zoneSuffix.exec(text);
        if (zone && ipVersion(candidate + zone[0]) === 6)
            end += zone[0].length;
        end = withPrefixLength(text, end, 128);
        findings.push({ type: 'IP_ADDRESS', category: 'pii', start, end });
    }
}
const ibanStart = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=[A-Za-z0-9 ])/g;
/** Reads an IBAN of `length` characters at `start`: compact, or printed in groups of four separated by one space. */
function readIban(text, start, length) {
    let compact = text.slice(start, start + 4);
    let position = start + 4;
    const spaced = text[position] === ' ';
    while (compact.length < length) {
        if (spaced) {
            if (text[position] !== ' ')
                return undefined;
            position += 1;
            const group = Math.min(4, length - compact.length);
            const chunk = text.slice(position, position + group);
            if (chunk.length < group || !/^[A-Za-z0-9]+$/.test(chunk))
                return undefined;
            compact += chunk;
            position += group;
        }
        else {
            const char = text[position];
            if (char === undefined || !isAsciiAlnum(char.charCodeAt(0)))
                return undefined;
            compact += char;
            position += 1;
        }
    }
    if (position < text.length && isAlnum(text[position]))
        return undefined;
    return { end: position, compact };
}
export function detectIbans(text, findings) {
    for (const match of execAll(ibanStart, text)) {
        const length = ibanLength(match[0].slice(0, 2));
        if (length === undefined)
            continue;
        const iban = readIban(text, match.index, length);
        if (!iban || !ibanValid(iban.compact))
            continue;
        findings.push({ type: 'IBAN', category: 'pii', start: match.index, end: iban.end });
    }
}
//# sourceMappingURL=detect-contact.js.map