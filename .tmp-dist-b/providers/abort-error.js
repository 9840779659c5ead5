import { CairnError, isCairnError } from '../errors/index.js';
/**
 * The error an adapter throws when its request's signal fires. The serving pipeline may abort with a
 * CairnError as the reason (e.g. REQUEST_TIMEOUT, or a budget stop) and expects to get that error back;
 * any other reason means the client went away.
 */
export function abortErrorFrom(signal) {
    const reason = signal.reason;
    if (isCairnError(reason))
        return reason;
    return new CairnError('CLIENT_CLOSED_REQUEST', 'The request was aborted before the model finished.');
}
//# sourceMappingURL=abort-error.js.map