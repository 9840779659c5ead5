import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisConnection } from '../redis/index.js';
import { startFreezableProxy } from '../redis/test-support/freezable-proxy.js';
import { createTestKeyspace, TEST_REDIS_URL } from '../redis/test-support/redis-test-keyspace.js';
import { redisServerAvailable, startThrowawayRedis, type ThrowawayRedis } from '../redis/test-support/throwaway-redis.js';
import { createLimits } from './limits-service.js';
import { budget, burst, createLimitsHarness, createTestClock, rateLimit, request, user, type LimitsHarness } from './test-support/limits-harness.js';
import type { BudgetEvent } from './types.js';

const silent = pino({ level: 'silent' });
const alice = user('alice@example.com');
const bob = user('bob@example.com');

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('limits shared through Redis by several instances', () => {
  let harness: LimitsHarness;
  afterEach(async () => {
    await harness.cleanup();
  });

  it('SEC-DOS-2: two instances on one Redis together admit no more than the limit under concurrent bursts', async () => {
    harness = await createLimitsHarness('redis');
    const [first, second] = [await harness.create(), await harness.create()];
    const rateLimits = [rateLimit({ calls: 40, tokens: 100_000 })];
    const perInstance = Array.from({ length: 30 }, (_, index) => request(index % 2 === 0 ? alice : bob, { rateLimits, reservedTokens: 100 }));
    const [a, b] = await Promise.all([burst(first, perInstance), burst(second, perInstance)]);
    expect(a.admitted.length + b.admitted.length).toBe(40);
    // Neither instance alone could have taken the limit: both counted against the shared bucket.
    expect(Math.min(a.admitted.length, b.admitted.length)).toBeGreaterThanOrEqual(10);
  });

  it('SEC-DOS-2: with real time passing, the two instances stay within limit + refill', async () => {
    harness = await createLimitsHarness('redis');
    const [first, second] = await Promise.all([harness.create({ clock: Date.now }), harness.create({ clock: Date.now })]);
    const rateLimits = [rateLimit({ calls: 30 })];
    const started = Date.now();
    let admitted = 0;
    for (let round = 0; round < 5; round += 1) {
      const batch = Array.from({ length: 20 }, () => request(alice, { rateLimits }));
      const [a, b] = await Promise.all([burst(first, batch), burst(second, batch)]);
      admitted += a.admitted.length + b.admitted.length;
    }
    const refill = ((Date.now() - started) * 30) / 60_000;
    expect(admitted).toBeGreaterThanOrEqual(30);
    expect(admitted).toBeLessThanOrEqual(30 + Math.ceil(refill));
  });

  it('SEC-DOS-3: a budget holds across two instances, and its soft-threshold event is emitted once in all', async () => {
    harness = await createLimitsHarness('redis');
    const [first, second] = [await harness.create(), await harness.create()];
    const events: BudgetEvent[] = [];
    first.onBudgetEvent((event) => events.push(event));
    second.onBudgetEvent((event) => events.push(event));
    const budgets = [budget({ period: 'day', limit_usd: 1, soft_threshold: 0.5 })];
    let admittedCost = 0;
    for (let round = 0; round < 20; round += 1) {
      const [a, b] = await Promise.all([
        burst(first, [request(alice, { budgets, reservedUsd: 0.1 })]),
        burst(second, [request(bob, { budgets, reservedUsd: 0.1 })]),
      ]);
      for (const admission of [...a.admitted, ...b.admitted]) {
        await admission.settle({ tokens: 0, usd: 0.1 });
        admittedCost += 0.1;
      }
    }
    expect(admittedCost).toBeCloseTo(1, 6);
    expect(events.filter((event) => event.kind === 'budget_soft_threshold')).toHaveLength(1);
    expect(events.filter((event) => event.kind === 'budget_exhausted')).toHaveLength(1);
    const [usage] = await second.budgetUsage('ep-1', 'chat', budgets);
    expect(usage?.used).toBeCloseTo(1, 6);
  });
});

