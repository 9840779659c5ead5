export type * from './types.js';
export { detectPii, DEFAULT_MAX_SCAN_LENGTH } from './detect-pii.js';
export { maskPii, maskJson, isSecretFinding, TRUNCATION_MARKER, DEPTH_MARKER } from './mask-pii.js';
export { luhnValid, cardNumberValid, ibanValid, ssnValid, ipVersion } from './validators.js';
