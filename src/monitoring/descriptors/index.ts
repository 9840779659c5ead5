/**
 * Text descriptors and per-call quality scores, computed off the request path from captured rows
 * (docs/monitoring-descriptors.md).
 */
export type * from './types.js';
export { describeText, textDescriptorColumns, MAX_ANALYSED_CHARS, type TextDescriptorValues } from './describe-text.js';
export { describeCall, DESCRIPTOR_COLUMNS, textKey, type CallDescription, type DescribableRow } from './describe-call.js';
export { extractCallTexts, type CallTexts } from './extract-call.js';
export { groundedness, hallucinationMarkers, cosine } from './quality-scores.js';
export { detectLanguage } from './language.js';
export { createDescriptorService, type DescriptorService, type DescriptorServiceOptions, type DescribedListener } from './descriptor-service.js';
export { MAX_DESCRIPTOR_PAGE, type DescriptorEntry, type DescriptorQuery } from './descriptor-store.js';
