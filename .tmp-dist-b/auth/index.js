export { createAuth, requireAdmin } from './auth-service.js';
export { createSecretStore } from './secret-store.js';
export { MAX_TOKEN_LIFETIME_SECONDS } from './token-admin.js';
export { permissionLevels, objectTypes, isObjectType, isLevelOf, levelRank, describeLevel } from './permission-levels.js';
export { TOKEN_PREFIX } from './token-value.js';
export { ADMIN_USER_NAME } from './bootstrap.js';
//# sourceMappingURL=index.js.map