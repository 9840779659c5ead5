import { CairnError } from '../../errors/index.js';
const RELATIVE_HOST = 'cairn-relative.invalid';
// Both schemes: `https:evil.com` is a path on an https page but a host on an http page.
const BASES = [`https://${RELATIVE_HOST}/`, `http://${RELATIVE_HOST}/`];
const NAMED_REFERENCES = {
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', Tab: '\t', NewLine: '\n', colon: ':', sol: '/',
    bsol: '\\', period: '.', lpar: '(', rpar: ')', num: '#', excl: '!', quest: '?', commat: '@', equals: '=', percnt: '%',
    plus: '+', comma: ',', semi: ';', lowbar: '_', hyphen: '-', dash: '-', lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']',
};
const CHARACTER_REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6});?|#([0-9]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)/g;
export function decodeCharacterReferences(text) {
    if (!text.includes('&'))
        return text;
    return text.replace(CHARACTER_REFERENCE, (whole, hex, decimal, name) => {
        if (name !== undefined)
            return NAMED_REFERENCES[name] ?? whole;
        const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(decimal ?? '', 10);
        return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
    });
}
const BACKSLASH_ESCAPE = /\\([!-/:-@[-`{-~])/g;
/** Every regular expression run on link text, for the SEC-DOS-7 audit in the tests. */
export const URL_POLICY_PATTERNS = [CHARACTER_REFERENCE, BACKSLASH_ESCAPE];
/** A host pattern: `example.com` (that host only) or `*.example.com` (its subdomains). */
function parseHostPattern(entry) {
    let text = entry.trim().toLowerCase();
    if (text.includes('://')) {
        try {
            text = new URL(text).hostname;
        }
        catch {
            throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail markdown_links: allowed host "${entry}" is not a host name.`);
        }
    }
    const subdomains = text.startsWith('*.');
    const host = (subdomains ? text.slice(2) : text).replace(/\.$/, '');
    if (!/^[a-z0-9.-]+$/.test(host) && !/^\[[0-9a-f:.]+\]$/.test(host)) {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail markdown_links: allowed host "${entry}" is not a host name (write example.com or *.example.com).`);
    }
    // Through the URL parser too, so IDN and IP spellings compare in the form the parser gives link hosts.
    try {
        return { host: new URL(`https://${host}/`).hostname, subdomains };
    }
    catch {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail markdown_links: allowed host "${entry}" is not a host name.`);
    }
}
export function createUrlPolicy(allowedHosts) {
    const exact = new Set();
    const suffixes = [];
    for (const entry of allowedHosts) {
        const pattern = parseHostPattern(entry);
        if (pattern.subdomains)
            suffixes.push(`.${pattern.host}`);
        else
            exact.add(pattern.host);
    }
    const hostAllowed = (host) => {
        const bare = host.endsWith('.') ? host.slice(0, -1) : host;
        return exact.has(bare) || suffixes.some((suffix) => bare.endsWith(suffix));
    };
    return {
        judge(rawUrl) {
            const value = decodeCharacterReferences(rawUrl.replace(BACKSLASH_ESCAPE, '$1'));
            for (const base of BASES) {
                let url;
                try {
                    url = new URL(value, base);
                }
                catch {
                    return { allowed: false, reason: 'malformed URL' };
                }
                if (url.protocol !== 'http:' && url.protocol !== 'https:') {
                    const scheme = url.protocol.slice(0, -1);
                    return { allowed: false, reason: ['javascript', 'data', 'vbscript'].includes(scheme) ? `${scheme}: URI` : 'scheme not allowed' };
                }
                if (url.hostname !== RELATIVE_HOST && !hostAllowed(url.hostname))
                    return { allowed: false, reason: 'host not on the allowlist' };
            }
            return { allowed: true };
        },
    };
}
//# sourceMappingURL=url-policy.js.map