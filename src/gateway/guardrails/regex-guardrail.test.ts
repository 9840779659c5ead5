import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CairnError, isCairnError } from '../../errors/index.js';
import { createRegexGuardrail } from './regex-guardrail.js';
import type { GuardrailContext, GuardrailVerdict, TextSegment } from './types.js';

const context: GuardrailContext = { stage: 'input', endpointName: 'bot', requestId: 'r1', signal: new AbortController().signal };
const segment = (text: string, index = 0): TextSegment => ({ source: 'user', text, index });

function compileError(pattern: string, flags?: string): CairnError {
  try {
    createRegexGuardrail({ name: 'ticket-ids', pattern, behavior: 'BLOCK', ...(flags !== undefined ? { flags } : {}) });
  } catch (error) {
    if (isCairnError(error)) return error;
    throw error;
  }
  throw new Error(`pattern ${pattern} was accepted`);
}

describe('custom regex guardrail', () => {
  it('refuses at configuration a pattern with exponential backtracking (SEC-DOS-7), naming the guardrail', () => {
    for (const pattern of ['(a+)+$', '([a-z]*)*@', '(\\w+\\s?)+x']) {
      const error = compileError(pattern);
      expect(error.code).toBe('INVALID_PARAMETER_VALUE');
      expect(error.status).toBe(400);
      expect(error.message).toContain('"ticket-ids"');
      expect(error.message).toContain('exponential');
    }
  });

  it('refuses a pattern that does not compile, one that matches empty text, and bad flags', () => {
    expect(compileError('(unclosed').message).toContain('does not compile');
    expect(compileError('a*').message).toContain('empty');
    expect(compileError('abc', 'g').message).toContain('flags');
  });

  it('blocks, flags or masks what matches, with offsets', () => {
    const text = 'see TICKET-1234 and TICKET-99';
    const blocked = createRegexGuardrail({ name: 'ticket-ids', pattern: 'TICKET-\\d+', behavior: 'BLOCK' }).check([segment(text)], context) as GuardrailVerdict;
    expect(blocked.action).toBe('block');
    expect(blocked.findings.map((finding) => text.slice(finding.start, finding.end))).toEqual(['TICKET-1234', 'TICKET-99']);

    const flagged = createRegexGuardrail({ name: 'ticket-ids', pattern: 'ticket-\\d+', flags: 'i', behavior: 'FLAG' }).check([segment(text)], context) as GuardrailVerdict;
    expect(flagged.action).toBe('flag');

    const masked = createRegexGuardrail({ name: 'ticket-ids', pattern: 'TICKET-\\d+', behavior: 'MASK' }).check([segment('none'), segment(text, 1)], context) as GuardrailVerdict;
    expect(masked.action).toBe('mask');
    expect(masked.masked).toEqual(['none', 'see [TICKET-IDS] and [TICKET-IDS]']);
  });

  it('allows text without a match', () => {
    const verdict = createRegexGuardrail({ name: 'ticket-ids', pattern: 'TICKET-\\d+', behavior: 'BLOCK' }).check([segment('nothing here')], context) as GuardrailVerdict;
    expect(verdict).toMatchObject({ action: 'allow', findings: [] });
  });

  it('finds the same matches in long texts scanned in chunks as one scan would (property)', () => {
    const guardrail = createRegexGuardrail({ name: 'ids', pattern: 'ID-[0-9]{2,8}', behavior: 'FLAG' });
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('ID-12345 '), fc.stringMatching(/^[a-z ]{1,300}$/)), { minLength: 1, maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const verdict = guardrail.check([segment(text)], context) as GuardrailVerdict;
        const expected = [...text.matchAll(/ID-[0-9]{2,8}/g)].map((match) => [match.index, match.index + match[0].length]);
        expect(verdict.findings.map((finding) => [finding.start, finding.end])).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('bounds the work of a polynomial pattern on a hostile text (chunked scan completes)', () => {
    const guardrail = createRegexGuardrail({ name: 'emails', pattern: '\\w+@\\w+', behavior: 'FLAG' });
    const verdict = guardrail.check([segment('a'.repeat(30_000))], context) as GuardrailVerdict;
    expect(verdict.action).toBe('allow');
  });

  it('says when a text was longer than the scan cap', () => {
    const guardrail = createRegexGuardrail({ name: 'ids', pattern: 'x', behavior: 'FLAG', maxScanLength: 10 });
    const verdict = guardrail.check([segment(`${'a'.repeat(20)}x`)], context) as GuardrailVerdict;
    expect(verdict.action).toBe('allow');
    expect(verdict.findings[0]?.detail).toContain('first 10 characters');
  });
});
