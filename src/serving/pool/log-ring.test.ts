import { describe, expect, it } from 'vitest';
import { LogRing } from './log-ring.js';

describe('LogRing', () => {
  it('keeps the last lines, oldest first, one entry per line of text', () => {
    const ring = new LogRing(3, () => 0);
    ring.write('replica-1', 'stdout', 'a\nb');
    ring.write('replica-1', 'stderr', 'c');
    ring.write('pool', 'system', 'd');
    expect(ring.tail()).toEqual([
      '1970-01-01T00:00:00.000Z [replica-1] [stdout] b',
      '1970-01-01T00:00:00.000Z [replica-1] [stderr] c',
      '1970-01-01T00:00:00.000Z [pool] [system] d',
    ]);
    expect(ring.tail(1)).toEqual(['1970-01-01T00:00:00.000Z [pool] [system] d']);
    expect(ring.tail(0)).toEqual([]);
  });

  it('cuts very long lines', () => {
    const ring = new LogRing(2, () => 0);
    ring.write('replica-1', 'stdout', 'x'.repeat(10_000));
    expect(ring.tail()[0]!.length).toBeLessThan(4_100);
  });
});
