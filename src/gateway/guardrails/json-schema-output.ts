import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CairnError } from '../../errors/index.js';
import { unsafeSchemaReason } from '../../lib/schema-patterns.js';
import type { Guardrail, GuardrailContext, GuardrailFinding, GuardrailVerdict } from './types.js';

/**
 * `json_schema` (output): when the request asks for `response_format: {type: 'json_schema', json_schema: {schema}}`,
 * the answer must be JSON matching that schema; otherwise the verdict flags (default) or blocks (SEC-OUT-3), so an
 * invalid answer is never silently passed as valid.
 *
 * Schemas come from requests, so compiling is guarded: a schema that is not valid JSON Schema, names a remote
 * `$ref`, is huge, or holds a `pattern` that can backtrack exponentially (SEC-DOS-7) is a 400 at request time
 * (`prepare`), before the model is called. Compiled validators are cached by a hash of the schema (bounded LRU), so
 * a client sending the same schema on every call compiles it once.
 */

export interface JsonSchemaOutputOptions {
  behavior: 'FLAG' | 'BLOCK';
}

const MAX_SCHEMA_BYTES = 256 * 1024;
const CACHE_SIZE = 256;

// `addUsedSchema: false`: two requests whose schemas share an `$id` must not collide in the shared instance.
// `strict: false`: OpenAI-style schemas carry keywords and formats this Ajv does not know; they are ignored.
const ajv = new Ajv({ strict: false, allErrors: false, addUsedSchema: false, logger: false });
const compiledByHash = new Map<string, ValidateFunction>();
const hashByObject = new WeakMap<object, string>();

function invalidSchema(reason: string): CairnError {
  return new CairnError('INVALID_PARAMETER_VALUE', `response_format.json_schema.schema is not usable: ${reason}.`, { details: { param: 'response_format' } });
}


function schemaHash(schema: Record<string, unknown>): string {
  const known = hashByObject.get(schema);
  if (known) return known;
  let text: string;
  try {
    text = JSON.stringify(schema);
  } catch {
    throw invalidSchema('it is not JSON');
  }
  if (text.length > MAX_SCHEMA_BYTES) throw invalidSchema(`it is larger than ${MAX_SCHEMA_BYTES} bytes`);
  const hash = createHash('sha256').update(text).digest('base64url');
  hashByObject.set(schema, hash);
  return hash;
}

/** The validator for a response schema, compiled once per distinct schema; throws a 400 CairnError when unusable. */
export function compileResponseSchema(schema: Record<string, unknown>): ValidateFunction {
  const hash = schemaHash(schema);
  const cached = compiledByHash.get(hash);
  if (cached) {
    compiledByHash.delete(hash);
    compiledByHash.set(hash, cached);
    return cached;
  }
  const unsafe = unsafeSchemaReason(schema);
  if (unsafe) throw invalidSchema(unsafe);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw invalidSchema((error as Error).message.slice(0, 300));
  }
  compiledByHash.set(hash, validate);
  if (compiledByHash.size > CACHE_SIZE) {
    const oldest = compiledByHash.keys().next().value as string;
    const evicted = compiledByHash.get(oldest);
    compiledByHash.delete(oldest);
    if (evicted) ajv.removeSchema(evicted.schema as object);
  }
  return validate;
}

/** `/items/0 required` — where and which rule, without the offending value (verdicts are stored). */
function mismatchDetail(error: ErrorObject | undefined): string {
  if (!error) return 'does not match the schema';
  const missing = error.keyword === 'required' ? ` ${String((error.params as { missingProperty?: unknown }).missingProperty)}` : '';
  return `${error.instancePath || '/'} ${error.keyword}${missing}`.slice(0, 200);
}

export function createJsonSchemaOutputGuardrail(options: JsonSchemaOutputOptions): Guardrail {
  const failingAction = options.behavior === 'BLOCK' ? 'block' : 'flag';

  return {
    name: 'json_schema',
    wholeText: true,
    prepare(context: GuardrailContext): void {
      if (context.responseSchema) compileResponseSchema(context.responseSchema);
    },
    check(segments, context): GuardrailVerdict {
      if (!context.responseSchema) return { guardrail: 'json_schema', stage: context.stage, action: 'allow', findings: [] };
      let validate: ValidateFunction;
      try {
        validate = compileResponseSchema(context.responseSchema);
      } catch (error) {
        return { guardrail: 'json_schema', stage: context.stage, action: failingAction, findings: [], error: (error as Error).message };
      }
      const findings: GuardrailFinding[] = [];
      segments.forEach((segment, index) => {
        if (segment.source !== 'completion' && segment.source !== 'assistant') return;
        let value: unknown;
        try {
          value = JSON.parse(segment.text);
        } catch {
          findings.push({ type: 'invalid_json', segment: index, detail: 'the answer is not valid JSON' });
          return;
        }
        if (!validate(value)) findings.push({ type: 'schema_mismatch', segment: index, detail: mismatchDetail(validate.errors?.[0]) });
      });
      return { guardrail: 'json_schema', stage: context.stage, action: findings.length > 0 ? failingAction : 'allow', findings };
    },
  };
}