describe('limits while Redis is unreachable', () => {
  const connections: RedisConnection[] = [];
  let throwaway: ThrowawayRedis | undefined;
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
    await throwaway?.kill();
    throwaway = undefined;
  });

  const unreachable = (): RedisConnection => {
    const connection = createRedisConnection({ url: 'redis://127.0.0.1:1', keyPrefix: 'cairn-test:down:', logger: silent });
    connections.push(connection);
    return connection;
  };

  it("unreachable at start, 'local': rate limits count in this instance's memory, mode() says redis-degraded", async () => {
    const limits = createLimits({ redis: unreachable(), logger: silent, whenRedisDown: 'local', clock: createTestClock().now });
    const { admitted, rejected } = await burst(limits, Array.from({ length: 8 }, () => request(alice, { rateLimits: [rateLimit({ calls: 5 })] })));
    expect(admitted).toHaveLength(5);
    expect(rejected[0]).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', status: 429 });
    expect(limits.mode()).toBe('redis-degraded');
  });

  it("unreachable at start, 'reject': limited calls get 503 POLICY_STORE_UNAVAILABLE; unlimited calls pass", async () => {
    const limits = createLimits({ redis: unreachable(), logger: silent, whenRedisDown: 'reject' });
    await expect(limits.admit(request(alice, { rateLimits: [rateLimit({ calls: 5 })] }))).rejects.toMatchObject({ code: 'POLICY_STORE_UNAVAILABLE', status: 503 });
    await expect(limits.admit(request(alice))).resolves.toMatchObject({ headers: {} });
  });

  it('budgets follow on_store_unavailable: fail_closed → 503, fail_open → admitted uncounted', async () => {
    const limits = createLimits({ redis: unreachable(), logger: silent, whenRedisDown: 'local' });
    const closed = [budget({ period: 'day', limit_usd: 1 })];
    await expect(limits.admit(request(alice, { budgets: closed, reservedUsd: 0.1 }))).rejects.toMatchObject({ code: 'POLICY_STORE_UNAVAILABLE', status: 503 });
    const open = [budget({ period: 'day', limit_usd: 1, on_store_unavailable: 'fail_open' })];
    const admission = await limits.admit(request(alice, { budgets: open, reservedUsd: 5 }));
    expect(admission.headroom).toEqual({ tokens: null, usd: null });
    await admission.settle({ tokens: 0, usd: 5 });
    await expect(limits.budgetUsage('ep-1', 'chat', open)).rejects.toMatchObject({ code: 'POLICY_STORE_UNAVAILABLE' });
  });

  it.skipIf(!redisServerAvailable())('Redis killed mid-run: calls never hang, fall back per policy, and Redis mode resumes when it returns', async () => {
    throwaway = await startThrowawayRedis();
    const connection = createRedisConnection({ url: throwaway.url, keyPrefix: 'cairn-test:midrun:', logger: silent, maxReconnectDelayMs: 100 });
    connections.push(connection);
    await connection.ready(5000);
    const clock = createTestClock();
    const limits = createLimits({ redis: connection, logger: silent, whenRedisDown: 'local', clock: clock.now });
    const rateLimits = [rateLimit({ calls: 3 })];
    const budgets = [budget({ period: 'day', limit_tokens: 1000 })];
    await limits.admit(request(alice, { rateLimits }));
    const inFlight = await limits.admit(request(alice, { budgets, reservedTokens: 500 }));
    expect(limits.mode()).toBe('redis');

    await throwaway.kill();
    await until(() => !connection.available());
    expect(limits.mode()).toBe('redis-degraded');
    // Local buckets start full: this instance alone may admit up to the limit meanwhile.
    const { admitted } = await burst(limits, Array.from({ length: 5 }, () => request(alice, { rateLimits })));
    expect(admitted).toHaveLength(3);
    await expect(limits.admit(request(alice, { budgets, reservedTokens: 1 }))).rejects.toMatchObject({ code: 'POLICY_STORE_UNAVAILABLE' });
    // A call admitted before the outage settles during it: kept, and replayed once Redis is back.
    await inFlight.settle({ tokens: 120, usd: 0 });

    await throwaway.start();
    await connection.ready(5000);
    expect(limits.mode()).toBe('redis');
    // The restarted Redis is empty: a fresh shared bucket.
    const after = await burst(limits, Array.from({ length: 5 }, () => request(alice, { rateLimits })));
    expect(after.admitted).toHaveLength(3);
    await expect(limits.admit(request(alice, { budgets, reservedTokens: 1 }))).resolves.toBeDefined();
    let used = 0;
    for (let attempt = 0; attempt < 50 && used < 120; attempt += 1) {
      used = (await limits.budgetUsage('ep-1', 'chat', budgets))[0]?.used ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The restarted Redis lost the reservation; the replay adds the real use (plus the 1 just reserved).
    expect(used).toBe(121);
  });

  it('Redis that stops answering (connection open, no replies): admission times out fast and falls back, then resumes', async () => {
    const target = new URL(TEST_REDIS_URL);
    const proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const keyspace = await createTestKeyspace('frozen');
    try {
      const connection = createRedisConnection({ url: proxy.url, keyPrefix: keyspace.keyPrefix, logger: silent, commandTimeoutMs: 200, maxReconnectDelayMs: 100 });
      connections.push(connection);
      await connection.ready(5000);
      const limits = createLimits({ redis: connection, logger: silent, whenRedisDown: 'local', clock: createTestClock().now });
      const rateLimits = [rateLimit({ calls: 2, key: 'user' })];
      await limits.admit(request(alice, { rateLimits }));
      proxy.freeze();
      // Answered from the local bucket after the 200 ms command timeout, not left waiting on Redis.
      const degraded = await limits.admit(request(alice, { rateLimits }));
      expect(degraded.headers['x-ratelimit-remaining-requests']).toBe('1');
      expect(limits.mode()).toBe('redis-degraded');
      proxy.thaw();
      // The socket timeout tore the silent connection down; the client reconnects through the thawed proxy.
      await until(() => connection.available() && limits.mode() === 'redis', 10_000);
      await expect(limits.admit(request(alice, { rateLimits }))).resolves.toMatchObject({ headers: { 'x-ratelimit-remaining-requests': '0' } });
    } finally {
      await proxy.close();
      await keyspace.cleanup();
    }
  });
});
