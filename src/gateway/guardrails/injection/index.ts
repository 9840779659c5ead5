export { scoreInjection, loadInjectionModel, warmUpInjectionScoring, type InjectionScore, type InjectionFinding } from './score-injection.js';
export { normalizeForDetection, normalizeDetailed, SCAN_HEAD_LENGTH, SCAN_TAIL_LENGTH, type NormalizedText } from './normalize.js';
export type { InjectionModel } from './model-format.js';
