/**
 * The error catalog: every error Cairn returns has a stable `error_code` whose HTTP status is fixed here.
 * Codes follow MLflow / Databricks names where those exist, so their clients map them to the right class.
 */
export const errorCatalog = {
  INVALID_PARAMETER_VALUE: 400,
  MALFORMED_REQUEST: 400,
  BAD_REQUEST: 400,
  INVALID_STATE: 400,
  CAPABILITY_NOT_SUPPORTED: 400,
  GUARDRAIL_BLOCKED: 400,
  /** A model package (archive or manifest) is malformed, unsafe (a path escaping the package) or names an unknown flavour. */
  PACKAGE_INVALID: 400,
  /** A request does not match the served model version's input (or params) signature; `details.fields` names the fields. */
  SIGNATURE_MISMATCH: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RESOURCE_ALREADY_EXISTS: 409,
  RESOURCE_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_LIMIT_EXCEEDED: 429,
  /** A hard budget (USD or tokens) of the caller, its group or the endpoint is used up for this period. */
  BUDGET_EXCEEDED: 429,
  /** The served entity's queue is full (every replica busy and the bounded queue at capacity); `Retry-After` says when to retry. */
  ENTITY_QUEUE_FULL: 429,
  /** A call waited in the served entity's queue past the queue timeout. */
  ENTITY_QUEUE_TIMEOUT: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_ERROR: 500,
  UPSTREAM_ERROR: 502,
  UPSTREAM_INVALID_RESPONSE: 502,
  UPSTREAM_CONNECTION_ERROR: 502,
  /** A custom model threw, returned output that is not JSON-serialisable, or its replica crashed mid-call. */
  MODEL_ERROR: 502,
  /** A custom model's replica ran past its memory limit; the calls it held fail and the replica is replaced. */
  MODEL_OUT_OF_MEMORY: 502,
  TEMPORARILY_UNAVAILABLE: 503,
  ENDPOINT_NOT_READY: 503,
  /** The endpoint was disabled (by an alert remediation or an operator); it answers 503 until re-enabled. */
  ENDPOINT_DISABLED: 503,
  /** Redis (limits, budgets) cannot be reached and the policy says to fail closed. */
  POLICY_STORE_UNAVAILABLE: 503,
  /** Every served entity that could take the call has its circuit breaker open. */
  CIRCUIT_OPEN: 503,
  /** The served entity has no replica that can start (its `load` throws, its package fails verification…). */
  ENTITY_UNAVAILABLE: 503,
  /** A model package's files no longer match their recorded sha256 digests (SEC-SC-1): it refuses to load. */
  PACKAGE_INTEGRITY_ERROR: 503,
  UPSTREAM_TIMEOUT: 504,
  REQUEST_TIMEOUT: 504,
  /** A custom model ran past its call timeout (e.g. an infinite loop); its replica is terminated and replaced. */
  MODEL_TIMEOUT: 504,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCatalog;

export function statusOf(code: ErrorCode): number {
  return errorCatalog[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
