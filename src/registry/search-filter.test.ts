import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../errors/index.js';
import {
  type Comparator,
  type FilterClause,
  filterLimits,
  formatFilter,
  modelVersionFilterSpec,
  parseFilter,
  registeredModelFilterSpec,
} from './search-filter.js';

function errorOf(action: () => unknown): CairnError {
  try {
    action();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a CairnError');
}

describe('parseFilter', () => {
  it('reads the MLflow filters clients send for registered models', () => {
    expect(parseFilter("name = 'chat'", registeredModelFilterSpec)).toEqual([
      { key: { kind: 'attribute', name: 'name' }, comparator: '=', value: 'chat' },
    ]);
    expect(parseFilter(`name ilike "%Chat%" and tags.team = 'nlp' AND tags.\`owner id\` != 'x'`, registeredModelFilterSpec)).toEqual([
      { key: { kind: 'attribute', name: 'name' }, comparator: 'ILIKE', value: '%Chat%' },
      { key: { kind: 'tag', name: 'team' }, comparator: '=', value: 'nlp' },
      { key: { kind: 'tag', name: 'owner id' }, comparator: '!=', value: 'x' },
    ]);
    expect(parseFilter('tags."my key" LIKE \'a%\'', registeredModelFilterSpec)[0]!.key).toEqual({ kind: 'tag', name: 'my key' });
    expect(parseFilter("tags.mlflow.source = 'x'", registeredModelFilterSpec)[0]!.key).toEqual({ kind: 'tag', name: 'mlflow.source' });
    expect(parseFilter('', registeredModelFilterSpec)).toEqual([]);
    expect(parseFilter('   ', registeredModelFilterSpec)).toEqual([]);
    expect(parseFilter(undefined, registeredModelFilterSpec)).toEqual([]);
  });

  it('reads version filters: run_id IN lists, integer version numbers, the source alias', () => {
    expect(parseFilter("name='m' AND run_id IN ('a', \"b\") AND version_number >= '2'", modelVersionFilterSpec)).toEqual([
      { key: { kind: 'attribute', name: 'name' }, comparator: '=', value: 'm' },
      { key: { kind: 'attribute', name: 'run_id' }, comparator: 'IN', value: ['a', 'b'] },
      { key: { kind: 'attribute', name: 'version_number' }, comparator: '>=', value: 2 },
    ]);
    expect(parseFilter("source = 's3://b/x' AND run_id not in ('r')", modelVersionFilterSpec)).toEqual([
      { key: { kind: 'attribute', name: 'source_path' }, comparator: '=', value: 's3://b/x' },
      { key: { kind: 'attribute', name: 'run_id' }, comparator: 'NOT IN', value: ['r'] },
    ]);
  });

  it('unescapes quotes inside strings, SQL and backslash style', () => {
    expect(parseFilter("name = 'it''s'", registeredModelFilterSpec)[0]!.value).toBe("it's");
    expect(parseFilter("name = 'it\\'s 100%'", registeredModelFilterSpec)[0]!.value).toBe("it's 100%");
  });

  it.each([
    ["name = 'a' OR name = 'b'", /OR is not supported/],
    ["description = 'x'", /unknown attribute 'description'.*name, tags\.<key>/],
    ["name < 'x'", /comparator < is not supported for name/],
    ['name = chat', /expected a quoted string or a number/],
    ['name = 3', /name must be compared with a quoted string/],
    ["name = 'open", /unterminated ' quote/],
    ["name = 'a' AND", /expected an attribute/],
    ["name = 'a' name = 'b'", /expected AND/],
    ["run.name = 'a'", /unknown prefix 'run\.'/],
    ["name ~ 'a'", /unexpected character "~"/],
  ])('rejects %s with a 400 naming the problem', (filter, message) => {
    const error = errorOf(() => parseFilter(filter, registeredModelFilterSpec));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('rejects non-integer version numbers and oversized inputs', () => {
    expect(errorOf(() => parseFilter("version_number = 'x'", modelVersionFilterSpec)).message).toMatch(/integer/);
    expect(errorOf(() => parseFilter('version_number = 1.5', modelVersionFilterSpec)).message).toMatch(/integer/);
    const manyValues = `run_id IN (${Array.from({ length: filterLimits.maxListItems + 1 }, (_, i) => `'${i}'`).join(',')})`;
    expect(errorOf(() => parseFilter(manyValues, modelVersionFilterSpec)).message).toMatch(/at most/);
    const manyClauses = Array.from({ length: filterLimits.maxClauses + 1 }, () => "name = 'a'").join(' AND ');
    expect(errorOf(() => parseFilter(manyClauses, registeredModelFilterSpec)).message).toMatch(/at most/);
    expect(errorOf(() => parseFilter('x'.repeat(filterLimits.maxLength + 1), registeredModelFilterSpec)).message).toMatch(/longer than/);
    expect(errorOf(() => parseFilter('version_number > 3000000000', modelVersionFilterSpec)).message).toMatch(/out of range/);
    expect(errorOf(() => parseFilter("name = 'a\u0000b'", registeredModelFilterSpec)).message).toMatch(/NUL/);
  });
});

// Arbitrary clauses that are valid for the model-version spec, to check format → parse gives them back.
const stringComparator = fc.constantFrom<Comparator>('=', '!=', 'LIKE', 'ILIKE');
// Any character but NUL, which PostgreSQL cannot hold in text and the parser therefore refuses.
const withoutNul = (value: string) => !value.includes('\u0000');
const text = fc.string({ unit: 'binary', maxLength: 20 }).filter(withoutNul);
const validClause: fc.Arbitrary<FilterClause> = fc.oneof(
  fc.record({ key: fc.constant({ kind: 'attribute' as const, name: 'name' }), comparator: stringComparator, value: text }),
  fc.record({ key: fc.constant({ kind: 'attribute' as const, name: 'source_path' }), comparator: stringComparator, value: text }),
  fc.record({
    key: fc.constant({ kind: 'attribute' as const, name: 'run_id' }),
    comparator: fc.constantFrom<Comparator>('IN', 'NOT IN'),
    value: fc.array(text, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    key: fc.constant({ kind: 'attribute' as const, name: 'version_number' }),
    comparator: fc.constantFrom<Comparator>('=', '!=', '<', '<=', '>', '>='),
    value: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  }),
  fc.record({ key: fc.record({ kind: fc.constant('tag' as const), name: fc.string({ unit: 'binary', minLength: 1, maxLength: 15 }).filter(withoutNul) }), comparator: stringComparator, value: text }),
);

// Inputs made of the grammar's own pieces reach deeper into the parser than uniformly random text.
const filterish = fc
  .array(
    fc.constantFrom('name', 'tags.', 'tags', '.', 'run_id', 'version_number', '=', '!=', '<', 'LIKE', 'ilike', 'IN', 'NOT', 'AND', 'OR', '(', ')', ',', "'a'", '"b"', '`k`', "'", '"', '`', '\\', '12', '-3', '1.5', ' '),
    { maxLength: 25 },
  )
  .map((parts) => parts.join(' '));

describe('parseFilter properties', () => {
  it('formatFilter then parseFilter gives back the same clauses', () => {
    fc.assert(
      fc.property(fc.array(validClause, { minLength: 1, maxLength: 6 }), (clauses) => {
        expect(parseFilter(formatFilter(clauses), modelVersionFilterSpec)).toEqual(clauses);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a 400 CairnError, on random text or random grammar pieces', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), filterish), (input) => {
        for (const spec of [registeredModelFilterSpec, modelVersionFilterSpec]) {
          try {
            const clauses = parseFilter(input, spec);
            // Whatever parses is stable under a format/parse round trip.
            expect(parseFilter(formatFilter(clauses), spec)).toEqual(clauses);
          } catch (error) {
            expect(error).toBeInstanceOf(CairnError);
            expect((error as CairnError).status).toBe(400);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
