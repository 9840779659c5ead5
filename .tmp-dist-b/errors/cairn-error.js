import { statusOf } from './catalog.js';
/** The one error type that crosses area boundaries; the HTTP edge turns it into a JSON body. */
export class CairnError extends Error {
    code;
    status;
    details;
    headers;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'CairnError';
        this.code = code;
        this.status = options.status ?? statusOf(code);
        this.details = options.details ?? {};
        this.headers = options.headers ?? {};
    }
}
export function isCairnError(value) {
    return value instanceof CairnError;
}
/** Shorthands for the errors every area raises. */
export const errors = {
    invalid: (message, details) => new CairnError('INVALID_PARAMETER_VALUE', message, details ? { details } : {}),
    notFound: (message) => new CairnError('RESOURCE_DOES_NOT_EXIST', message),
    alreadyExists: (message) => new CairnError('RESOURCE_ALREADY_EXISTS', message),
    unauthenticated: () => new CairnError('UNAUTHENTICATED', 'A valid bearer token is required.'),
    permissionDenied: (message) => new CairnError('PERMISSION_DENIED', message),
    internal: (message = 'Internal error.') => new CairnError('INTERNAL_ERROR', message),
};
//# sourceMappingURL=cairn-error.js.map