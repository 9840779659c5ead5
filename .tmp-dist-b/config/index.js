export { configSchema } from './schema.js';
export { loadConfig, configFrom, ConfigError } from './load-config.js';
//# sourceMappingURL=index.js.map