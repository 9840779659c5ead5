import { performance } from 'node:perf_hooks';
import { createOffsetMap } from './offset-map.js';
/**
 * Runs guardrails in order over a call's segments and combines their verdicts: the strongest action wins, masks
 * compose (each guardrail sees the text as masked by those before it), and the first block stops the run (the
 * verdicts say which guardrails ran). Findings are translated back to offsets in the segments as given.
 *
 * Stays synchronous while every guardrail answers synchronously: the all-local hot path allocates no promise.
 * A guardrail that throws (it should not) counts as a block with the error recorded: fail closed.
 */
const STRENGTH = { allow: 0, flag: 1, mask: 2, block: 3 };
export function strongerAction(a, b) {
    return STRENGTH[b] > STRENGTH[a] ? b : a;
}
export function isPromiseLike(value) {
    return typeof value?.then === 'function';
}
class Run {
    action = 'allow';
    verdicts = [];
    blockedBy;
    /** Current texts; copied on the first mask only. */
    segments;
    copied = false;
    /** Per segment, the masks applied so far (oldest first), to translate later findings. */
    maps = new Map();
    constructor(segments) {
        // Read-only until the first mask, which copies: no allocation when nothing is masked.
        this.segments = segments;
    }
    add(verdict, guardrail, startedAt) {
        verdict.latency_ms ??= performance.now() - startedAt;
        if (verdict.action === 'mask' && (!verdict.masked || verdict.masked.length !== this.segments.length)) {
            verdict.action = 'block';
            verdict.error = `guardrail ${guardrail.name} masked ${verdict.masked?.length ?? 'no'} texts for ${this.segments.length} segments`;
        }
        // The mask's own spans, in the text this guardrail saw, before they are translated to the original text.
        const maskSpans = verdict.action === 'mask' ? spansBySegment(verdict) : undefined;
        this.translateFindings(verdict);
        if (maskSpans)
            this.applyMasks(verdict.masked, maskSpans);
        this.verdicts.push(verdict);
        this.action = strongerAction(this.action, verdict.action);
        if (verdict.action === 'block' && this.blockedBy === undefined)
            this.blockedBy = verdict.guardrail || guardrail.name;
    }
    translateFindings(verdict) {
        if (this.maps.size === 0)
            return;
        for (const finding of verdict.findings) {
            const maps = this.maps.get(finding.segment);
            if (!maps || finding.start === undefined || finding.end === undefined)
                continue;
            let span = { start: finding.start, end: finding.end };
            for (let index = maps.length - 1; index >= 0; index--)
                span = maps[index].toBefore(span.start, span.end);
            finding.start = span.start;
            finding.end = span.end;
        }
    }
    applyMasks(masked, spans) {
        for (let index = 0; index < this.segments.length; index++) {
            const before = this.segments[index].text;
            const after = masked[index];
            if (after === before)
                continue;
            if (!this.copied) {
                this.segments = this.segments.map((segment) => ({ ...segment }));
                this.copied = true;
            }
            const map = createOffsetMap(before, after, spans.get(index) ?? []);
            const maps = this.maps.get(index);
            if (maps)
                maps.push(map);
            else
                this.maps.set(index, [map]);
            this.segments[index].text = after;
        }
    }
    outcome() {
        const outcome = { action: this.action, verdicts: this.verdicts, segments: this.segments };
        if (this.blockedBy !== undefined)
            outcome.blockedBy = this.blockedBy;
        return outcome;
    }
}
/** The spans a mask replaced, per segment; a finding's `detail` may name its replacement (a placeholder). */
function spansBySegment(verdict) {
    const spans = new Map();
    for (const finding of verdict.findings) {
        if (finding.start === undefined || finding.end === undefined)
            continue;
        const span = [finding.start, finding.end, finding.detail];
        const list = spans.get(finding.segment);
        if (list)
            list.push(span);
        else
            spans.set(finding.segment, [span]);
    }
    return spans;
}
function crashed(guardrail, context, error) {
    return {
        guardrail: guardrail.name,
        stage: context.stage,
        action: 'block',
        findings: [],
        error: `guardrail failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
    };
}
function proceed(guardrails, from, run, context) {
    for (let index = from; index < guardrails.length; index++) {
        const guardrail = guardrails[index];
        const startedAt = performance.now();
        let result;
        try {
            result = guardrail.check(run.segments, context);
        }
        catch (error) {
            result = crashed(guardrail, context, error);
        }
        if (isPromiseLike(result)) {
            return result
                .catch((error) => crashed(guardrail, context, error))
                .then((verdict) => {
                run.add(verdict, guardrail, startedAt);
                return run.blockedBy !== undefined ? run.outcome() : proceed(guardrails, index + 1, run, context);
            });
        }
        run.add(result, guardrail, startedAt);
        if (run.blockedBy !== undefined)
            break;
    }
    return run.outcome();
}
/** Runs `guardrails` in order; see the file comment for how verdicts combine. */
export function runGuardrails(guardrails, segments, context) {
    return proceed(guardrails, 0, new Run(segments), context);
}
//# sourceMappingURL=run-guardrails.js.map