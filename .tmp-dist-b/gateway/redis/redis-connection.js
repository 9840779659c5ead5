import { Redis } from 'ioredis';
import { CairnError } from '../../errors/index.js';
import { redactRedisUrl, redactSecret } from './redact-url.js';
const DEFAULT_COMMAND_TIMEOUT_MS = 300;
const DEFAULT_STARTUP_TIMEOUT_MS = 3000;
const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 2000;
/** At most one error line per this interval; the rest are counted and summarised in the next line. */
const ERROR_LOG_INTERVAL_MS = 30_000;
export function createRedisConnection(options) {
    const { url, keyPrefix, logger } = options;
    const safeUrl = redactRedisUrl(url);
    const password = passwordOf(url);
    const commandTimeout = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
    let closed = false;
    const client = new Redis(url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        // Commands in flight when the socket drops fail instead of being resent: a resent admission would count twice.
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        commandTimeout,
        // A peer that stops answering without closing the socket: tear it down so `available()` turns false quickly.
        socketTimeout: Math.max(commandTimeout * 4, 1000),
        connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        retryStrategy: (attempt) => (closed ? null : Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay) + Math.floor(Math.random() * 100)),
        connectionName: 'cairn-gateway',
    });
    let lastErrorLog = 0;
    let suppressedErrors = 0;
    client.on('error', (error) => {
        const now = Date.now();
        if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) {
            suppressedErrors += 1;
            return;
        }
        lastErrorLog = now;
        logger.warn({ redis: safeUrl, error: redactSecret(error.message, password), suppressedErrors }, 'Redis connection error');
        suppressedErrors = 0;
    });
    const listeners = new Set();
    let wasReady = false;
    const notify = (available) => {
        if (available === wasReady)
            return;
        wasReady = available;
        logger.info({ redis: safeUrl }, available ? 'Redis connection ready' : 'Redis connection lost');
        for (const listener of listeners) {
            try {
                listener(available);
            }
            catch (error) {
                logger.error({ error: error.message }, 'Redis availability listener failed');
            }
        }
    };
    client.on('ready', () => notify(true));
    client.on('close', () => notify(false));
    client.on('end', () => notify(false));
    // The first attempt's rejection is also reported through 'error'; reconnection continues per retryStrategy.
    client.connect().catch(() => undefined);
    return {
        client,
        keyPrefix,
        available: () => client.status === 'ready',
        ready(timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS) {
            if (client.status === 'ready')
                return Promise.resolve();
            return new Promise((resolve, reject) => {
                const onReady = () => {
                    clearTimeout(timer);
                    resolve();
                };
                const timer = setTimeout(() => {
                    client.off('ready', onReady);
                    reject(new CairnError('POLICY_STORE_UNAVAILABLE', `Redis at ${safeUrl} is not reachable (waited ${timeoutMs} ms); retrying in the background.`));
                }, timeoutMs);
                client.once('ready', onReady);
            });
        },
        onAvailabilityChange(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        async close() {
            if (closed)
                return;
            closed = true;
            listeners.clear();
            if (client.status === 'ready') {
                try {
                    await client.quit();
                    return;
                }
                catch {
                    // Fall through to a hard disconnect.
                }
            }
            client.disconnect(false);
        },
    };
}
function passwordOf(url) {
    try {
        const password = new URL(url).password;
        return password === '' ? undefined : decodeURIComponent(password);
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=redis-connection.js.map