export { detectPii, DEFAULT_MAX_SCAN_LENGTH } from './detect-pii.js';
export { maskPii, maskJson, maskTexts, isSecretFinding, TRUNCATION_MARKER, DEPTH_MARKER } from './mask-pii.js';
export { PII_ENTITY_TYPES, SECRET_ENTITY_TYPES, entityCategory } from './entity-types.js';
export { luhnValid, cardNumberValid, ibanValid, ssnValid, ipVersion } from './validators.js';
export { looksGenerated } from './detect-secrets.js';
//# sourceMappingURL=index.js.map