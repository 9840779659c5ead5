import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { countTextTokens } from '../gateway/cost/index.js';
import { createMarkdownLinksGuardrail, createStageRunner, stageGuardrails, } from '../gateway/guardrails/index.js';
import { createPiiGuardrail } from '../gateway/guardrails/pii-guardrail.js';
import { createPromptInjectionGuardrail } from '../gateway/guardrails/prompt-injection-guardrail.js';
import { guardrailsSchema } from '../gateway/policy/ai-gateway-config.js';
import { segment } from './api-client.js';
import { usageError } from './argument-parsers.js';
/** Without an endpoint: every built-in detector in report-only form (PII masked, injection flagged, links on output). */
export function builtInRunner(stage) {
    const guardrails = [createPiiGuardrail({ behavior: 'MASK' }), createPromptInjectionGuardrail({ behavior: 'FLAG', threshold: 0.5, scanHistory: true })];
    if (stage === 'output')
        guardrails.push(createMarkdownLinksGuardrail({ allowedHosts: [] }));
    return createStageRunner(stage, guardrails);
}
/** Embeddings through an endpoint's invocations API, for `valid_topics` with `topic_embedding_endpoint`. */
function apiEmbedder(client, endpoint) {
    return {
        async embed(texts) {
            const result = await client.post(`/serving-endpoints/${segment(endpoint)}/invocations`, { input: texts });
            return (result.data ?? []).map((item) => item.embedding);
        },
    };
}
/** The endpoint's configured guardrails for `stage`, read through the API. */
export async function endpointRunner(client, endpoint, stage) {
    const view = await client.get(`/api/2.0/serving-endpoints/${segment(endpoint)}`);
    const parsed = guardrailsSchema.safeParse(view.ai_gateway?.guardrails ?? {});
    if (!parsed.success)
        throw usageError(`endpoint ${endpoint} has guardrails this CLI cannot read: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const config = parsed.data;
    const parameters = config[stage];
    const skipped = [];
    if (parameters?.custom) {
        parameters.custom = parameters.custom.filter((custom) => {
            if (custom.type !== 'webhook' || !custom.auth_secret)
                return true;
            skipped.push(`webhook guardrail ${custom.name}: its secret is only available to the server`);
            return false;
        });
    }
    const guardrails = stageGuardrails(parameters, stage, {
        countTokens: countTextTokens,
        embedderFor: (name) => (name === undefined ? undefined : apiEmbedder(client, name)),
    });
    return { runner: createStageRunner(stage, guardrails), skipped };
}
function resultOf(line, text, outcome) {
    const findings = [];
    const verdicts = [];
    let injection;
    for (const verdict of outcome.verdicts) {
        const summary = { guardrail: verdict.guardrail, action: verdict.action };
        if (verdict.score !== undefined)
            summary.score = verdict.score;
        if (verdict.error !== undefined)
            summary.error = verdict.error;
        verdicts.push(summary);
        if (verdict.guardrail === 'prompt_injection')
            injection = { score: verdict.score ?? 0, verdict: verdict.action };
        for (const finding of verdict.findings) {
            const entry = { guardrail: verdict.guardrail, type: finding.type };
            if (finding.start !== undefined && finding.end !== undefined) {
                entry.start = finding.start;
                entry.end = finding.end;
            }
            if (finding.score !== undefined)
                entry.score = finding.score;
            if (finding.detail !== undefined)
                entry.detail = finding.detail;
            findings.push(entry);
        }
    }
    const result = { line, action: outcome.action, findings, masked: outcome.segments[0]?.text ?? text, verdicts };
    if (injection)
        result.injection = injection;
    if (outcome.blockedBy)
        result.blocked_by = outcome.blockedBy;
    return result;
}
/** The text of one JSONL line, or why it has none. */
export function textOfLine(raw) {
    let value;
    try {
        value = JSON.parse(raw);
    }
    catch {
        return { error: 'not valid JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { error: 'not a JSON object' };
    const text = value.text;
    if (typeof text !== 'string')
        return { error: 'no "text" string field' };
    return { text };
}
const COLUMNS = { line: 5, action: 6, injection: 13, findings: 28 };
export function tableHeader() {
    return `${'LINE'.padStart(COLUMNS.line)}  ${'ACTION'.padEnd(COLUMNS.action)}  ${'INJECTION'.padEnd(COLUMNS.injection)}  ${'FINDINGS'.padEnd(COLUMNS.findings)}  TEXT`;
}
function oneLine(text) {
    return text.replace(/[\r\n\t]+/g, ' ');
}
/** A result as a table row: the findings as `TYPE[start,end)`, the masked text last. */
export function tableRow(result) {
    const line = String(result.line).padStart(COLUMNS.line);
    if ('error' in result)
        return `${line}  ${'error'.padEnd(COLUMNS.action)}  ${'-'.padEnd(COLUMNS.injection)}  ${'-'.padEnd(COLUMNS.findings)}  ${result.error}`;
    const injection = result.injection ? `${result.injection.score.toFixed(2)} ${result.injection.verdict}` : '-';
    const findings = result.findings.map((finding) => (finding.start === undefined ? finding.type : `${finding.type}[${finding.start},${finding.end})`)).join(' ') || '-';
    const errors = result.verdicts.filter((verdict) => verdict.error).map((verdict) => ` (${verdict.guardrail}: ${verdict.error})`).join('');
    return `${line}  ${result.action.padEnd(COLUMNS.action)}  ${injection.padEnd(COLUMNS.injection)}  ${findings.padEnd(COLUMNS.findings)}  ${oneLine(result.masked)}${errors}`;
}
/** Scans every line of `input`; blank lines are skipped. Returns how many lines could not be scanned. */
export async function scanLines(input, options) {
    const lines = 'pipe' in input ? createInterface({ input, crlfDelay: Infinity }) : input;
    const source = options.stage === 'input' ? 'user' : 'completion';
    let number = 0;
    let failed = 0;
    for await (const raw of lines) {
        number++;
        if (raw.trim() === '')
            continue;
        const parsed = textOfLine(raw);
        if ('error' in parsed) {
            failed++;
            options.write({ line: number, error: parsed.error });
            continue;
        }
        const context = { stage: options.stage, endpointName: 'cli-scan', requestId: `line-${number}`, signal: new AbortController().signal };
        const segments = [{ source, text: parsed.text, index: 0 }];
        const outcome = await options.runner.run(segments, context);
        options.write(resultOf(number, parsed.text, outcome));
    }
    return failed;
}
export function openInput(file) {
    if (file === '-')
        return process.stdin;
    const stream = createReadStream(file, { encoding: 'utf8' });
    return stream;
}
//# sourceMappingURL=guardrail-scan.js.map