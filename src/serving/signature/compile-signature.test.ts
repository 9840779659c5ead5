import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCairnError } from '../../errors/index.js';
import { compileSignature, describeFieldErrors, MAX_FIELD_ERRORS } from './index.js';

const textRecord = {
  type: 'object',
  properties: { text: { type: 'string' }, top: { type: 'integer', minimum: 1 } },
  required: ['text'],
  additionalProperties: false,
};

function compileError(signature: Parameters<typeof compileSignature>[0]): { code: string; message: string } {
  try {
    compileSignature(signature);
  } catch (error) {
    if (isCairnError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the signature not to compile');
}

describe('compileSignature', () => {
  it('is undefined without a signature or without any schema', () => {
    expect(compileSignature(undefined)).toBeUndefined();
    expect(compileSignature({})).toBeUndefined();
  });

  it('accepts records that match the input schema', () => {
    const signature = compileSignature({ inputs: textRecord })!;
    expect(signature.checkInputs([{ text: 'a' }, { text: 'b', top: 3 }])).toEqual([]);
  });

  it('names each offending field with its record index', () => {
    const signature = compileSignature({ inputs: textRecord })!;
    expect(signature.checkInputs([{ text: 'ok' }, { text: 'ok' }, { text: 7 }])).toEqual([{ field: 'records[2].text', message: 'must be string' }]);
    expect(signature.checkInputs([{}])).toEqual([{ field: 'records[0]', message: "must have required property 'text'" }]);
    expect(signature.checkInputs([{ text: 'a', extra: 1 }])).toEqual([{ field: 'records[0]', message: "must NOT have additional property 'extra'" }]);
    expect(signature.checkInputs(['just text'])).toEqual([{ field: 'records[0]', message: 'must be object' }]);
  });

  it('reports every error of a record (allErrors), not only the first', () => {
    const signature = compileSignature({ inputs: textRecord })!;
    const errors = signature.checkInputs([{ top: 0 }]);
    expect(errors).toEqual([
      { field: 'records[0]', message: "must have required property 'text'" },
      { field: 'records[0].top', message: 'must be >= 1' },
    ]);
  });

  it('writes nested paths with indexes, quoted odd keys, and numeric-looking keys as keys', () => {
    const signature = compileSignature({
      inputs: {
        type: 'object',
        properties: {
          tags: { type: 'array', items: { type: 'string' } },
          'odd key': { type: 'number' },
          nested: { type: 'object', properties: { '0': { type: 'boolean' } } },
        },
      },
    })!;
    expect(signature.checkInputs([{ tags: ['a', 2], 'odd key': 'x', nested: { '0': 'no' } }])).toEqual([
      { field: 'records[0].tags[1]', message: 'must be string' },
      { field: 'records[0]["odd key"]', message: 'must be number' },
      { field: 'records[0].nested["0"]', message: 'must be boolean' },
    ]);
  });

  it('checks params as one object, named params.*', () => {
    const signature = compileSignature({ params: { type: 'object', properties: { top_k: { type: 'integer', maximum: 10 } }, required: ['top_k'] } })!;
    expect(signature.checkParams({ top_k: 3 })).toEqual([]);
    expect(signature.checkParams({ top_k: 11 })).toEqual([{ field: 'params.top_k', message: 'must be <= 10' }]);
    expect(signature.checkParams({})).toEqual([{ field: 'params', message: "must have required property 'top_k'" }]);
    expect(signature.checkInputs([{ anything: true }])).toEqual([]);
  });

  it('checks each prediction against the output schema, named predictions[i]', () => {
    const signature = compileSignature({ outputs: { type: 'object', properties: { score: { type: 'number' } }, required: ['score'] } })!;
    expect(signature.checkOutputs([{ score: 0.5 }, { score: 'high' }])).toEqual([{ field: 'predictions[1].score', message: 'must be number' }]);
    expect(signature.checkOutputs([{ score: 1 }])).toEqual([]);
  });

  it('caps the errors of a large bad batch', () => {
    const signature = compileSignature({ inputs: textRecord })!;
    const errors = signature.checkInputs(Array.from({ length: 100 }, () => ({ text: 1, top: 'x' })));
    expect(errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(errors[0]).toEqual({ field: 'records[0].text', message: 'must be string' });
  });

  it('understands draft 2020-12 schemas, and ignores unknown formats and keywords', () => {
    const signature = compileSignature({
      inputs: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
      outputs: { type: 'string', format: 'made-up-format', 'x-ui-hint': 'wide' },
    })!;
    expect(signature.checkInputs([['a', 1]])).toEqual([]);
    expect(signature.checkInputs([['a', 'b']])).toEqual([{ field: 'records[0][1]', message: 'must be number' }]);
    expect(signature.checkOutputs(['anything'])).toEqual([]);
  });

  it('refuses a schema that does not compile, naming the part', () => {
    expect(compileError({ inputs: { type: 'nonsense' } })).toMatchObject({ code: 'PACKAGE_INVALID', message: expect.stringMatching(/^signature\.inputs: /) });
    expect(compileError({ outputs: { $ref: 'https://example.com/schema.json' } })).toMatchObject({ code: 'PACKAGE_INVALID', message: expect.stringMatching(/^signature\.outputs: /) });
  });

  it('refuses patterns that are invalid or can backtrack exponentially (checks run on the serving thread)', () => {
    expect(compileError({ inputs: { type: 'string', pattern: '(a+)+$' } }).message).toMatch(/signature\.inputs: .*exponential/);
    expect(compileError({ params: { type: 'object', patternProperties: { '([': {} } } }).message).toMatch(/signature\.params: .*not a valid regular expression/);
  });

  it('describes the first few errors in one line', () => {
    const errors = [1, 2, 3, 4, 5].map((index) => ({ field: `records[${index}].text`, message: 'must be string' }));
    expect(describeFieldErrors(errors)).toBe('records[1].text: must be string; records[2].text: must be string; records[3].text: must be string (and 2 more)');
  });
});

type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

const valueOf: Record<FieldType, fc.Arbitrary<unknown>> = {
  string: fc.string(),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  boolean: fc.boolean(),
  array: fc.array(fc.string(), { maxLength: 3 }),
  object: fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
};

/** A value no schema of that type accepts. */
const wrongValueOf: Record<FieldType, unknown> = { string: 42, integer: 1.5, number: 'x', boolean: 'yes', array: { not: 'array' }, object: ['not', 'object'] };

// `__proto__` would set the record's prototype instead of a field.
const fieldName = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.string({ minLength: 1, maxLength: 6 })).filter((name) => name !== '__proto__');

/** An object schema with 1–5 typed fields, each required or not. */
const schemaSpec = fc.uniqueArray(
  fc.record({ name: fieldName, type: fc.constantFrom<FieldType>('string', 'integer', 'number', 'boolean', 'array', 'object'), required: fc.boolean() }),
  { minLength: 1, maxLength: 5, selector: (field) => field.name },
);

function schemaOf(spec: Array<{ name: string; type: FieldType; required: boolean }>): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(spec.map((field) => [field.name, { type: field.type }])),
    required: spec.filter((field) => field.required).map((field) => field.name),
  };
}

