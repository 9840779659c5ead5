import { describe, expect, it } from 'vitest';
import { type CairnError, isCairnError } from '../../errors/index.js';
import { compileResponseSchema, createJsonSchemaOutputGuardrail } from './json-schema-output.js';
import type { GuardrailContext, GuardrailVerdict, TextSegment } from './types.js';

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
  required: ['name', 'age'],
  additionalProperties: false,
};
const contextWith = (responseSchema?: Record<string, unknown>): GuardrailContext => ({
  stage: 'output',
  endpointName: 'bot',
  requestId: 'r1',
  signal: new AbortController().signal,
  ...(responseSchema ? { responseSchema } : {}),
});
const answer = (text: string, index = 0): TextSegment => ({ source: 'completion', text, index });

function prepareError(responseSchema: Record<string, unknown>): CairnError {
  try {
    createJsonSchemaOutputGuardrail({ behavior: 'FLAG' }).prepare!(contextWith(responseSchema));
  } catch (error) {
    if (isCairnError(error)) return error;
    throw error;
  }
  throw new Error('schema accepted');
}

describe('json_schema output guardrail (SEC-OUT-3)', () => {
  it('allows an answer that is JSON matching the schema', () => {
    const verdict = createJsonSchemaOutputGuardrail({ behavior: 'BLOCK' }).check([answer('{"name":"Ada","age":36}')], contextWith(schema)) as GuardrailVerdict;
    expect(verdict).toMatchObject({ guardrail: 'json_schema', action: 'allow', findings: [] });
  });

  it('flags invalid JSON and schema mismatches, never passing them as valid', () => {
    const guardrail = createJsonSchemaOutputGuardrail({ behavior: 'FLAG' });
    const verdict = guardrail.check([answer('{"name": "Ada", "age": '), answer('{"name":"Ada"}', 1), answer('{"name":"Ada","age":-1}', 2)], contextWith(schema)) as GuardrailVerdict;
    expect(verdict.action).toBe('flag');
    expect(verdict.findings.map((finding) => [finding.segment, finding.type])).toEqual([
      [0, 'invalid_json'],
      [1, 'schema_mismatch'],
      [2, 'schema_mismatch'],
    ]);
    expect(verdict.findings[1]!.detail).toBe('/ required age');
    expect(verdict.findings[2]!.detail).toBe('/age minimum');
  });

  it('blocks instead when configured to', () => {
    const verdict = createJsonSchemaOutputGuardrail({ behavior: 'BLOCK' }).check([answer('not json')], contextWith(schema)) as GuardrailVerdict;
    expect(verdict.action).toBe('block');
  });

  it('does nothing for a request without a JSON schema', () => {
    const verdict = createJsonSchemaOutputGuardrail({ behavior: 'BLOCK' }).check([answer('free text')], contextWith()) as GuardrailVerdict;
    expect(verdict).toMatchObject({ action: 'allow', findings: [] });
  });

  it('refuses a malformed schema at request time with a 400, not a 500', () => {
    for (const bad of [{ type: 'objekt' }, { properties: { a: { minimum: 'zero' } } }, { $ref: 'https://example.com/remote.json' }, { type: 'string', pattern: '(' }]) {
      const error = prepareError(bad);
      expect(error.code).toBe('INVALID_PARAMETER_VALUE');
      expect(error.status).toBe(400);
      expect(error.message).toContain('response_format');
    }
  });

  it('refuses a schema pattern with exponential backtracking (SEC-DOS-7)', () => {
    expect(prepareError({ type: 'string', pattern: '^(a+)+$' }).message).toContain('exponential');
    expect(prepareError({ type: 'object', patternProperties: { '(x*)*y': { type: 'string' } } }).message).toContain('exponential');
  });

  it('compiles a schema once: the same schema sent again gets the cached validator', () => {
    const first = compileResponseSchema({ ...schema, title: 'cache-test' });
    const second = compileResponseSchema(JSON.parse(JSON.stringify({ ...schema, title: 'cache-test' })) as Record<string, unknown>);
    expect(second).toBe(first);
  });

  it('lets two schemas share an $id without colliding', () => {
    const a = compileResponseSchema({ $id: 'https://example.com/answer', type: 'string' });
    const b = compileResponseSchema({ $id: 'https://example.com/answer', type: 'number' });
    expect(a('x')).toBe(true);
    expect(b('x')).toBe(false);
  });

  it('reports a schema failing at check time as an error with the configured action', () => {
    const verdict = createJsonSchemaOutputGuardrail({ behavior: 'BLOCK' }).check([answer('{}')], contextWith({ type: 'nope' })) as GuardrailVerdict;
    expect(verdict.action).toBe('block');
    expect(verdict.error).toContain('response_format');
  });
});
