import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CairnError } from '../../errors/index.js';
import { redactRedisUrl, redactSecret } from './redact-url.js';

/**
 * One shared Redis client for the gateway's policies (limits, budgets, circuit breakers). The request path must never
 * wait on a dead Redis, so the client is tuned to fail fast instead of queueing: no offline queue, no resend of
 * in-flight commands after a reconnect (an admission script re-run would consume twice), a short command timeout, and
 * a socket timeout that tears down a silently dead TCP connection. It reconnects with capped backoff forever, and its
 * errors go to the log (rate-limited, without the URL's password) instead of being thrown into the process.
 */
export interface RedisConnection {
  /** The ioredis client; issue commands only after checking `available()` (they fail fast otherwise). */
  readonly client: Redis;
  /** Prefix of every key the gateway writes (`gateway.redis_key_prefix`). */
  readonly keyPrefix: string;
  /** True while the connection is up and ready for commands (synchronous, current state). */
  available(): boolean;
  /**
   * Resolves once the connection is ready; rejects with POLICY_STORE_UNAVAILABLE after `startupTimeoutMs` (the client
   * keeps reconnecting in the background, so callers may log the rejection and carry on in degraded mode).
   */
  ready(timeoutMs?: number): Promise<void>;
  /** Called with `true` when the connection becomes ready and `false` when it is lost. Returns an unsubscribe function. */
  onAvailabilityChange(listener: (available: boolean) => void): () => void;
  /** Quits gracefully (or drops the socket when not connected); no reconnect afterwards. */
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  keyPrefix: string;
  logger: Logger;
  /** Longest time a command may take before it fails (the request path falls back instead of waiting). */
  commandTimeoutMs?: number;
  /** Default bound of `ready()`. */
  startupTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Longest backoff between reconnection attempts. */
  maxReconnectDelayMs?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 300;
const DEFAULT_STARTUP_TIMEOUT_MS = 3000;
const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 2000;
/** At most one error line per this interval; the rest are counted and summarised in the next line. */
const ERROR_LOG_INTERVAL_MS = 30_000;

export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
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
  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) {
      suppressedErrors += 1;
      return;
    }
    lastErrorLog = now;
    logger.warn({ redis: safeUrl, error: redactSecret(error.message, password), suppressedErrors }, 'Redis connection error');
    suppressedErrors = 0;
  });

  const listeners = new Set<(available: boolean) => void>();
  let wasReady = false;
  const notify = (available: boolean): void => {
    if (available === wasReady) return;
    wasReady = available;
    logger.info({ redis: safeUrl }, available ? 'Redis connection ready' : 'Redis connection lost');
    for (const listener of listeners) {
      try {
        listener(available);
      } catch (error) {
        logger.error({ error: (error as Error).message }, 'Redis availability listener failed');
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
      if (client.status === 'ready') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onReady = (): void => {
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
      if (closed) return;
      closed = true;
      listeners.clear();
      if (client.status === 'ready') {
        try {
          await client.quit();
          return;
        } catch {
          // Fall through to a hard disconnect.
        }
      }
      client.disconnect(false);
    },
  };
}

function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}
