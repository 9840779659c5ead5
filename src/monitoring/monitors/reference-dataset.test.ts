import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { normaliseReferenceRows, splitRows } from './reference-dataset.js';

const options = {
  descriptorColumns: ['prompt_chars', 'prompt_language', 'response_chars'],
  requiredColumns: null,
  describe: (prefix: 'prompt' | 'response', text: string) => ({ [`${prefix}_chars`]: text.length, [`${prefix}_language`]: 'en' }),
};

function failure(run: () => unknown): CairnError {
  try {
    run();
  } catch (error) {
    return error as CairnError;
  }
  throw new Error('expected a failure');
}

describe('reference datasets', () => {
  it('reads JSON Lines, a JSON array and {rows}', () => {
    expect(splitRows('{"a":1}\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(splitRows('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(splitRows('{"rows":[{"a":1}]}')).toEqual([{ a: 1 }]);
  });

  it('names the bad line, and refuses too many rows', () => {
    expect(failure(() => splitRows('{"a":1}\n{oops\n')).message).toContain('Line 2');
    expect(failure(() => splitRows('{"a":1}\n3\n')).message).toContain('line 2 is not a JSON object');
    expect(failure(() => splitRows('{"a":1}\n{"a":2}\n{"a":3}', 2)).status).toBe(413);
    expect(failure(() => splitRows('  ')).status).toBe(400);
  });

  it('describes raw texts and keeps descriptor columns', () => {
    const { rows, columns } = normaliseReferenceRows([{ prompt: 'hello', response: 'hi' }, { prompt_chars: 7 }], options);
    expect(rows).toEqual([{ prompt_chars: 5, prompt_language: 'en', response_chars: 2 }, { prompt_chars: 7 }]);
    expect(columns).toEqual(['prompt_chars', 'prompt_language', 'response_chars']);
  });

  it('refuses unknown and missing columns with a 400 naming them', () => {
    const unknown = failure(() => normaliseReferenceRows([{ prompt_chars: 1, colour: 'red' }], options));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('unknown columns: colour');
    const missing = failure(() => normaliseReferenceRows([{ prompt_chars: 1 }], { ...options, requiredColumns: ['prompt_chars', 'response_chars'] }));
    expect(missing.message).toContain('missing columns: response_chars');
    expect(missing.details).toMatchObject({ missing_columns: ['response_chars'] });
    expect(failure(() => normaliseReferenceRows([{ prompt: 3 }], options)).message).toContain('must hold text');
    expect(failure(() => normaliseReferenceRows([{ prompt_embedding: ['x'] }], options)).message).toContain('array of numbers');
  });
});
