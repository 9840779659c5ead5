import type { PiiFinding, SecretEntityType } from './types.js';

/**
 * Secret patterns. Every pattern is linear-time by construction (SEC-DOS-7): it opens with a lookbehind that fails
 * inside a run of its own characters (so each run is tried from one start only), then a literal prefix, then
 * single-class runs separated by characters outside the class — no nested quantifiers, no overlapping
 * alternatives.
 */
interface SecretPattern {
  type: SecretEntityType;
  regex: RegExp;
  /** Capture group holding the secret when only part of the match is secret (e.g. the value after `key=`). */
  group?: number;
  /** Extra check on the secret text, to keep ordinary words out. */
  accept?: (value: string) => boolean;
}

const hasLetterAndDigit = (value: string) => /\d/.test(value) && /[A-Za-z]/.test(value);

const patterns: readonly SecretPattern[] = [
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
  { type: 'JWT', regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  // Credentials in URLs: only the password is masked, the host stays readable.
  {
    type: 'URL_PASSWORD',
    regex: /:\/\/[^\s:@/?#]{1,128}:([^\s:@/?#]{1,256})@/dg,
    group: 1,
  },
  {
    type: 'SECRET_VALUE',
    regex:
      /(?<![A-Za-z0-9])(?:password|passwd|pwd|passphrase|api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([^\s"'`,;]{6,})/dgi,
    group: 1,
  },
  { type: 'BEARER_TOKEN', regex: /(?<![A-Za-z0-9_])Bearer[ \t]{1,4}([A-Za-z0-9._~+/-]{16,}=*)/dgi, group: 1 },
];

function push(findings: PiiFinding[], type: SecretEntityType, start: number, end: number): void {
  findings.push({ type, category: 'secret', start, end });
}

/** PEM private-key blocks. A block without its END line is masked to the end of the text: a cut key is still a key. */
function detectPrivateKeys(text: string, findings: PiiFinding[]): void {
  let from = 0;
  for (;;) {
    const start = text.indexOf('-----BEGIN ', from);
    if (start < 0) return;
    const labelStart = start + 11;
    const labelEnd = text.indexOf('-----', labelStart);
    if (labelEnd < 0) return;
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
const anchors = /sk-|[sr]k_(?:live|test)_|A(?:KIA|SIA|BIA|CCA|Iza)|aws|gh[pousr]_|github_pat_|xox|hooks\.slack|glpat-|hf_|cairn_|eyJ|:\/\/|pass|pwd|key|secret|token|bearer|-----BEGIN/i;

export function detectSecrets(text: string, findings: PiiFinding[]): void {
  if (!anchors.test(text)) return;
  for (const pattern of patterns) {
    const { regex } = pattern;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      let start = match.index;
      let end = start + match[0].length;
      if (pattern.group !== undefined) {
        const span = match.indices?.[pattern.group];
        if (!span) continue;
        [start, end] = span;
      }
      const value = text.slice(start, end);
      if (pattern.accept && !pattern.accept(value)) continue;
      const type = pattern.type === 'OPENAI_API_KEY' && value.startsWith('sk-ant-') ? 'ANTHROPIC_API_KEY' : pattern.type;
      push(findings, type, start, end);
    }
  }
  detectPrivateKeys(text, findings);
}

/** JSON keys whose string values are credentials whatever they look like. */
const sensitiveKey =
  /^(?:password|passwd|pwd|passphrase|secret|client_?secret|secret_?key|api_?key|apikey|x-api-key|authorization|access_?token|refresh_?token|auth_?token|id_?token|private_?key|[a-z0-9]+_api_key|[a-z0-9]+_secret|[a-z0-9]+_password)$/i;

export function isSensitiveKey(key: string): boolean {
  return key.length <= 64 && sensitiveKey.test(key.replace(/-/g, '_'));
}
