export { errorCatalog, statusOf, isErrorCode } from './catalog.js';
export { CairnError, isCairnError, errors } from './cairn-error.js';
//# sourceMappingURL=index.js.map