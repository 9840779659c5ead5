import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { CairnError } from '../../errors/index.js';
import { unsafeSchemaReason } from '../../lib/schema-patterns.js';
import { fieldPath } from './field-path.js';

export interface SignatureFieldError {
  /** Where, e.g. `records[2].text` or `params.top_k`. */
  field: string;
  message: string;
}

export interface CompiledSignature {
  /** Field errors of the records (each checked against `inputs`); empty when they match or there is no input schema. */
  checkInputs(records: readonly unknown[]): SignatureFieldError[];
  checkParams(params: Record<string, unknown>): SignatureFieldError[];
  /** Field errors of the predictions (each checked against `outputs`). */
  checkOutputs(predictions: readonly unknown[]): SignatureFieldError[];
}

/** The manifest's `signature`: JSON Schemas of one record, of one prediction and of the request's `params`. */
export interface SignatureSchemas {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  params?: Record<string, unknown>;
}

/** At most this many field errors per check: enough to fix a request, bounded work and body size for a bad batch. */
export const MAX_FIELD_ERRORS = 20;


/**
 * Compiles a signature once per served entity (never per request). Throws PACKAGE_INVALID naming the part
 * (`signature.inputs: …`) when a schema does not compile, refers to a remote `$ref`, or holds a `pattern` that can
 * backtrack exponentially: checks run on the serving thread, so one bad regex must not stall every endpoint.
 */
export function compileSignature(signature: SignatureSchemas | undefined): CompiledSignature | undefined {
  if (!signature) return undefined;
  const inputs = compilePart('inputs', signature.inputs);
  const outputs = compilePart('outputs', signature.outputs);
  const params = compilePart('params', signature.params);
  if (!inputs && !outputs && !params) return undefined;
  return {
    checkInputs: (records) => checkEach(inputs, 'records', records),
    checkParams: (values) => (params ? errorsOf(params, 'params', values, MAX_FIELD_ERRORS) : []),
    checkOutputs: (predictions) => checkEach(outputs, 'predictions', predictions),
  };
}

/** Joins the first few field errors into one message: `records[0].text: must be string; …`. */
export function describeFieldErrors(errors: readonly SignatureFieldError[], shown = 3): string {
  const listed = errors.slice(0, shown).map((error) => `${error.field}: ${error.message}`).join('; ');
  return errors.length > shown ? `${listed} (and ${errors.length - shown} more)` : listed;
}

function compilePart(part: keyof SignatureSchemas, schema: Record<string, unknown> | undefined): ValidateFunction | undefined {
  if (schema === undefined) return undefined;
  const invalid = (reason: string) => new CairnError('PACKAGE_INVALID', `signature.${part}: ${reason}`, { details: { field: `signature.${part}` } });
  const unsafe = unsafeSchemaReason(schema);
  if (unsafe) throw invalid(unsafe);
  try {
    // A fresh instance per schema: two versions may reuse an `$id`, and one instance would refuse the second.
    return ajvFor(schema).compile(schema);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}

/** The draft the schema names (`$schema`); draft-07 otherwise. `strict: false`: unknown keywords and formats are ignored. */
function ajvFor(schema: Record<string, unknown>): Ajv {
  const options = { allErrors: true, strict: false, logger: false } as const;
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (draft.includes('2020-12')) return new Ajv2020(options);
  if (draft.includes('2019-09')) return new Ajv2019(options);
  return new Ajv(options);
}


function checkEach(validate: ValidateFunction | undefined, name: string, values: readonly unknown[]): SignatureFieldError[] {
  if (!validate) return [];
  const errors: SignatureFieldError[] = [];
  for (let index = 0; index < values.length && errors.length < MAX_FIELD_ERRORS; index++) {
    errors.push(...errorsOf(validate, `${name}[${index}]`, values[index], MAX_FIELD_ERRORS - errors.length));
  }
  return errors;
}

function errorsOf(validate: ValidateFunction, prefix: string, value: unknown, limit: number): SignatureFieldError[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, limit).map((error) => ({ field: fieldPath(prefix, value, error.instancePath), message: messageOf(error) }));
}

function messageOf(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: unknown; allowedValues?: unknown };
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `must NOT have additional property '${params.additionalProperty}'`;
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.slice(0, 10).map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return error.message ?? `fails ${error.keyword}`;
}
