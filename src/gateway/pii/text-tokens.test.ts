import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from './text-tokens.js';

describe('tokenize', () => {
  it('splits words (with inner apostrophes and hyphens), numbers and marks, and drops possessive "s"', () => {
    const { tokens } = tokenize("O'Brien's García-López paid $12.50 -- ok\nnext");
    expect(tokens.map((token) => [token.kind, token.lower])).toEqual([
      ['word', "o'brien"],
      ['word', 'garcía-lópez'],
      ['word', 'paid'],
      ['mark', '$'],
      ['number', '0'],
      ['mark', '.'],
      ['number', '0'],
      ['mark', '-'],
      ['mark', '-'],
      ['word', 'ok'],
      ['word', 'next'],
    ]);
    expect(tokens.at(-1)?.lineBreakBefore).toBe(true);
  });

  it('records the shape of words: capitalised, ALL CAPS, camel case', () => {
    const shape = (word: string) => {
      const token = tokenize(word).tokens[0];
      return [token?.capitalised, token?.allCaps, token?.innerCapital];
    };
    expect(shape('Mauer')).toEqual([true, false, false]);
    expect(shape('McDonald')).toEqual([true, false, true]);
    expect(shape('García-López')).toEqual([true, false, false]);
    expect(shape('HUTTON')).toEqual([false, true, false]);
    expect(shape('iPhone')).toEqual([false, false, true]);
    expect(shape('Ólafsdóttir')).toEqual([true, false, false]);
    expect(tokenize('only lower case here').lowerCaseOnly).toBe(true);
  });

  it('tokens are ordered, inside the text, and cover every non-space character but possessive endings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: fc.constantFrom(...'aB1 \n\t-\'’.,@éßΩ😀s') }), (text) => {
        const { tokens } = tokenize(text);
        let previousEnd = 0;
        const covered = new Array<boolean>(text.length).fill(false);
        for (const token of tokens) {
          expect(token.start).toBeGreaterThanOrEqual(previousEnd);
          expect(token.end).toBeGreaterThan(token.start);
          expect(token.end).toBeLessThanOrEqual(text.length);
          expect(token.lineBreakBefore).toBe(text.slice(previousEnd, token.start).includes('\n'));
          for (let index = token.start; index < token.end; index += 1) covered[index] = true;
          previousEnd = token.end;
        }
        for (let index = 0; index < text.length; index += 1) {
          if (covered[index] || /\s/.test(text[index] ?? '')) continue;
          // Only the "'s" cut from a possessive is left out.
          expect(`${text[index - 1] ?? ''}${text[index] ?? ''}`, JSON.stringify(text)).toMatch(/^(?:.['’]|['’][sS])$/u);
        }
      }),
      { numRuns: 500 },
    );
  });
});
