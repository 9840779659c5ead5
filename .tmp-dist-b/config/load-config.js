import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema } from './schema.js';
export class ConfigError extends Error {
    name = 'ConfigError';
}
function isPlain(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function deepMerge(base, extra) {
    const result = { ...base };
    for (const [key, value] of Object.entries(extra)) {
        if (value === undefined)
            continue;
        const current = result[key];
        result[key] = isPlain(current) && isPlain(value) ? deepMerge(current, value) : value;
    }
    return result;
}
function integerFromEnv(name, raw) {
    if (!/^\d+$/.test(raw))
        throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
    return Number(raw);
}
/** The environment variables Cairn reads, mapped onto config keys. */
function fromEnv(env) {
    const result = {};
    const server = {};
    if (env.CAIRN_PORT)
        server.port = integerFromEnv('CAIRN_PORT', env.CAIRN_PORT);
    if (env.CAIRN_BIND_HOST)
        server.host = env.CAIRN_BIND_HOST;
    if (Object.keys(server).length > 0)
        result.server = server;
    if (env.CAIRN_DATA_DIR)
        result.data_dir = env.CAIRN_DATA_DIR;
    if (env.CAIRN_DATABASE_URL)
        result.database_url = env.CAIRN_DATABASE_URL;
    if (env.CAIRN_REDIS_URL)
        result.redis_url = env.CAIRN_REDIS_URL;
    if (env.CAIRN_ADMIN_TOKEN)
        result.admin_token = env.CAIRN_ADMIN_TOKEN;
    if (env.CAIRN_SECRET_KEY)
        result.secret_key = env.CAIRN_SECRET_KEY;
    if (env.CAIRN_LOG_LEVEL)
        result.logging = { level: env.CAIRN_LOG_LEVEL };
    if (env.CAIRN_OTLP_ENDPOINT)
        result.monitoring = { otlp: { endpoint: env.CAIRN_OTLP_ENDPOINT } };
    return result;
}
function describeIssue(issue) {
    const key = issue.path.join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
        const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
        return `unknown key ${issue.keys.map((k) => `"${prefix}${k}"`).join(', ')}`;
    }
    return `"${key}": ${issue.message}`;
}
/** Parses and freezes the configuration: file < env < flags. Throws ConfigError naming the bad key. */
export function loadConfig(options = {}) {
    const env = options.env ?? process.env;
    const file = options.file === null ? undefined : (options.file ?? (existsSync('cairn.yaml') ? 'cairn.yaml' : undefined));
    let fromFile = {};
    if (file) {
        let parsed;
        try {
            parsed = parseYaml(readFileSync(file, 'utf8'));
        }
        catch (error) {
            throw new ConfigError(`cannot read config file ${file}: ${error.message}`);
        }
        if (parsed != null && !isPlain(parsed))
            throw new ConfigError(`config file ${file} must hold a mapping`);
        fromFile = parsed ?? {};
    }
    const merged = deepMerge(deepMerge(fromFile, fromEnv(env)), (options.overrides ?? {}));
    const result = configSchema.safeParse(merged);
    if (!result.success) {
        const where = file ? ` (file ${path.resolve(file)})` : '';
        throw new ConfigError(`invalid configuration${where}: ${result.error.issues.map(describeIssue).join('; ')}`);
    }
    return deepFreeze(result.data);
}
function deepFreeze(value) {
    if (typeof value === 'object' && value !== null) {
        for (const inner of Object.values(value))
            deepFreeze(inner);
        Object.freeze(value);
    }
    return value;
}
/** Config for tests and embedding: defaults plus the given values, no file, no env. */
export function configFrom(input = {}) {
    return loadConfig({ env: {}, file: null, overrides: input });
}
//# sourceMappingURL=load-config.js.map