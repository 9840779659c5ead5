import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParseError, SseParser, type SseEvent } from './sse-parser.js';

/** Any text without line breaks or NUL: what a single SSE field value can hold. */
const lineText = fc.string({ unit: 'binary', maxLength: 20 }).filter((text) => !/[\r\n\0]/.test(text));
const lineEnding = fc.constantFrom('\n', '\r\n', '\r');

const eventArbitrary = fc.record({
  dataLines: fc.array(lineText, { minLength: 1, maxLength: 4 }),
  event: fc.option(lineText.filter((text) => text.length > 0), { nil: undefined }),
  comment: fc.option(lineText, { nil: undefined }),
});

type GeneratedEvent = typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never;

function serialise(events: GeneratedEvent[], endings: string[]): string {
  let text = '';
  let cursor = 0;
  const end = () => {
    const ending = endings[cursor++ % endings.length]!;
    // A CR followed by an empty line ending in LF would read as one CRLF, which is what the grammar says.
    return ending === '\n' && text.endsWith('\r') ? '\r\n' : ending;
  };
  for (const event of events) {
    if (event.comment !== undefined) text += `:${event.comment}${end()}`;
    if (event.event !== undefined) text += `event: ${event.event}${end()}`;
    for (const line of event.dataLines) text += `data: ${line}${end()}`;
    text += end();
  }
  return text;
}

function expected(events: GeneratedEvent[]): SseEvent[] {
  return events.map((event) => ({ event: event.event ?? 'message', data: event.dataLines.join('\n') }));
}

/** Splits bytes at the given cut points (sorted, deduplicated, within range). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((left, right) => left - right);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

function parseAll(pieces: Array<Uint8Array | string>, parser = new SseParser()): SseEvent[] {
  const events: SseEvent[] = [];
  for (const piece of pieces) events.push(...parser.push(piece));
  events.push(...parser.end());
  return events;
}

describe('SseParser', () => {
  it('yields the same events however the bytes are split (CRLF, CR, LF, multi-line data, multi-byte UTF-8)', () => {
    fc.assert(
      fc.property(
        fc.array(eventArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(lineEnding, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (events, endings, cuts) => {
          const bytes = new TextEncoder().encode(serialise(events, endings));
          expect(parseAll(splitAt(bytes, cuts))).toEqual(expected(events));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits one byte at a time without losing anything', () => {
    const text = 'data: {"a":"é✓🙂"}\r\n\r\ndata: line one\ndata: line two\n\ndata: [DONE]\r\r';
    const bytes = new TextEncoder().encode(text);
    const pieces = Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
    expect(parseAll(pieces).map((event) => event.data)).toEqual(['{"a":"é✓🙂"}', 'line one\nline two', '[DONE]']);
  });

  it('ignores comments, keeps named events and ids, and strips only one leading space', () => {
    const events = parseAll([': keep-alive\n\nevent: error\nid: 7\ndata:  two spaces\n\ndata\n\n']);
    expect(events).toEqual([
      { event: 'error', data: ' two spaces', id: '7' },
      { event: 'message', data: '', id: '7' },
    ]);
  });

  it('delivers a last event that lacks its closing blank line, but not a half-written line', () => {
    expect(parseAll(['data: [DONE]\n']).map((event) => event.data)).toEqual(['[DONE]']);
    expect(parseAll(['data: {"cut'])).toEqual([]);
  });

  it('strips a byte-order mark at the start of the stream', () => {
    expect(parseAll(['\uFEFFdata: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('SEC-API10: refuses an oversized event instead of buffering without bound', () => {
    const parser = new SseParser({ maxEventLength: 64 });
    expect(() => parser.push(`data: ${'x'.repeat(100)}`)).toThrow(SseParseError);
    const lines = new SseParser({ maxEventLength: 64 });
    expect(() => lines.push(`data: ${'x'.repeat(40)}\ndata: ${'x'.repeat(40)}\n`)).toThrow(SseParseError);
  });
});
