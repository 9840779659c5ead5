/** Model signatures (the package manifest's `signature`): JSON Schemas enforced on predict inputs, params and outputs. */

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

/** CONTRACT STUB (signature helper implements): compiles once per served entity (Ajv), never per request. */
export function compileSignature(signature: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; params?: Record<string, unknown> } | undefined): CompiledSignature | undefined {
  if (!signature) return undefined;
  return undefined;
}
