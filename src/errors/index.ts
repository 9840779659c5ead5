export { errorCatalog, statusOf, isErrorCode, type ErrorCode } from './catalog.js';
export { CairnError, isCairnError, errors, type CairnErrorOptions } from './cairn-error.js';
