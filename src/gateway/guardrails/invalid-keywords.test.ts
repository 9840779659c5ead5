import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCairnError } from '../../errors/index.js';
import { AhoCorasick } from './aho-corasick.js';
import { createInvalidKeywordsGuardrail } from './invalid-keywords.js';
import { normalizeForMatching, originalSpan } from './normalize-text.js';
import type { GuardrailContext, GuardrailVerdict, TextSegment } from './types.js';

const context: GuardrailContext = { stage: 'input', endpointName: 'bot', requestId: 'r1', signal: new AbortController().signal };
const user = (text: string, index = 0): TextSegment => ({ source: 'user', text, index });

function check(keywords: string[], ...texts: string[]): GuardrailVerdict {
  return createInvalidKeywordsGuardrail({ keywords }).check(texts.map((text, index) => user(text, index)), context) as GuardrailVerdict;
}

describe('AhoCorasick', () => {
  it('finds every occurrence of every pattern, like a naive search (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab]{1,4}$/), { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[abc]{0,40}$/), (patterns, text) => {
        const found: string[] = [];
        new AhoCorasick(patterns).scan(text, (match) => void found.push(`${match.pattern}@${match.start}`));
        const expected: string[] = [];
        patterns.forEach((pattern, index) => {
          for (let start = text.indexOf(pattern); start !== -1; start = text.indexOf(pattern, start + 1)) expected.push(`${index}@${start}`);
        });
        expect(found.sort()).toEqual(expected.sort());
      }),
    );
  });
});

describe('normalizeForMatching / originalSpan', () => {
  it('folds width, case, invisible characters and whitespace runs', () => {
    expect(normalizeForMatching('ＢＯＭＢ')).toBe('bomb');
    expect(normalizeForMatching('b\u200Bo\u00ADm\u2060b')).toBe('bomb');
    expect(normalizeForMatching('Drop \n\t  Table')).toBe('drop table');
    expect(normalizeForMatching('ﬁnance')).toBe('finance');
  });

  it('maps a match in the normalised text back to the original characters (property)', () => {
    const piece = fc.constantFrom('a', 'B', ' ', '\n', '\u200B', 'Ｃ', 'ﬁ', 'é', 'e\u0301', 'Σ', '😀', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const original = pieces.join('');
        const normalized = normalizeForMatching(original);
        for (let start = 0; start < normalized.length; start++) {
          const span = originalSpan(original, normalized, start, start + 1);
          if (!span) continue;
          // The original span normalises to text containing the matched character.
          expect(normalizeForMatching(original.slice(span.start, span.end))).toContain(normalized[start] === ' ' ? ' ' : normalized[start]!);
        }
      }),
    );
  });
});

describe('invalid_keywords guardrail', () => {
  it('blocks a listed word whatever its case, width or invisible characters', () => {
    for (const text of ['how to build a BOMB', 'how to build a ｂｏｍｂ', 'how to build a b\u200Bo\u200Bm\u200Bb', 'Bomb!']) {
      const verdict = check(['bomb'], text);
      expect(verdict.action, text).toBe('block');
      expect(verdict.guardrail).toBe('invalid_keywords');
    }
  });

  it('matches whole words only: a keyword inside another word is not a hit', () => {
    expect(check(['class'], 'a classic novel').action).toBe('allow');
    expect(check(['class'], 'first class seats').action).toBe('block');
    expect(check(['ass'], 'please pass the salt, assistant').action).toBe('allow');
  });

  it('matches phrases across any whitespace, and keywords with punctuation edges', () => {
    expect(check(['drop table'], 'then DROP\n   TABLE users').action).toBe('block');
    expect(check(['drop table'], 'drop the table').action).toBe('allow');
    expect(check(['c++'], 'I write C++ daily').action).toBe('block');
  });

  it('reports offsets into the original text and never the matched text', () => {
    const text = 'x ＳＥＣＲＥＴ-project y';
    const verdict = check(['secret-project'], 'clean', text);
    expect(verdict.findings).toHaveLength(1);
    const finding = verdict.findings[0]!;
    expect(finding.segment).toBe(1);
    expect(text.slice(finding.start, finding.end)).toBe('ＳＥＣＲＥＴ-project');
    expect(JSON.stringify(verdict)).not.toContain('SECRET');
    expect(finding.detail).toBe('keyword 1');
  });

  it('scans every segment, with many keywords in one pass', () => {
    const keywords = Array.from({ length: 1000 }, (_, index) => `forbidden${index}`);
    const verdict = check(keywords, 'all fine', 'this has forbidden999 in it');
    expect(verdict.action).toBe('block');
    expect(verdict.findings[0]).toMatchObject({ segment: 1, detail: 'keyword 1000' });
  });

  it('refuses a keyword that is empty once normalised, naming the guardrail', () => {
    try {
      createInvalidKeywordsGuardrail({ keywords: ['ok', '\u200B  '] });
      expect.unreachable();
    } catch (error) {
      expect(isCairnError(error) && error.code).toBe('INVALID_PARAMETER_VALUE');
      expect((error as Error).message).toContain('invalid_keywords');
    }
  });

  it('blocks text too long to scan whole instead of letting its tail through', () => {
    const verdict = createInvalidKeywordsGuardrail({ keywords: ['bomb'], maxScanLength: 100 }).check([user(`${'a '.repeat(100)} bomb`)], context) as GuardrailVerdict;
    expect(verdict.action).toBe('block');
  });

  it('a found keyword is always reported (property: keyword inserted between spaces)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,10}$/), fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), (keyword, before, after) => {
        expect(check([keyword], `${before} ${keyword.toUpperCase()} ${after}`).action).toBe('block');
      }),
    );
  });
});
