import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogLineSplitter } from './log-line-splitter.js';

function split(chunks: string[], maxLineChars: number): string[] {
  const lines: string[] = [];
  const splitter = createLogLineSplitter(maxLineChars, (line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

describe('createLogLineSplitter', () => {
  it('gives the same lines however the output is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '\n') }), { maxLength: 20 }), (chunks) => {
        const text = chunks.join('');
        const expected = text.split('\n');
        if (expected.at(-1) === '') expected.pop();
        expect(split(chunks, 1000)).toEqual(expected);
      }),
    );
  });

  it('caps a long line, drops its rest and carries on with the next line', () => {
    expect(split(['ab', 'cdefgh', 'ij\nnext\r\n'], 4)).toEqual(['abcd… [truncated]', 'next']);
  });
});
