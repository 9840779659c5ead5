import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createRedisConnection, type RedisConnection } from '../redis-connection.js';

/** The Redis tests use (`CAIRN_TEST_REDIS_URL` overrides it). */
export const TEST_REDIS_URL = process.env.CAIRN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test, so parallel tests never see each other's counters. */
export function uniqueTestKeyPrefix(label = 'test'): string {
  return `cairn-test:${label}:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK, so a big keyspace is never blocked). Returns how many. */
export async function deleteKeysWithPrefix(connection: RedisConnection, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await connection.client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await connection.client.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export interface TestKeyspace {
  connection: RedisConnection;
  keyPrefix: string;
  /** Opens another connection on the same prefix, e.g. for a second gateway instance; closed by `cleanup`. */
  openAnother(): Promise<RedisConnection>;
  /** Deletes the test's keys and closes its connections. */
  cleanup(): Promise<void>;
}

/** A ready connection on the test Redis with a unique key prefix; call `cleanup` in `afterEach`. */
export async function createTestKeyspace(label?: string): Promise<TestKeyspace> {
  const keyPrefix = uniqueTestKeyPrefix(label);
  const logger = pino({ level: 'silent' });
  const open = async (): Promise<RedisConnection> => {
    const connection = createRedisConnection({ url: TEST_REDIS_URL, keyPrefix, logger, commandTimeoutMs: 2000 });
    await connection.ready(5000);
    return connection;
  };
  const connection = await open();
  const others: RedisConnection[] = [];
  return {
    connection,
    keyPrefix,
    async openAnother() {
      const other = await open();
      others.push(other);
      return other;
    },
    async cleanup() {
      await deleteKeysWithPrefix(connection, keyPrefix);
      await Promise.all([connection, ...others].map((each) => each.close()));
    },
  };
}
