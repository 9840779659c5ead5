export { createRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
export { defineRedisScript, type RedisScript } from './redis-script.js';
export { redactRedisUrl } from './redact-url.js';
