import { detectPii, PII_ENTITY_TYPES, SECRET_ENTITY_TYPES } from '../../gateway/pii/index.js';

/**
 * PII in a text: what the masker finds now, plus what was masked already. Captured rows are masked before they
 * are stored, so without the second part every stored text would count 0. Recognised placeholders: Cairn's own
 * (`[EMAIL_1]`, `[CREDIT_CARD_2]`, `[SECRET_VALUE_1]`), Presidio-style (`<EMAIL_ADDRESS>`, `<PERSON>`) for
 * datasets masked elsewhere, and `[REDACTED]` / `[REDACTED_…]`.
 */

const CAIRN_TYPES = [...PII_ENTITY_TYPES, ...SECRET_ENTITY_TYPES].join('|');
const PRESIDIO_TYPES = [
  'EMAIL_ADDRESS', 'PHONE_NUMBER', 'PERSON', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS', 'LOCATION', 'URL', 'US_PASSPORT',
  'US_DRIVER_LICENSE', 'US_BANK_NUMBER', 'CRYPTO', 'DATE_TIME', 'NRP', 'MEDICAL_LICENSE', ...PII_ENTITY_TYPES,
].join('|');
const PLACEHOLDER = new RegExp(`\\[(?:${CAIRN_TYPES})_\\d+\\]|<(?:${PRESIDIO_TYPES})>|\\[REDACTED(?:[_ :][^\\]\\n]{0,40})?\\]`, 'g');

export function countPlaceholders(text: string): number {
  PLACEHOLDER.lastIndex = 0;
  let count = 0;
  while (PLACEHOLDER.exec(text) !== null) count++;
  return count;
}

export function piiCount(text: string): number {
  // Placeholders hold no entity the detectors would find, so the two counts do not overlap.
  return detectPii(text).length + countPlaceholders(text);
}
