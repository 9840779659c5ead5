import { createHash, randomBytes } from 'node:crypto';
/** Makes Cairn tokens recognisable to secret scanners and to people reading a config file. */
export const TOKEN_PREFIX = 'cairn_';
/** Longer bearer values are rejected without hashing, so a client cannot make us hash megabytes. */
export const MAX_TOKEN_LENGTH = 1024;
/** A fresh token value: the prefix and 32 random bytes, base64url. */
export function generateTokenValue() {
    return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}
/** sha256 hex: the only form in which a token is stored. */
export function hashToken(value) {
    return createHash('sha256').update(value, 'utf8').digest('hex');
}
//# sourceMappingURL=token-value.js.map