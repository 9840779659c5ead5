import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisConnection } from '../redis/index.js';
import { createTestKeyspace, type TestKeyspace } from '../redis/test-support/redis-test-keyspace.js';
import { createCircuitBreakers, type SharedCircuitBreakers } from './circuit-breaker.js';
import type { CircuitBreakerPolicy } from './types.js';

const policy: CircuitBreakerPolicy = {
  enabled: true,
  failureRateThreshold: 0.5,
  minimumCalls: 10,
  windowMs: 10_000,
  openMs: 5_000,
  halfOpenProbes: 1,
};
const KEY = 'endpoint-1/entity-a';

describe('circuit breaker shared through Redis (two instances)', () => {
  let keyspace: TestKeyspace | undefined;
  const opened: SharedCircuitBreakers[] = [];

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((breakers) => breakers.close()));
    await keyspace?.cleanup();
    keyspace = undefined;
  });

  async function twoInstances(clock: () => number): Promise<[SharedCircuitBreakers, SharedCircuitBreakers]> {
    keyspace = await createTestKeyspace('breaker');
    const other = await keyspace.openAnother();
    // The timer is slowed right down: the test drives each refresh with sync().
    const a = createCircuitBreakers({ clock, refreshMs: 600_000, redis: keyspace.connection });
    const b = createCircuitBreakers({ clock, refreshMs: 600_000, redis: other });
    opened.push(a, b);
    return [a, b];
  }

  function recordMany(breakers: SharedCircuitBreakers, outcomes: string): void {
    for (const outcome of outcomes) breakers.record(KEY, policy, outcome === 'F' ? 'failure' : 'success');
  }

  it('judges the failure rate over both instances calls and opens both within one refresh', async () => {
    let now = 5_000_000;
    const [a, b] = await twoInstances(() => now);
    // Neither instance alone reaches minimum_calls (10).
    recordMany(a, 'FFFSS');
    recordMany(b, 'FFFSS');
    expect(a.state(KEY)).toBe('closed');
    expect(b.state(KEY)).toBe('closed');

    await a.sync(); // sends A's counts
    await b.sync(); // sends B's, reads 10 calls with 6 failures: B opens
    expect(b.state(KEY)).toBe('open');
    expect(a.tryAcquire(KEY, policy)).toBe(true);

    await b.sync(); // writes B's transition
    await a.sync(); // A reads it
    expect(a.state(KEY)).toBe('open');
    expect(a.tryAcquire(KEY, policy)).toBe(false);
    expect(a.openRemainingMs(KEY)).toBe(policy.openMs);

    // Half-open after open_ms; a probe success on A closes the circuit for B as well.
    now += policy.openMs;
    expect(a.tryAcquire(KEY, policy)).toBe(true);
    a.record(KEY, policy, 'success');
    expect(a.state(KEY)).toBe('closed');
    await a.sync();
    await b.sync();
    expect(b.state(KEY)).toBe('closed');
    expect(b.tryAcquire(KEY, policy)).toBe(true);
  });

  it('reopens everywhere when a probe fails on one instance', async () => {
    let now = 7_000_000;
    const [a, b] = await twoInstances(() => now);
    // B serves the entity too (an instance refreshes the shared state of the keys it uses).
    expect(b.tryAcquire(KEY, policy)).toBe(true);
    recordMany(a, 'FFFFFFFFFF');
    await a.sync();
    await b.sync();
    expect(b.state(KEY)).toBe('open');

    now += policy.openMs;
    expect(b.tryAcquire(KEY, policy)).toBe(true);
    expect(a.tryAcquire(KEY, policy)).toBe(true);
    a.record(KEY, policy, 'failure');
    await a.sync();
    await b.sync();
    expect(b.state(KEY)).toBe('open');
    expect(b.tryAcquire(KEY, policy)).toBe(false);
    // B's probe answers late: it cannot close what A reopened.
    b.record(KEY, policy, 'success');
    expect(b.state(KEY)).toBe('open');
  });

  it('opens the other instance by itself on its refresh timer', async () => {
    keyspace = await createTestKeyspace('breaker');
    const other = await keyspace.openAnother();
    const a = createCircuitBreakers({ refreshMs: 50, redis: keyspace.connection });
    const b = createCircuitBreakers({ refreshMs: 50, redis: other });
    opened.push(a, b);
    expect(b.tryAcquire(KEY, policy)).toBe(true);
    recordMany(a, 'FFFFFFFFFF');
    expect(a.state(KEY)).toBe('open');
    await vi.waitFor(() => expect(b.tryAcquire(KEY, policy)).toBe(false), { timeout: 5000, interval: 20 });
  });

  it('does not double count an instance own calls (shared read + local)', async () => {
    const now = 9_000_000;
    const [a] = await twoInstances(() => now);
    recordMany(a, 'FFFFSSSSS');
    await a.sync();
    await a.sync();
    // 9 calls (4 failures), below minimum_calls. Counted twice they would be 18 with 8 failures, and one more
    // failure would leave the rate under 0.5; counted once, the 10th call makes 5 of 10 and opens the circuit.
    expect(a.state(KEY)).toBe('closed');
    recordMany(a, 'F');
    expect(a.state(KEY)).toBe('open');
  });

  it('resends a transition whose round failed (a command timeout), so the others still open', async () => {
    keyspace = await createTestKeyspace('breaker');
    const real = keyspace.connection.client;
    let failNextRound = false;
    const flaky = {
      pipeline: () => {
        const pipeline = real.pipeline();
        if (failNextRound) {
          failNextRound = false;
          pipeline.exec = () => Promise.reject(new Error('Command timed out'));
        }
        return pipeline;
      },
    } as unknown as typeof real;
    const now = 11_000_000;
    const a = createCircuitBreakers({ clock: () => now, refreshMs: 600_000, redis: { client: flaky, keyPrefix: keyspace.keyPrefix, available: () => true } });
    const b = createCircuitBreakers({ clock: () => now, refreshMs: 600_000, redis: await keyspace.openAnother() });
    opened.push(a, b);
    expect(b.tryAcquire(KEY, policy)).toBe(true);
    await a.sync();
    failNextRound = true;
    recordMany(a, 'FFFFFFFFFF');
    await a.sync();
    await b.sync();
    expect(b.state(KEY)).toBe('closed');
    await a.sync();
    await b.sync();
    expect(b.state(KEY)).toBe('open');
    expect(a.state(KEY)).toBe('open');
  });

  it('carries on locally, without throwing or waiting, when Redis cannot be reached', async () => {
    const logger = pino({ level: 'silent' });
    const dead = createRedisConnection({ url: 'redis://127.0.0.1:1', keyPrefix: 'cairn-test:dead:', logger, connectTimeoutMs: 200 });
    const warnings: string[] = [];
    // Claims to be available so the sync really tries (and fails) rather than skipping.
    const breakers = createCircuitBreakers({
      refreshMs: 600_000,
      redis: { client: dead.client, keyPrefix: dead.keyPrefix, available: () => true },
      logger: { warn: (_details, message) => warnings.push(message) },
    });
    try {
      recordMany(breakers, 'FFFFFFFFFF');
      await breakers.sync();
      await breakers.sync();
      expect(breakers.state(KEY)).toBe('open');
      expect(breakers.tryAcquire(KEY, policy)).toBe(false);
      expect(warnings).toHaveLength(1);
    } finally {
      await breakers.close();
      await dead.close();
    }
  });
});