/** A record matching the spec: required fields always present, optional ones sometimes. */
function recordOf(spec: Array<{ name: string; type: FieldType; required: boolean }>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(...spec.map((field) => fc.tuple(valueOf[field.type], field.required ? fc.constant(true) : fc.boolean()))).map((values) => {
    const record: Record<string, unknown> = {};
    spec.forEach((field, index) => {
      const [value, present] = values[index]!;
      if (present) record[field.name] = value;
    });
    return record;
  });
}

function expectedPath(index: number, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `records[${index}].${name}` : `records[${index}][${JSON.stringify(name)}]`;
}

describe('compileSignature (properties)', () => {
  it('records generated from a schema always pass it', () => {
    fc.assert(
      fc.property(
        schemaSpec.chain((spec) => fc.tuple(fc.constant(spec), fc.array(recordOf(spec), { minLength: 1, maxLength: 4 }))),
        ([spec, records]) => {
          expect(compileSignature({ inputs: schemaOf(spec) })!.checkInputs(records)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a wrong-typed required field is reported with its record index and path', () => {
    const withRequired = schemaSpec.filter((spec) => spec.some((field) => field.required));
    fc.assert(
      fc.property(
        withRequired.chain((spec) => fc.tuple(fc.constant(spec), fc.array(recordOf(spec), { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat())),
        ([spec, records, recordPick, fieldPick]) => {
          const required = spec.filter((field) => field.required);
          const field = required[fieldPick % required.length]!;
          const index = recordPick % records.length;
          records[index] = { ...records[index], [field.name]: wrongValueOf[field.type] };
          const errors = compileSignature({ inputs: schemaOf(spec) })!.checkInputs(records);
          expect(errors.map((error) => error.field)).toEqual([expectedPath(index, field.name)]);
          expect(errors[0]!.message).toMatch(/^must be /);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a missing required field is reported on its record', () => {
    fc.assert(
      fc.property(schemaSpec.filter((spec) => spec.some((field) => field.required)).chain((spec) => fc.tuple(fc.constant(spec), recordOf(spec))), ([spec, record]) => {
        const field = spec.find((candidate) => candidate.required)!;
        delete record[field.name];
        const errors = compileSignature({ inputs: schemaOf(spec) })!.checkInputs([record]);
        expect(errors).toContainEqual({ field: 'records[0]', message: `must have required property '${field.name}'` });
      }),
      { numRuns: 60 },
    );
  });
});
