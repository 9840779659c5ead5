import { afterEach, describe, expect, it, vi } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { createReplicaPool, inProcessReplicaFactory } from './index.js';
import { BoundedReplicaPool } from './replica-pool.js';
import { deferred, FakeReplicaFactory, generateRequest, poolOptions, recordingMetrics } from './test-support.js';
import type { ReplicaPool } from './types.js';
import { createDemoModel } from '../../providers/index.js';

const pools: ReplicaPool[] = [];
function track<T extends ReplicaPool>(pool: T): T {
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

/** Finishes every held call, including the queued ones that reach a replica as slots free up. */
async function finishAll(factory: FakeReplicaFactory, calls: Array<Promise<unknown>>): Promise<void> {
  let settled = false;
  const all = Promise.allSettled(calls).then(() => {
    settled = true;
  });
  while (!settled) {
    for (const call of [...factory.held]) call.finish();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await all;
}

const until = (condition: () => boolean): Promise<void> => vi.waitFor(() => expect(condition()).toBe(true), { timeout: 5_000, interval: 2 });

describe('replica pool: queue', () => {
  it('answers 429 ENTITY_QUEUE_FULL with Retry-After once the queue is full, and counts the rejection', async () => {
    const factory = new FakeReplicaFactory();
    const metrics = recordingMetrics();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, {}, { metrics, settings: { max_queue: 1 } })));
    await pool.start();
    const first = pool.model.doGenerate(generateRequest());
    const second = pool.model.doGenerate(generateRequest());
    await until(() => pool.status().queue_depth === 1);
    const error = await rejection(pool.model.doGenerate(generateRequest()));
    expect(error.code).toBe('ENTITY_QUEUE_FULL');
    expect(error.status).toBe(429);
    expect(Number(error.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(Number(error.headers['Retry-After']))).toBe(true);
    expect(metrics.events).toContainEqual(['rejected', 'ep', 'entity', 'queue_full']);
    factory.held[0]!.finish();
    await expect(first).resolves.toMatchObject({ choices: [{ text: 'answered by replica-1' }] });
    await until(() => factory.held.length === 1);
    factory.held[0]!.finish();
    await expect(second).resolves.toMatchObject({ choices: [{ text: 'answered by replica-1' }] });
  });

  it('fails a call that waited past queue_timeout_ms with 429 ENTITY_QUEUE_TIMEOUT and Retry-After', async () => {
    const factory = new FakeReplicaFactory();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, {}, { settings: { queue_timeout_ms: 5 } })));
    await pool.start();
    const first = pool.model.doGenerate(generateRequest());
    const error = await rejection(pool.model.doGenerate(generateRequest()));
    expect(error.code).toBe('ENTITY_QUEUE_TIMEOUT');
    expect(error.status).toBe(429);
    expect(Number(error.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(pool.status().queue_depth).toBe(0);
    factory.held[0]!.finish();
    await first;
  });

  it('removes an aborted call from the queue at once; it never reaches a replica', async () => {
    const factory = new FakeReplicaFactory();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, {})));
    await pool.start();
    const first = pool.model.doGenerate(generateRequest());
    const controller = new AbortController();
    const aborted = pool.model.doGenerate(generateRequest(controller.signal));
    const third = pool.model.doGenerate(generateRequest());
    await until(() => pool.status().queue_depth === 2);
    controller.abort();
    expect((await rejection(aborted)).code).toBe('CLIENT_CLOSED_REQUEST');
    expect(pool.status().queue_depth).toBe(1);
    factory.held[0]!.finish();
    await first;
    await until(() => factory.held.length === 1);
    factory.held[0]!.finish();
    await third;
    expect(pool.status()).toMatchObject({ queue_depth: 0, in_flight: 0 });
  });

  it('dispatches to the least busy replica with a free slot and queues when every slot is taken', async () => {
    const factory = new FakeReplicaFactory(2);
    const pool = track(new BoundedReplicaPool(poolOptions(factory, { minReplicas: 2, maxReplicas: 2 })));
    await pool.start();
    const calls = Array.from({ length: 5 }, () => pool.model.doGenerate(generateRequest()));
    await until(() => factory.held.length === 4 && pool.status().queue_depth === 1);
    const byReplica = (id: string) => factory.held.filter((call) => call.replicaId === id).length;
    expect([byReplica('replica-1'), byReplica('replica-2')]).toEqual([2, 2]);
    expect(pool.status()).toMatchObject({ in_flight: 4, queue_depth: 1 });
    factory.held.find((call) => call.replicaId === 'replica-2')!.finish();
    await until(() => pool.status().queue_depth === 0 && factory.held.length === 4);
    expect([byReplica('replica-1'), byReplica('replica-2')]).toEqual([2, 2]);
    await finishAll(factory, calls);
    const results = await Promise.all(calls);
    expect(results.filter((result) => result.choices[0]!.text === 'answered by replica-2')).toHaveLength(3);
  });

  it('keeps the slot taken while a stream is open and gives it back when the consumer stops', async () => {
    const factory = new FakeReplicaFactory();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, {})));
    await pool.start();
    const controller = new AbortController();
    const stream = pool.model.doStream(generateRequest(controller.signal))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ type: 'text-delta', text: 'streamed by replica-1' });
    const waiting = pool.model.doGenerate(generateRequest());
    await until(() => pool.status().queue_depth === 1);
    expect(pool.status().in_flight).toBe(1);
    controller.abort();
    await stream.return?.(undefined);
    await until(() => factory.held.length === 1 && pool.status().queue_depth === 0);
    factory.held[0]!.finish();
    await expect(waiting).resolves.toMatchObject({ choices: [{ text: 'answered by replica-1' }] });
  });
});

