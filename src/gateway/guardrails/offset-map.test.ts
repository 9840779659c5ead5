import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOffsetMap } from './offset-map.js';

/** Masks `spans` of `text` with placeholders, returning the masked text and, per span, where its placeholder sits. */
function mask(text: string, spans: Array<[number, number]>, placeholder: (index: number) => string) {
  let result = '';
  let cursor = 0;
  const placed: Array<[number, number]> = [];
  spans.forEach(([start, end], index) => {
    result += text.slice(cursor, start);
    const value = placeholder(index);
    placed.push([result.length, result.length + value.length]);
    result += value;
    cursor = end;
  });
  return { masked: result + text.slice(cursor), placed };
}

describe('createOffsetMap', () => {
  it('maps a placeholder back to the span it replaced and unchanged text 1:1', () => {
    const before = 'mail bob@example.com or call 555-0100 now';
    const spans: Array<[number, number]> = [[5, 20], [29, 37]];
    const { masked, placed } = mask(before, spans, (index) => `[X_${index + 1}]`);
    const map = createOffsetMap(before, masked, spans);
    expect(map.toBefore(...placed[0]!)).toEqual({ start: 5, end: 20 });
    expect(map.toBefore(...placed[1]!)).toEqual({ start: 29, end: 37 });
    const now = masked.indexOf('now');
    expect(map.toBefore(now, now + 3)).toEqual({ start: before.indexOf('now'), end: before.indexOf('now') + 3 });
  });

  it('finds placeholders by the unchanged text between them when findings do not name them', () => {
    const before = 'a 555-0100, b 555-0199.';
    const map = createOffsetMap(before, 'a [PHONE_1], b [PHONE_2].', [[2, 10], [14, 22]]);
    expect(map.toBefore(15, 24)).toEqual({ start: 14, end: 22 });
  });

  it('falls back to the changed middle when the spans are unusable', () => {
    const map = createOffsetMap('keep SECRET keep', 'keep [S] keep', []);
    expect(map.toBefore(5, 8)).toEqual({ start: 5, end: 11 });
  });

  it('maps every placeholder to its span exactly when findings name their replacement (property)', () => {
    const arbitrary = fc
      .tuple(fc.string({ minLength: 1, maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }))
      .map(([text, raw]) => {
        const cuts = [...new Set(raw.flatMap(([a, b]) => [a % (text.length + 1), b % (text.length + 1)]))].sort((a, b) => a - b);
        const spans: Array<[number, number]> = [];
        // Non-touching spans: masks from one guardrail never abut without text between.
        for (let index = 0; index + 1 < cuts.length; index += 2) {
          const start = cuts[index]!;
          const end = cuts[index + 1]!;
          if (end > start && (spans.length === 0 || start > spans[spans.length - 1]![1])) spans.push([start, end]);
        }
        return { text, spans };
      });
    fc.assert(
      fc.property(arbitrary, ({ text, spans }) => {
        const { masked, placed } = mask(text, spans, (index) => `[P_${index + 1}]`);
        const map = createOffsetMap(text, masked, spans.map(([start, end], index) => [start, end, `[P_${index + 1}]`] as const));
        placed.forEach(([start, end], index) => expect(map.toBefore(start, end)).toEqual({ start: spans[index]![0], end: spans[index]![1] }));
      }),
    );
  });
});
