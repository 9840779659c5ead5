import { type ErrorCode, statusOf } from './catalog.js';

export interface CairnErrorOptions {
  /** Extra fields merged into the JSON error body (e.g. `{ guardrail: 'pii' }`). Never put secrets here. */
  details?: Record<string, unknown>;
  /** Response headers to set with the error (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Overrides the catalog status, e.g. to relay an upstream 429 as 429. */
  status?: number;
  cause?: unknown;
}

/** The one error type that crosses area boundaries; the HTTP edge turns it into a JSON body. */
export class CairnError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: CairnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CairnError';
    this.code = code;
    this.status = options.status ?? statusOf(code);
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isCairnError(value: unknown): value is CairnError {
  return value instanceof CairnError;
}

/** Shorthands for the errors every area raises. */
export const errors = {
  invalid: (message: string, details?: Record<string, unknown>) =>
    new CairnError('INVALID_PARAMETER_VALUE', message, details ? { details } : {}),
  notFound: (message: string) => new CairnError('RESOURCE_DOES_NOT_EXIST', message),
  alreadyExists: (message: string) => new CairnError('RESOURCE_ALREADY_EXISTS', message),
  unauthenticated: () => new CairnError('UNAUTHENTICATED', 'A valid bearer token is required.'),
  permissionDenied: (message: string) => new CairnError('PERMISSION_DENIED', message),
  internal: (message = 'Internal error.') => new CairnError('INTERNAL_ERROR', message),
};
