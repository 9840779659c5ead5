import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { email, formatCard, luhnValid16 } from '../pii/test-support/pii-arbitraries.js';
import { createStageRunner } from './guardrail-engine.js';
import { createPiiGuardrail } from './pii-guardrail.js';
import type { GuardrailContext, GuardrailVerdict, TextSegment } from './types.js';

const context: GuardrailContext = { stage: 'input', endpointName: 'chat', requestId: 'req-1', signal: new AbortController().signal };

function segments(...texts: string[]): TextSegment[] {
  return texts.map((text, index) => ({ source: index === 0 ? 'system' : 'user', text, index }));
}

function check(guardrail: ReturnType<typeof createPiiGuardrail>, input: TextSegment[]): GuardrailVerdict {
  const verdict = guardrail.check(input, context);
  // The guardrail is synchronous: the all-local path costs no promise.
  expect(verdict).not.toBeInstanceOf(Promise);
  return verdict as GuardrailVerdict;
}

describe('pii guardrail', () => {
  it('MASK: one numbering across the segments of a call, the same value the same placeholder', () => {
    const verdict = check(
      createPiiGuardrail({ behavior: 'MASK' }),
      segments('Support desk: help@example.com', 'Mail jane@example.com or Jane@Example.com, not help@example.com', 'call +1 415 555 0132'),
    );
    expect(verdict).toMatchObject({ guardrail: 'pii', stage: 'input', action: 'mask' });
    expect(verdict.masked).toEqual(['Support desk: [EMAIL_1]', 'Mail [EMAIL_2] or [EMAIL_2], not [EMAIL_1]', 'call [PHONE_1]']);
    expect(verdict.findings).toContainEqual({ type: 'EMAIL', segment: 1, start: 5, end: 21, detail: '[EMAIL_2]' });
    expect(verdict.findings.filter((finding) => finding.type === 'EMAIL')).toHaveLength(4);
  });

  it('SEC-PII-6: findings carry type, segment and offsets into the text as given, never the value', () => {
    const text = 'I am Jane Miller, card 4111 1111 1111 1111, key sk-proj-Abc123def456GHI789jkl012MNO345';
    const verdict = check(createPiiGuardrail({ behavior: 'MASK', types: ['PERSON', 'CREDIT_CARD'] }), segments(text));
    const types = verdict.findings.map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
    expect(types).toEqual([
      ['PERSON', 'Jane Miller'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['OPENAI_API_KEY', 'sk-proj-Abc123def456GHI789jkl012MNO345'],
    ]);
    const stored = JSON.stringify(verdict.findings);
    for (const value of ['Jane', '4111', 'Abc123def456']) expect(stored).not.toContain(value);
  });

  it('MASK masks names and street addresses when listed in types, and leaves them to capture masking by default', () => {
    const text = 'Please ship it to Dr. Alice Nguyen, 221 Baker Street, London NW1 6XE.';
    const listed = check(createPiiGuardrail({ behavior: 'MASK', types: ['PERSON', 'STREET_ADDRESS'] }), segments(text));
    expect(listed.masked).toEqual(['Please ship it to Dr. [PERSON_1], [STREET_ADDRESS_1].']);
    expect(check(createPiiGuardrail({ behavior: 'MASK' }), segments(text)).action).toBe('allow');
  });

  it('BLOCK blocks on any finding and masks nothing; clean text is allowed', () => {
    const guardrail = createPiiGuardrail({ behavior: 'BLOCK' });
    const blocked = check(guardrail, segments('hello', 'my ssn is 078-05-1123'));
    expect(blocked.action).toBe('block');
    expect(blocked.masked).toBeUndefined();
    expect(blocked.findings).toEqual([{ type: 'US_SSN', segment: 1, start: 10, end: 21 }]);
    expect(check(guardrail, segments('What is the capital of France?', 'Summarise this paragraph.'))).toEqual({ guardrail: 'pii', stage: 'input', action: 'allow', findings: [] });
  });

  it('MASK with nothing found allows the call and returns no masked texts', () => {
    const verdict = check(createPiiGuardrail({ behavior: 'MASK' }), segments('Tell me a joke about penguins.'));
    expect(verdict).toEqual({ guardrail: 'pii', stage: 'input', action: 'allow', findings: [] });
  });

  it('SEC-PII-4: types restricts the PII looked for, but secrets are always found', () => {
    const guardrail = createPiiGuardrail({ behavior: 'MASK', types: ['EMAIL'] });
    const verdict = check(guardrail, segments('a@b.com, +1 415 555 0132, 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, Jane Miller'));
    expect(verdict.masked).toEqual(['[EMAIL_1], +1 415 555 0132, [GITHUB_TOKEN_1], Jane Miller']);
    const blocking = createPiiGuardrail({ behavior: 'BLOCK', types: ['PHONE'] });
    expect(check(blocking, segments('token xoxb-1234567890-abcdefghijkl')).action).toBe('block');
  });

  it('never reuses a placeholder already written in another segment of the call', () => {
    const verdict = check(createPiiGuardrail({ behavior: 'MASK' }), segments('Earlier you wrote to [EMAIL_1].', 'Now write to new@example.org'));
    expect(verdict.masked).toEqual(['Earlier you wrote to [EMAIL_1].', 'Now write to [EMAIL_2]']);
  });

  it('SEC-DOS-7: text past the scan limit is cut off when masking and blocks when blocking', () => {
    const long = `${'word '.repeat(2000)}tail a@b.com`;
    const masking = check(createPiiGuardrail({ behavior: 'MASK', maxScanLength: 5000 }), segments(long));
    expect(masking.action).toBe('mask');
    expect(masking.masked?.[0]).not.toContain('a@b.com');
    expect(masking.findings).toContainEqual(expect.objectContaining({ type: 'TRUNCATED', segment: 0 }));
    expect(check(createPiiGuardrail({ behavior: 'BLOCK', maxScanLength: 5000 }), segments(long)).action).toBe('block');
  });

  it('in a stage run, masked segments replace the originals and findings point into the texts as sent', () => {
    const runner = createStageRunner('input', [createPiiGuardrail({ behavior: 'MASK' })]);
    const input = segments('You are helpful.', 'My email is jane@example.com');
    const outcome = runner.run(input, context);
    expect(outcome).not.toBeInstanceOf(Promise);
    const { action, segments: masked, verdicts } = outcome as Exclude<typeof outcome, Promise<unknown>>;
    expect(action).toBe('mask');
    expect(masked.map((segment) => segment.text)).toEqual(['You are helpful.', 'My email is [EMAIL_1]']);
    expect(verdicts[0]?.findings[0]).toMatchObject({ type: 'EMAIL', segment: 1, start: 12, end: 28 });
    expect(input[1]?.text).toBe('My email is jane@example.com');
  });

  it('no detected value survives masking, across any number of segments (property)', () => {
    const value = fc.oneof(email, luhnValid16.map((card) => formatCard(card, 'spaces')));
    const segmentText = fc.array(fc.oneof(value, fc.constantFrom('hello', 'please', 'thanks', 'the order')), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(segmentText, { minLength: 1, maxLength: 4 }), (parts) => {
        const texts = parts.map((words) => words.join(' '));
        const verdict = check(createPiiGuardrail({ behavior: 'MASK' }), segments(...texts));
        const output = (verdict.masked ?? texts).join('\n');
        for (const words of parts) for (const word of words) if (word.includes('@') || /\d{4} \d{4}/.test(word)) expect(output).not.toContain(word);
        expect(verdict.masked === undefined || verdict.masked.length === texts.length).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws and keeps offsets inside the segments for arbitrary text (property)', () => {
    const guardrail = createPiiGuardrail({ behavior: 'MASK' });
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 3 }), (texts) => {
        const verdict = check(guardrail, segments(...texts));
        for (const finding of verdict.findings) {
          const text = texts[finding.segment] ?? '';
          expect(finding.start).toBeGreaterThanOrEqual(0);
          expect(finding.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
