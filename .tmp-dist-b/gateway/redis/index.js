export { createRedisConnection } from './redis-connection.js';
export { defineRedisScript } from './redis-script.js';
export { redactRedisUrl } from './redact-url.js';
//# sourceMappingURL=index.js.map