import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The gateway suite's Redis: a key prefix of the run's own (so a shared Redis never mixes its counters with anyone
 * else's), a reachability check before anything starts, and the deletion of every key under the prefix at the end.
 */

export function uniqueBenchKeyPrefix(): string {
  return `cairn-bench:${randomBytes(6).toString('hex')}:`;
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, commandTimeout: 5000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Errors surface through the awaited commands; without a listener ioredis would also print them.
  client.on('error', () => {});
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** Throws, naming the URL, when Redis does not answer PING. */
export async function checkRedis(url: string): Promise<void> {
  try {
    await withClient(url, (client) => client.ping());
  } catch (error) {
    throw new Error(`Redis at ${url} is not reachable (${error instanceof Error ? error.message : String(error)}); start it or set BENCH_REDIS_URL=off`);
  }
}

/** Deletes every key under `prefix` (SCAN + UNLINK, never a blocking KEYS); returns how many there were. */
export function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  return withClient(url, async (client) => {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  });
}
