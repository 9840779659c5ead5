/** Model signatures (the package manifest's `signature`): JSON Schemas enforced on predict inputs, params and outputs. */
export {
  compileSignature,
  type CompiledSignature,
  describeFieldErrors,
  MAX_FIELD_ERRORS,
  type SignatureFieldError,
  type SignatureSchemas,
} from './compile-signature.js';
