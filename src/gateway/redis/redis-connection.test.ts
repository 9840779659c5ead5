import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { redactRedisUrl } from './redact-url.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';
import { defineRedisScript } from './redis-script.js';
import { createTestKeyspace, deleteKeysWithPrefix, TEST_REDIS_URL, uniqueTestKeyPrefix } from './test-support/redis-test-keyspace.js';
import { redisServerAvailable, startThrowawayRedis, type ThrowawayRedis } from './test-support/throwaway-redis.js';

function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('redis connection', () => {
  const toClose: RedisConnection[] = [];
  let throwaway: ThrowawayRedis | undefined;
  afterEach(async () => {
    await Promise.all(toClose.splice(0).map((connection) => connection.close()));
    await throwaway?.kill();
    throwaway = undefined;
  });

  it('is ready and available against the test Redis', async () => {
    const connection = createRedisConnection({ url: TEST_REDIS_URL, keyPrefix: uniqueTestKeyPrefix(), logger: pino({ level: 'silent' }) });
    toClose.push(connection);
    await connection.ready(5000);
    expect(connection.available()).toBe(true);
    expect(await connection.client.ping()).toBe('PONG');
  });

  it('unreachable at start: ready() rejects within its bound, commands fail fast, nothing is thrown into the process, the password is never logged', async () => {
    const { logger, lines } = capturingLogger();
    const connection = createRedisConnection({ url: 'redis://:hunter2-secret@127.0.0.1:1/0', keyPrefix: 'x:', logger });
    toClose.push(connection);
    const error = await connection.ready(300).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('POLICY_STORE_UNAVAILABLE');
    expect((error as CairnError).message).not.toContain('hunter2');
    expect(connection.available()).toBe(false);
    await expect(connection.client.get('anything')).rejects.toThrow();
    await until(() => lines.length > 0);
    expect(lines.join('')).toContain('Redis connection error');
    expect(lines.join('')).not.toContain('hunter2');
  });

  it('redacts the password of a Redis URL', () => {
    expect(redactRedisUrl('redis://user:p%40ss@cache:6380/2')).toBe('redis://user:***@cache:6380/2');
    expect(redactRedisUrl('redis://cache:6379')).toBe('redis://cache:6379');
    expect(redactRedisUrl('not a url :pw@')).not.toContain('pw');
  });

  it('runs a script by SHA and reloads it after SCRIPT FLUSH (NOSCRIPT fallback)', async () => {
    const keyspace = await createTestKeyspace('script');
    try {
      const script = defineRedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
      const key = `${keyspace.keyPrefix}counter`;
      expect(await script.run(keyspace.connection.client, [key], [2])).toBe(2);
      await keyspace.connection.client.script('FLUSH');
      expect(await script.run(keyspace.connection.client, [key], [3])).toBe(5);
    } finally {
      await keyspace.cleanup();
    }
  });

  it('the test helper deletes exactly the keys under its prefix', async () => {
    const keyspace = await createTestKeyspace('cleanup');
    const other = uniqueTestKeyPrefix('other');
    try {
      const { client } = keyspace.connection;
      await client.set(`${keyspace.keyPrefix}a`, '1');
      await client.hset(`${keyspace.keyPrefix}{ep}:b`, 'v', '1');
      await client.set(`${other}c`, '1');
      expect(await deleteKeysWithPrefix(keyspace.connection, keyspace.keyPrefix)).toBe(2);
      expect(await client.exists(`${other}c`)).toBe(1);
    } finally {
      await deleteKeysWithPrefix(keyspace.connection, other);
      await keyspace.cleanup();
    }
  });

  it.skipIf(!redisServerAvailable())('Redis killed mid-run: available() turns false, commands fail fast, it reconnects when Redis returns', async () => {
    throwaway = await startThrowawayRedis();
    const changes: boolean[] = [];
    const connection = createRedisConnection({ url: throwaway.url, keyPrefix: 'x:', logger: pino({ level: 'silent' }), maxReconnectDelayMs: 100 });
    toClose.push(connection);
    connection.onAvailabilityChange((available) => changes.push(available));
    await connection.ready(5000);
    await throwaway.kill();
    await until(() => !connection.available());
    await expect(connection.client.set('x:k', '1')).rejects.toThrow();
    await throwaway.start();
    await connection.ready(5000);
    expect(await connection.client.ping()).toBe('PONG');
    expect(changes).toEqual([true, false, true]);
  });
});
