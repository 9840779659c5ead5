/** Code that reads a credential from elsewhere ("api_key=os.environ['KEY']"): a reference, not the secret. */
const environmentReference = /^(?:os\.environ|os\.getenv|process\.env|import\.meta\.env|System\.getenv|getenv\(|env\(|ENV\[|\$\{|\{\{|\$[A-Z_]+$)/;
const hasLetterAndDigit = (value) => /\d/.test(value) && /[A-Za-z]/.test(value);
const patterns = [
    // OpenAI (sk-, sk-proj-, sk-svcacct-…) and Anthropic (sk-ant-…) keys; classified by prefix below.
    { type: 'OPENAI_API_KEY', regex: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g, accept: (value) => hasLetterAndDigit(value.slice(3)) },
    { type: 'STRIPE_KEY', regex: /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
    { type: 'AWS_ACCESS_KEY_ID', regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
    {
        type: 'AWS_SECRET_ACCESS_KEY',
        regex: /(?<![A-Za-z0-9])aws_?secret_?access_?key["']?[ \t]{0,16}[:=][ \t]{0,16}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
        group: 1,
    },
    { type: 'GITHUB_TOKEN', regex: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}/g },
    { type: 'GITHUB_TOKEN', regex: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}/g },
    { type: 'SLACK_TOKEN', regex: /(?<![A-Za-z0-9_-])xox[abposr]-[A-Za-z0-9-]{10,}/g, accept: (value) => /\d/.test(value) },
    { type: 'SLACK_TOKEN', regex: /(?<![A-Za-z0-9.-])hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,}/g },
    { type: 'GOOGLE_API_KEY', regex: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
    { type: 'GITLAB_TOKEN', regex: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}/g },
    { type: 'HUGGINGFACE_TOKEN', regex: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}/g },
    { type: 'CAIRN_TOKEN', regex: /(?<![A-Za-z0-9_])cairn_[A-Za-z0-9_-]{40,}/g },
    { type: 'API_KEY', regex: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
    { type: 'API_KEY', regex: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
    { type: 'API_KEY', regex: /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{50,}/g },
    { type: 'API_KEY', regex: /(?<![A-Za-z0-9_])dop_v1_[a-f0-9]{64}(?![A-Za-z0-9])/g },
    { type: 'API_KEY', regex: /(?<![A-Za-z0-9_])shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/g },
    { type: 'API_KEY', regex: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{24,}/g },
    { type: 'GOOGLE_API_KEY', regex: /(?<![A-Za-z0-9_.-])ya29\.[0-9A-Za-z_-]{20,}/g },
    { type: 'SLACK_TOKEN', regex: /(?<![A-Za-z0-9_-])xapp-\d-[A-Z0-9]{6,}-\d{6,}-[a-z0-9]{20,}/g },
    { type: 'JWT', regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
    // Credentials in URLs: only the password is masked, the host stays readable.
    {
        type: 'URL_PASSWORD',
        regex: /:\/\/[^\s:@/?#]{1,128}:([^\s:@/?#]{1,256})@/dg,
        group: 1,
    },
    {
        type: 'SECRET_VALUE',
        regex: /(?<![A-Za-z0-9])(?:password|passwd|pwd|passphrase|api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key|account[_-]?key|shared[_-]?access[_-]?key)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([^\s"'`,;]{6,})/dgi,
        group: 1,
        accept: (value) => !environmentReference.test(value),
    },
    // "token: …", "API_TOKEN=…", "client_secret = …", "credentials: …": only values that look generated (letters and
    // digits, 12 or more), since "token: count" and "secret: sauce" are prose.
    {
        type: 'SECRET_VALUE',
        regex: /(?<![A-Za-z])(?:token|secret|credentials?)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([^\s"'`,;&]{12,})/dgi,
        group: 1,
        accept: (value) => /\d/.test(value) && /[A-Za-z]/.test(value) && !environmentReference.test(value),
    },
    { type: 'BEARER_TOKEN', regex: /(?<![A-Za-z0-9_])Bearer[ \t]{1,4}([A-Za-z0-9._~+/-]{16,}=*)/dgi, group: 1 },
];
function push(findings, type, start, end) {
    findings.push({ type, category: 'secret', start, end });
}
/** PEM private-key blocks. A block without its END line is masked to the end of the text: a cut key is still a key. */
function detectPrivateKeys(text, findings) {
    let from = 0;
    for (;;) {
        const start = text.indexOf('-----BEGIN ', from);
        if (start < 0)
            return;
        const labelStart = start + 11;
        const labelEnd = text.indexOf('-----', labelStart);
        if (labelEnd < 0)
            return;
        const label = text.slice(labelStart, labelEnd);
        if (labelEnd - labelStart > 64 || !label.includes('PRIVATE KEY')) {
            from = labelStart;
            continue;
        }
        const footer = `-----END ${label}-----`;
        const footerAt = text.indexOf(footer, labelEnd + 5);
        const end = footerAt < 0 ? text.length : footerAt + footer.length;
        push(findings, 'PRIVATE_KEY', start, end);
        from = end;
    }
}
/**
 * Every pattern above needs one of these fragments; one scan for them spares the full set of patterns on the
 * common text that has none.
 */
const anchors = /sk-|[sr]k_(?:live|test)_|A(?:KIA|SIA|BIA|CCA|Iza)|aws|gh[pousr]_|github_pat_|xox|xapp-|hooks\.slack|glpat-|hf_|cairn_|npm_|SG\.|pypi-|dop_v1_|shp|whsec_|ya29\.|eyJ|:\/\/|pass|pwd|key|secret|token|credential|bearer|-----BEGIN/i;
/*
 * High-entropy tokens: credentials with no known prefix. A run of 32–256 characters of [A-Za-z0-9+/_-] counts when
 * it looks generated rather than written:
 * - upper-case letters, lower-case letters and digits, at least two of each (so hex digests, UUIDs, commit ids and
 *   lower-case slugs never count: those are overwhelmingly identifiers, not secrets; a hex secret is caught only by
 *   a credential name before it, through SECRET_VALUE);
 * - few vowels among its letters (at most 30 %; random letters have about 19 %, identifiers and words 35–45 %,
 *   which keeps "AbstractSingletonProxyFactoryBean2" and "ThisIsAVeryLongFileName_v2_final_FINAL2" out);
 * - Shannon entropy of at least 4 bits per character (random base62 of 32 characters has about 4.5).
 * Runs inside a data URI ("base64,…") are content, not credentials, and are left alone.
 */
// The lookbehind starts a try only at the start of a run, so each run is read once (linear, SEC-DOS-7).
const candidateRun = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}/g;
const HIGH_ENTROPY_MAX_LENGTH = 256;
const VOWELS = new Set('aeiouAEIOU');
function shannonEntropy(value) {
    const counts = new Map();
    for (let index = 0; index < value.length; index += 1) {
        const code = value.charCodeAt(index);
        counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    let entropy = 0;
    for (const count of counts.values()) {
        const share = count / value.length;
        entropy -= share * Math.log2(share);
    }
    return entropy;
}
export function looksGenerated(value) {
    let upper = 0;
    let lower = 0;
    let digits = 0;
    let vowels = 0;
    for (let index = 0; index < value.length; index += 1) {
        const code = value.charCodeAt(index);
        if (code >= 65 && code <= 90)
            upper += 1;
        else if (code >= 97 && code <= 122)
            lower += 1;
        else if (code >= 48 && code <= 57)
            digits += 1;
        if (VOWELS.has(value[index] ?? ''))
            vowels += 1;
    }
    if (upper < 2 || lower < 2 || digits < 2)
        return false;
    if (vowels / (upper + lower) > 0.3)
        return false;
    return shannonEntropy(value) >= 4;
}
function detectHighEntropy(text, findings) {
    candidateRun.lastIndex = 0;
    for (let match = candidateRun.exec(text); match; match = candidateRun.exec(text)) {
        let start = match.index;
        let end = start + match[0].length;
        // Separators at the edges belong to the prose around it ("--token--", "path/").
        while (start < end && '-_/+='.includes(text[start] ?? ''))
            start += 1;
        while (end > start && '-_/+'.includes(text[end - 1] ?? ''))
            end -= 1;
        const length = end - start;
        if (length < 32 || length > HIGH_ENTROPY_MAX_LENGTH)
            continue;
        if (text.slice(Math.max(0, start - 8), start).toLowerCase().endsWith('base64,'))
            continue;
        if (!looksGenerated(text.slice(start, end)))
            continue;
        push(findings, 'HIGH_ENTROPY_TOKEN', start, end);
    }
}
export function detectSecrets(text, findings) {
    detectHighEntropy(text, findings);
    if (!anchors.test(text))
        return;
    for (const pattern of patterns) {
        const { regex } = pattern;
        regex.lastIndex = 0;
        for (let match = regex.exec(text); match; match = regex.exec(text)) {
            let start = match.index;
            let end = start + match[0].length;
            if (pattern.group !== undefined) {
                const span = match.indices?.[pattern.group];
                if (!span)
                    continue;
                [start, end] = span;
            }
            const value = text.slice(start, end);
            if (pattern.accept && !pattern.accept(value))
                continue;
            const type = pattern.type === 'OPENAI_API_KEY' && value.startsWith('sk-ant-') ? 'ANTHROPIC_API_KEY' : pattern.type;
            push(findings, type, start, end);
        }
    }
    detectPrivateKeys(text, findings);
}
/** JSON keys whose string values are credentials whatever they look like. */
const sensitiveKey = /^(?:password|passwd|pwd|passphrase|secret|client_?secret|secret_?key|api_?key|apikey|x-api-key|authorization|access_?token|refresh_?token|auth_?token|id_?token|private_?key|[a-z0-9]+_api_key|[a-z0-9]+_secret|[a-z0-9]+_password)$/i;
export function isSensitiveKey(key) {
    return key.length <= 64 && sensitiveKey.test(key.replace(/-/g, '_'));
}
//# sourceMappingURL=detect-secrets.js.map