export { scoreInjection, loadInjectionModel, warmUpInjectionScoring } from './score-injection.js';
export { normalizeForDetection, normalizeDetailed, SCAN_HEAD_LENGTH, SCAN_TAIL_LENGTH } from './normalize.js';
//# sourceMappingURL=index.js.map