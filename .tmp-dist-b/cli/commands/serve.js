import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
function adminTokenFile(dataDir) {
    return path.join(dataDir, 'admin-token');
}
/** Saves a new admin token readable only by the owner. */
function saveAdminToken(dataDir, token) {
    const file = adminTokenFile(dataDir);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return file;
}
function banner(url, tokenHint, tokenLine, demo) {
    const lines = [`Cairn is listening on ${url}`, ''];
    if (tokenLine)
        lines.push(tokenLine, '');
    if (demo) {
        lines.push('Try the built-in demo model (a tiny n-gram model, not a real LLM):', '', `  curl ${url}/v1/chat/completions \\`, `    -H "Authorization: Bearer ${tokenHint}" -H "Content-Type: application/json" \\`, `    -d '{"model": "demo-chat", "messages": [{"role": "user", "content": "How do I monitor a model?"}]}'`, '', '  // Node, with the official openai SDK:', `  import OpenAI from 'openai';`, `  const client = new OpenAI({ baseURL: '${url}/v1', apiKey: process.env.CAIRN_TOKEN });`, `  const reply = await client.chat.completions.create({ model: 'demo-chat', messages: [{ role: 'user', content: 'Hello' }] });`, '');
    }
    return lines.join('\n');
}
export function registerServeCommand(program) {
    program
        .command('serve')
        .description('Run the Cairn server')
        .option('-c, --config <file>', 'YAML config file (default ./cairn.yaml when present)')
        .option('-p, --port <port>', 'port to listen on (env CAIRN_PORT, default 8080)')
        .option('--host <host>', 'address to bind (env CAIRN_BIND_HOST, default 127.0.0.1)')
        .option('--data-dir <dir>', 'data directory (env CAIRN_DATA_DIR, default .cairn)')
        .option('--database-url <url>', 'postgres://… or a SQLite path (env CAIRN_DATABASE_URL)')
        .action(async (options) => {
        // Loaded here, not at the top: client commands share this process and should not pay for the server.
        const [{ createApp }, { ConfigError, loadConfig }] = await Promise.all([import('../../app.js'), import('../../config/index.js')]);
        const overrides = {};
        if (options.port !== undefined) {
            if (!/^\d+$/.test(options.port))
                throw new ConfigError(`--port must be a whole number, got "${options.port}"`);
            overrides.server = { ...overrides.server, port: Number(options.port) };
        }
        if (options.host)
            overrides.server = { ...overrides.server, host: options.host };
        if (options.dataDir)
            overrides.data_dir = options.dataDir;
        if (options.databaseUrl)
            overrides.database_url = options.databaseUrl;
        const config = loadConfig({ file: options.config, overrides });
        const app = await createApp(config);
        const url = await app.listen();
        const { logger } = app.services;
        let tokenLine = null;
        let tokenHint = '$CAIRN_TOKEN';
        if (app.newAdminToken) {
            const file = saveAdminToken(config.data_dir, app.newAdminToken);
            tokenLine = `Admin token (shown once, saved to ${file} with mode 0600):\n  ${app.newAdminToken}\n  export CAIRN_TOKEN=$(cat ${file})`;
            tokenHint = '$CAIRN_TOKEN';
        }
        else if (config.admin_token) {
            tokenLine = 'Admin token: the value of CAIRN_ADMIN_TOKEN.';
        }
        else if (existsSync(adminTokenFile(config.data_dir))) {
            tokenLine = `Admin token: export CAIRN_TOKEN=$(cat ${adminTokenFile(config.data_dir)})`;
        }
        process.stderr.write(`${banner(url, tokenHint, tokenLine, config.demo.deploy)}\n`);
        // The tokenizer (≈1 s to load) counts usage a provider did not report; load it now rather than on a request.
        const { preloadTokenizer } = await import('../../gateway/cost/index.js');
        setImmediate(preloadTokenizer);
        if (app.services.storage.dialect === 'sqlite')
            logger.info({ database: app.services.storage.location }, 'using embedded SQLite');
        const store = app.services.gateway.storeMode();
        if (store === 'memory') {
            process.stderr.write('Rate limits, budgets and circuit breakers are per instance (no CAIRN_REDIS_URL); set it to share them across instances.\n');
        }
        else if (store === 'redis-degraded') {
            process.stderr.write(`Redis is not reachable: rate limits are counted ${config.gateway.limits_when_redis_down === 'local' ? 'per instance' : 'nowhere (limited calls are refused)'} until it is back.\n`);
        }
        if (app.services.storage.dialect !== 'sqlite' && !config.secret_key) {
            logger.warn('no CAIRN_SECRET_KEY: secrets are encrypted with a key file in this data dir; instances sharing the database must share CAIRN_SECRET_KEY to read each other\'s secrets');
        }
        let stopping = false;
        const stop = async (signal) => {
            if (stopping)
                return;
            stopping = true;
            logger.info({ signal }, 'shutting down: finishing in-flight calls and draining capture');
            const force = setTimeout(() => process.exit(1), config.server.shutdown_grace_ms + 5_000);
            force.unref();
            await app.close();
            process.exit(0);
        };
        process.once('SIGTERM', () => void stop('SIGTERM'));
        process.once('SIGINT', () => void stop('SIGINT'));
    });
}
export function readSavedAdminToken(dataDir) {
    try {
        return readFileSync(adminTokenFile(dataDir), 'utf8').trim() || undefined;
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=serve.js.map