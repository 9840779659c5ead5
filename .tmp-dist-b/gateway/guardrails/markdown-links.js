import { scanLinks } from './link-scanner.js';
import { createUrlPolicy } from './url-policy.js';
export function createMarkdownLinksGuardrail(options) {
    const policy = createUrlPolicy(options.allowedHosts);
    return {
        name: 'markdown_links',
        check(segments, context) {
            const findings = [];
            let masked;
            for (let index = 0; index < segments.length; index++) {
                const text = segments[index].text;
                const scan = scanLinks(text, policy, context.partial === true);
                if (scan.findings.length === 0)
                    continue;
                masked ??= segments.map((segment) => segment.text);
                masked[index] = scan.text;
                for (const finding of scan.findings)
                    findings.push({ type: finding.type, segment: index, start: finding.start, end: finding.end, detail: finding.reason });
            }
            if (!masked)
                return { guardrail: 'markdown_links', stage: context.stage, action: 'allow', findings };
            return { guardrail: 'markdown_links', stage: context.stage, action: 'mask', findings, masked };
        },
    };
}
//# sourceMappingURL=markdown-links.js.map