describe('replica pool: replicas', () => {
  it('replaces a crashed replica; the call it held fails, the others keep working', async () => {
    const factory = new FakeReplicaFactory();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, { minReplicas: 2, maxReplicas: 2 })));
    await pool.start();
    const onFirst = pool.model.doGenerate(generateRequest());
    const onSecond = pool.model.doGenerate(generateRequest());
    await until(() => factory.held.length === 2);
    factory.replicas[0]!.crash('out_of_memory', 'heap limit reached');
    const error = await rejection(onFirst);
    expect(error.code).toBe('MODEL_ERROR');
    factory.held[0]!.finish();
    await expect(onSecond).resolves.toMatchObject({ choices: [{ text: 'answered by replica-2' }] });
    await until(() => pool.status().state === 'READY' && pool.status().replicas === 2);
    expect(factory.replicas.map((replica) => replica.id)).toEqual(['replica-1', 'replica-2', 'replica-3']);
    expect(pool.logs().some((line) => /\[pool\] \[system\] replica-1 exited: out_of_memory: heap limit reached$/.test(line))).toBe(true);
    const after = pool.model.doGenerate(generateRequest());
    await until(() => factory.held.length === 1);
    factory.held[0]!.finish();
    await expect(after).resolves.toBeDefined();
  });

  it('turns FAILED after repeated start failures, fails calls fast with the start error, and recovers', async () => {
    const factory = new FakeReplicaFactory();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, {})));
    await pool.start();
    factory.startError = new CairnError('PACKAGE_INTEGRITY_ERROR', 'artifacts/model.json does not match its digest');
    factory.failStarts = Number.POSITIVE_INFINITY;
    const queued = pool.model.doGenerate(generateRequest());
    await until(() => factory.held.length === 1);
    const held = rejection(pool.model.doGenerate(generateRequest()));
    await until(() => pool.status().queue_depth === 1);
    factory.replicas[0]!.crash();
    await rejection(queued);
    await until(() => pool.status().state === 'FAILED');
    expect(pool.status().message).toBe('artifacts/model.json does not match its digest');
    const queuedError = await held;
    expect(queuedError.code).toBe('PACKAGE_INTEGRITY_ERROR');
    const fast = await rejection(pool.model.doGenerate(generateRequest()));
    expect(fast.code).toBe('PACKAGE_INTEGRITY_ERROR');
    expect(fast.status).toBe(503);
    factory.failStarts = 0;
    await until(() => pool.status().state === 'READY');
    const call = pool.model.doGenerate(generateRequest());
    await until(() => factory.held.length === 1);
    factory.held[0]!.finish();
    await expect(call).resolves.toBeDefined();
    expect(pool.logs().some((line) => line.includes('FAILED after 3 failed starts'))).toBe(true);
  });

  it('rejects start() with the replica error when the first replica cannot load', async () => {
    const factory = new FakeReplicaFactory();
    factory.failStarts = 1;
    const pool = track(new BoundedReplicaPool(poolOptions(factory, {})));
    const error = await rejection(pool.start());
    expect(error.message).toBe('load(context) threw: boom');
  });

  it('scales to zero after the idle time and cold-starts on the next call, which waits instead of failing', async () => {
    let now = 1_000;
    const factory = new FakeReplicaFactory();
    const metrics = recordingMetrics();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, { minReplicas: 0, maxReplicas: 2, scaleToZero: true }, { clock: () => now, metrics })));
    await pool.start();
    expect(pool.status()).toMatchObject({ state: 'READY', replicas: 1, min_replicas: 0, max_replicas: 2 });
    now += 300_000;
    pool.tick();
    await until(() => pool.status().state === 'SCALED_TO_ZERO');
    expect(pool.status()).toMatchObject({ replicas: 0, target_replicas: 0 });
    factory.startGate = deferred();
    const call = pool.model.doGenerate(generateRequest());
    await until(() => pool.status().queue_depth === 1);
    expect(pool.status().state).toBe('SCALING');
    factory.startGate.resolve();
    await until(() => factory.held.length === 1);
    factory.held[0]!.finish();
    await expect(call).resolves.toMatchObject({ choices: [{ text: 'answered by replica-2' }] });
    expect(pool.logs().some((line) => line.includes('scaled 1→0 because no calls for 300 s'))).toBe(true);
    expect(pool.logs().some((line) => line.includes('scaled 0→1 because a call arrived while scaled to zero'))).toBe(true);
    expect(metrics.events.filter(([name]) => name === 'coldStart')).toHaveLength(2);
  });

  it('scales up when calls wait and back down by one after the idle cool-down', async () => {
    let now = 0;
    const factory = new FakeReplicaFactory();
    const pool = track(new BoundedReplicaPool(poolOptions(factory, { minReplicas: 1, maxReplicas: 4 }, { clock: () => now })));
    await pool.start();
    const calls = [pool.model.doGenerate(generateRequest()), pool.model.doGenerate(generateRequest())];
    await until(() => pool.status().queue_depth === 1);
    now += 500;
    pool.tick();
    expect(pool.status().target_replicas).toBe(2);
    await until(() => factory.held.length === 2);
    await finishAll(factory, calls);
    now += 1;
    pool.tick();
    now += 60_000;
    pool.tick();
    expect(pool.status().target_replicas).toBe(1);
    await until(() => pool.status().state === 'READY' && pool.status().replicas === 1);
    expect(pool.logs().some((line) => /scaled 1→2 because queue wait p90 \d+ ms > target 100 ms/.test(line))).toBe(true);
  });

  it('close fails queued calls, stops every replica and then the factory', async () => {
    const factory = new FakeReplicaFactory();
    const metrics = recordingMetrics();
    const pool = new BoundedReplicaPool(poolOptions(factory, {}, { metrics }));
    await pool.start();
    const running = pool.model.doGenerate(generateRequest());
    const queued = pool.model.doGenerate(generateRequest());
    await until(() => pool.status().queue_depth === 1);
    const closing = pool.close();
    expect((await rejection(queued)).code).toBe('ENTITY_UNAVAILABLE');
    factory.held[0]!.finish();
    await running;
    await closing;
    expect(factory.replicas.every((replica) => replica.closed)).toBe(true);
    expect(factory.closed).toBe(true);
    expect(metrics.events).toContainEqual(['forget', 'ep', 'entity', expect.anything()]);
    expect((await rejection(pool.model.doGenerate(generateRequest()))).code).toBe('ENTITY_UNAVAILABLE');
  });

  it('writes the factory log lines as ISO-time [replica] [stream] text', async () => {
    const pool = track(new BoundedReplicaPool(poolOptions(new FakeReplicaFactory(), {}, { clock: () => Date.UTC(2025, 0, 2, 3, 4, 5) })));
    await pool.start();
    expect(pool.logs()).toContain('2025-01-02T03:04:05.000Z [replica-1] [stdout] loading for replica-1');
    expect(pool.logs(1)).toEqual(['2025-01-02T03:04:05.000Z [pool] [system] replica-1 started in 0 ms']);
  });
});

describe('pass-through pool (unbounded in-process and upstream entities)', () => {
  it('calls the shared model directly and reports one READY replica', async () => {
    const pool = track(createReplicaPool(poolOptions(inProcessReplicaFactory(createDemoModel()), { unbounded: true })));
    await pool.start();
    const result = await pool.model.doGenerate({ ...generateRequest(), params: { max_tokens: 3, seed: 1, extra: {} } });
    expect(result.choices[0]!.text.length).toBeGreaterThan(0);
    const parts = [];
    for await (const part of pool.model.doStream({ ...generateRequest(), params: { max_tokens: 3, seed: 1, extra: {} } })) parts.push(part);
    expect(parts.at(-1)).toMatchObject({ type: 'usage' });
    expect(pool.status()).toEqual({ state: 'READY', message: '', replicas: 1, target_replicas: 1, min_replicas: 1, max_replicas: 1, queue_depth: 0, in_flight: 0 });
  });
});
