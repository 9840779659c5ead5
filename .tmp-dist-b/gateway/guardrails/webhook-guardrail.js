import { fetch } from 'undici';
import { z } from 'zod';
const MAX_ANSWER_BYTES = 64 * 1024;
const answerSchema = z.object({
    action: z.enum(['allow', 'flag', 'mask', 'block']),
    score: z.number().finite().optional(),
    masked: z.array(z.string()).optional(),
    findings: z
        .array(z.object({
        type: z.string().min(1).max(64),
        segment: z.number().int().min(0).optional(),
        start: z.number().int().min(0).optional(),
        end: z.number().int().min(0).optional(),
        score: z.number().finite().optional(),
        detail: z.string().max(200).optional(),
    }))
        .max(1000)
        .optional(),
});
class WebhookError extends Error {
}
async function readLimited(body) {
    if (!body)
        return '';
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > MAX_ANSWER_BYTES)
            throw new WebhookError(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
}
function verdictFromAnswer(name, context, segments, raw) {
    let json;
    try {
        json = JSON.parse(raw);
    }
    catch {
        throw new WebhookError('answer is not JSON');
    }
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success)
        throw new WebhookError(`answer is not {action, findings?, score?, masked?}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const answer = parsed.data;
    const findings = [];
    for (const finding of answer.findings ?? []) {
        const segment = finding.segment ?? 0;
        const text = segments[segment]?.text;
        if (text === undefined)
            throw new WebhookError(`finding names segment ${segment}, but there are ${segments.length}`);
        const result = { type: finding.type, segment };
        if (finding.start !== undefined && finding.end !== undefined) {
            if (finding.start > finding.end || finding.end > text.length)
                throw new WebhookError('finding offsets are outside the text');
            result.start = finding.start;
            result.end = finding.end;
        }
        if (finding.score !== undefined)
            result.score = finding.score;
        if (finding.detail !== undefined)
            result.detail = finding.detail;
        findings.push(result);
    }
    const verdict = { guardrail: name, stage: context.stage, action: answer.action, findings };
    if (answer.score !== undefined)
        verdict.score = answer.score;
    if (answer.action === 'mask') {
        if (!answer.masked || answer.masked.length !== segments.length)
            throw new WebhookError(`action mask needs masked: one text per segment (${segments.length})`);
        verdict.masked = answer.masked;
    }
    return verdict;
}
export function createWebhookGuardrail(options) {
    const { name, url, timeoutMs, onError } = options;
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'cairn-guardrail' };
    if (options.authToken)
        headers.authorization = `Bearer ${options.authToken}`;
    async function call(segments, context) {
        const signal = AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]);
        const body = JSON.stringify({
            text: segments.map((segment) => segment.text).join('\n'),
            segments: segments.map(({ source, text, index }) => ({ source, text, index })),
            stage: context.stage,
            endpoint: context.endpointName,
            request_id: context.requestId,
        });
        const response = await fetch(url, { method: 'POST', headers: { ...headers, 'x-request-id': context.requestId }, body, signal, redirect: 'manual' });
        if (response.status < 200 || response.status >= 300) {
            await response.body?.cancel().catch(() => undefined);
            throw new WebhookError(response.status >= 300 && response.status < 400 ? `answered a redirect (HTTP ${response.status}), which is not followed` : `answered HTTP ${response.status}`);
        }
        return verdictFromAnswer(name, context, segments, await readLimited(response.body));
    }
    function failed(context, error) {
        let reason;
        if (error instanceof WebhookError)
            reason = error.message;
        else if (context.signal.aborted)
            reason = 'the request ended before the webhook answered';
        else if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
            reason = `no answer within ${timeoutMs} ms`;
        else
            reason = `could not be reached: ${error?.cause?.code ?? error?.message ?? String(error)}`;
        return { guardrail: name, stage: context.stage, action: onError === 'fail_open' ? 'allow' : 'block', findings: [], error: `webhook ${reason}` };
    }
    return {
        name,
        wholeText: true,
        check(segments, context) {
            return call(segments, context).catch((error) => failed(context, error));
        },
    };
}
//# sourceMappingURL=webhook-guardrail.js.map