import { describe, expect, it } from 'vitest';
import { runGuardrails } from './run-guardrails.js';
import type { Guardrail, GuardrailContext, GuardrailOutcome, GuardrailVerdict, TextSegment } from './types.js';

const context: GuardrailContext = { stage: 'input', endpointName: 'bot', requestId: 'r1', signal: new AbortController().signal };
const segments: TextSegment[] = [
  { source: 'system', text: 'system text', index: 0 },
  { source: 'user', text: 'mail bob@example.com about the bomb', index: 1 },
];

/** A masking stub: replaces every occurrence of `word` with `placeholder`. */
function masker(name: string, word: string, placeholder: string): Guardrail {
  return {
    name,
    check(input, ctx): GuardrailVerdict {
      const findings: GuardrailVerdict['findings'] = [];
      const masked = input.map((segment, index) => {
        const start = segment.text.indexOf(word);
        if (start === -1) return segment.text;
        findings.push({ type: name, segment: index, start, end: start + word.length });
        return segment.text.replace(word, placeholder);
      });
      return { guardrail: name, stage: ctx.stage, action: findings.length > 0 ? 'mask' : 'allow', findings, ...(findings.length > 0 ? { masked } : {}) };
    },
  };
}

/** A finder stub reporting where `word` is in the text it sees, with `action`. */
function finder(name: string, word: string, action: GuardrailVerdict['action'], seen?: string[][]): Guardrail {
  return {
    name,
    check(input, ctx): GuardrailVerdict {
      seen?.push(input.map((segment) => segment.text));
      const findings = input.flatMap((segment, index) => {
        const start = segment.text.indexOf(word);
        return start === -1 ? [] : [{ type: name, segment: index, start, end: start + word.length }];
      });
      return { guardrail: name, stage: ctx.stage, action: findings.length > 0 ? action : 'allow', findings };
    },
  };
}

const asyncOf = (guardrail: Guardrail): Guardrail => ({ name: guardrail.name, check: async (input, ctx) => guardrail.check(input, ctx) });

describe('runGuardrails', () => {
  it('composes masks: a later guardrail sees the masked text, findings point into the original', () => {
    const seen: string[][] = [];
    const outcome = runGuardrails([masker('pii', 'bob@example.com', '[EMAIL_1]'), finder('topic', 'bomb', 'flag', seen)], segments, context) as GuardrailOutcome;
    expect(seen[0]![1]).toBe('mail [EMAIL_1] about the bomb');
    expect(outcome.action).toBe('mask');
    expect(outcome.segments[1]!.text).toBe('mail [EMAIL_1] about the bomb');
    const topicFinding = outcome.verdicts[1]!.findings[0]!;
    expect(segments[1]!.text.slice(topicFinding.start, topicFinding.end)).toBe('bomb');
    // The caller's segments are not modified.
    expect(segments[1]!.text).toBe('mail bob@example.com about the bomb');
  });

  it('takes the strongest action and stops at the first block, recording what ran', () => {
    const ran: string[][] = [];
    const outcome = runGuardrails(
      [finder('flagger', 'mail', 'flag'), finder('blocker', 'bomb', 'block'), finder('never', 'bomb', 'flag', ran)],
      segments,
      context,
    ) as GuardrailOutcome;
    expect(outcome.action).toBe('block');
    expect(outcome.blockedBy).toBe('blocker');
    expect(outcome.verdicts.map((verdict) => verdict.guardrail)).toEqual(['flagger', 'blocker']);
    expect(ran).toEqual([]);
  });

  it('answers synchronously when every guardrail does, asynchronously otherwise', async () => {
    const sync = runGuardrails([finder('a', 'x', 'flag')], segments, context);
    expect(sync).not.toBeInstanceOf(Promise);
    const later = runGuardrails([finder('a', 'mail', 'flag'), asyncOf(masker('b', 'bomb', '[B]')), finder('c', '[B]', 'flag')], segments, context);
    expect(later).toBeInstanceOf(Promise);
    const outcome = await later;
    expect(outcome.verdicts.map((verdict) => [verdict.guardrail, verdict.action])).toEqual([
      ['a', 'flag'],
      ['b', 'mask'],
      ['c', 'flag'],
    ]);
    expect(outcome.segments[1]!.text).toBe('mail bob@example.com about the [B]');
  });

  it('fails closed when a guardrail throws or masks the wrong number of texts', async () => {
    const thrower: Guardrail = {
      name: 'broken',
      check() {
        throw new Error('boom');
      },
    };
    const outcome = runGuardrails([thrower], segments, context) as GuardrailOutcome;
    expect(outcome).toMatchObject({ action: 'block', blockedBy: 'broken' });
    expect(outcome.verdicts[0]!.error).toContain('boom');

    const rejecting: Guardrail = { name: 'remote', check: () => Promise.reject(new Error('down')) };
    expect(await runGuardrails([rejecting], segments, context)).toMatchObject({ action: 'block', blockedBy: 'remote' });

    const badMask: Guardrail = { name: 'bad', check: (_input, ctx) => ({ guardrail: 'bad', stage: ctx.stage, action: 'mask', findings: [], masked: ['only one'] }) };
    expect(runGuardrails([badMask], segments, context)).toMatchObject({ action: 'block' });
  });

  it('returns the given segments untouched when nothing masks, and records latency', () => {
    const outcome = runGuardrails([finder('a', 'nothing', 'flag')], segments, context) as GuardrailOutcome;
    expect(outcome.segments).toBe(segments);
    expect(outcome.verdicts[0]!.latency_ms).toBeGreaterThanOrEqual(0);
  });
});
