import { performance } from 'node:perf_hooks';
import { createOffsetMap, type MaskedSpan, type OffsetMap } from './offset-map.js';
import type { Guardrail, GuardrailAction, GuardrailContext, GuardrailOutcome, GuardrailVerdict, TextSegment } from './types.js';

/**
 * Runs guardrails in order over a call's segments and combines their verdicts: the strongest action wins, masks
 * compose (each guardrail sees the text as masked by those before it), and the first block stops the run (the
 * verdicts say which guardrails ran). Findings are translated back to offsets in the segments as given.
 *
 * Stays synchronous while every guardrail answers synchronously: the all-local hot path allocates no promise.
 * A guardrail that throws (it should not) counts as a block with the error recorded: fail closed.
 */

const STRENGTH: Record<GuardrailAction, number> = { allow: 0, flag: 1, mask: 2, block: 3 };

export function strongerAction(a: GuardrailAction, b: GuardrailAction): GuardrailAction {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

export function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

class Run {
  action: GuardrailAction = 'allow';
  readonly verdicts: GuardrailVerdict[] = [];
  blockedBy: string | undefined;
  /** Current texts; copied on the first mask only. */
  segments: TextSegment[];
  private copied = false;
  /** Per segment, the masks applied so far (oldest first), to translate later findings. */
  private readonly maps = new Map<number, OffsetMap[]>();

  constructor(segments: readonly TextSegment[]) {
    // Read-only until the first mask, which copies: no allocation when nothing is masked.
    this.segments = segments as TextSegment[];
  }

  add(verdict: GuardrailVerdict, guardrail: Guardrail, startedAt: number): void {
    verdict.latency_ms ??= performance.now() - startedAt;
    if (verdict.action === 'mask' && (!verdict.masked || verdict.masked.length !== this.segments.length)) {
      verdict.action = 'block';
      verdict.error = `guardrail ${guardrail.name} masked ${verdict.masked?.length ?? 'no'} texts for ${this.segments.length} segments`;
    }
    // The mask's own spans, in the text this guardrail saw, before they are translated to the original text.
    const maskSpans = verdict.action === 'mask' ? spansBySegment(verdict) : undefined;
    this.translateFindings(verdict);
    if (maskSpans) this.applyMasks(verdict.masked!, maskSpans);
    this.verdicts.push(verdict);
    this.action = strongerAction(this.action, verdict.action);
    if (verdict.action === 'block' && this.blockedBy === undefined) this.blockedBy = verdict.guardrail || guardrail.name;
  }

  private translateFindings(verdict: GuardrailVerdict): void {
    if (this.maps.size === 0) return;
    for (const finding of verdict.findings) {
      const maps = this.maps.get(finding.segment);
      if (!maps || finding.start === undefined || finding.end === undefined) continue;
      let span = { start: finding.start, end: finding.end };
      for (let index = maps.length - 1; index >= 0; index--) span = maps[index]!.toBefore(span.start, span.end);
      finding.start = span.start;
      finding.end = span.end;
    }
  }

  private applyMasks(masked: readonly string[], spans: Map<number, MaskedSpan[]>): void {
    for (let index = 0; index < this.segments.length; index++) {
      const before = this.segments[index]!.text;
      const after = masked[index]!;
      if (after === before) continue;
      if (!this.copied) {
        this.segments = this.segments.map((segment) => ({ ...segment }));
        this.copied = true;
      }
      const map = createOffsetMap(before, after, spans.get(index) ?? []);
      const maps = this.maps.get(index);
      if (maps) maps.push(map);
      else this.maps.set(index, [map]);
      this.segments[index]!.text = after;
    }
  }

  outcome(): GuardrailOutcome {
    const outcome: GuardrailOutcome = { action: this.action, verdicts: this.verdicts, segments: this.segments };
    if (this.blockedBy !== undefined) outcome.blockedBy = this.blockedBy;
    return outcome;
  }
}

/** The spans a mask replaced, per segment; a finding's `detail` may name its replacement (a placeholder). */
function spansBySegment(verdict: GuardrailVerdict): Map<number, MaskedSpan[]> {
  const spans = new Map<number, MaskedSpan[]>();
  for (const finding of verdict.findings) {
    if (finding.start === undefined || finding.end === undefined) continue;
    const span: MaskedSpan = [finding.start, finding.end, finding.detail];
    const list = spans.get(finding.segment);
    if (list) list.push(span);
    else spans.set(finding.segment, [span]);
  }
  return spans;
}

function crashed(guardrail: Guardrail, context: GuardrailContext, error: unknown): GuardrailVerdict {
  return {
    guardrail: guardrail.name,
    stage: context.stage,
    action: 'block',
    findings: [],
    error: `guardrail failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
  };
}

function proceed(guardrails: readonly Guardrail[], from: number, run: Run, context: GuardrailContext): GuardrailOutcome | Promise<GuardrailOutcome> {
  for (let index = from; index < guardrails.length; index++) {
    const guardrail = guardrails[index]!;
    const startedAt = performance.now();
    let result: GuardrailVerdict | Promise<GuardrailVerdict>;
    try {
      result = guardrail.check(run.segments, context);
    } catch (error) {
      result = crashed(guardrail, context, error);
    }
    if (isPromiseLike(result)) {
      return result
        .catch((error: unknown) => crashed(guardrail, context, error))
        .then((verdict) => {
          run.add(verdict, guardrail, startedAt);
          return run.blockedBy !== undefined ? run.outcome() : proceed(guardrails, index + 1, run, context);
        });
    }
    run.add(result, guardrail, startedAt);
    if (run.blockedBy !== undefined) break;
  }
  return run.outcome();
}

/** Runs `guardrails` in order; see the file comment for how verdicts combine. */
export function runGuardrails(guardrails: readonly Guardrail[], segments: readonly TextSegment[], context: GuardrailContext): GuardrailOutcome | Promise<GuardrailOutcome> {
  return proceed(guardrails, 0, new Run(segments), context);
}
