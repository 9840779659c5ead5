export { configSchema, type CairnConfig, type CairnConfigInput } from './schema.js';
export { loadConfig, configFrom, ConfigError, type LoadConfigOptions } from './load-config.js';
