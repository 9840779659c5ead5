export { describeText, textDescriptorColumns, MAX_ANALYSED_CHARS } from './describe-text.js';
export { describeCall, DESCRIPTOR_COLUMNS } from './describe-call.js';
export { extractCallTexts } from './extract-call.js';
export { groundedness, hallucinationMarkers, cosine } from './quality-scores.js';
export { detectLanguage } from './language.js';
export { createDescriptorService } from './descriptor-service.js';
export { MAX_DESCRIPTOR_PAGE } from './descriptor-store.js';
//# sourceMappingURL=index.js.map