import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { createCircuitBreakers } from './circuit-breaker.js';
import { runWithResilience, type RunWithResilienceOptions } from './run-with-resilience.js';
import type { AttemptInfo, CircuitBreakerPolicy, RetryPolicy } from './types.js';

const retry: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1000, maxRetryAfterMs: 5000 };
const breakerPolicy: CircuitBreakerPolicy = { enabled: true, failureRateThreshold: 0.5, minimumCalls: 2, windowMs: 10_000, openMs: 30_000, halfOpenProbes: 1 };

const upstream502 = (): CairnError => new CairnError('UPSTREAM_ERROR', 'The upstream model failed (HTTP 500)', { details: { upstream_status: 500 } });
const upstream429 = (retryAfter?: string): CairnError =>
  new CairnError('REQUEST_LIMIT_EXCEEDED', 'slow down', { status: 429, details: { upstream_status: 429 }, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });

/** A scripted upstream: each entity answers from its own queue of outcomes (an Error is thrown, anything else returned). */
function scripted(outcomes: Record<string, Array<Error | string>>) {
  const calls: Array<{ entity: string; info: AttemptInfo }> = [];
  return {
    calls,
    attempt: async (entity: string, info: AttemptInfo): Promise<string> => {
      calls.push({ entity, info });
      const next = outcomes[entity]?.shift();
      if (next === undefined) throw new Error(`no scripted outcome left for ${entity}`);
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

function options(overrides: Partial<RunWithResilienceOptions<string>> & Pick<RunWithResilienceOptions<string>, 'attempt'>) {
  const sleeps: number[] = [];
  const base: RunWithResilienceOptions<string> = {
    entities: ['a', 'b', 'c'],
    retry,
    breakerKey: (entity) => `endpoint/${entity}`,
    fallback: true,
    signal: new AbortController().signal,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    clock: () => 1_000_000,
    ...overrides,
  };
  return { options: base, sleeps };
}

describe('runWithResilience: retries', () => {
  it('returns the first success with its entity and one attempt record', async () => {
    const upstream = scripted({ a: ['ok'] });
    const { options: run } = options({ attempt: upstream.attempt });
    await expect(runWithResilience(run)).resolves.toEqual({ value: 'ok', entity: 'a', attempts: [{ entity: 'a', attempt: 1, duration_ms: 0 }] });
  });

  it('retries a 5xx with jittered exponential backoff, telling the attempt why', async () => {
    const upstream = scripted({ a: [upstream502(), upstream502(), 'ok'] });
    const { options: run, sleeps } = options({ attempt: upstream.attempt });
    const result = await runWithResilience(run);
    expect(result.entity).toBe('a');
    // random 0.5 of ceilings 100 and 200.
    expect(sleeps).toEqual([50, 100]);
    expect(upstream.calls.map((call) => call.info)).toEqual([
      { entityName: 'a', attempt: 1 },
      { entityName: 'a', attempt: 2, previousError: 'UPSTREAM_ERROR' },
      { entityName: 'a', attempt: 3, previousError: 'UPSTREAM_ERROR' },
    ]);
    expect(result.attempts.map((record) => [record.entity, record.attempt, record.error_code, record.status])).toEqual([
      ['a', 1, 'UPSTREAM_ERROR', 502],
      ['a', 2, 'UPSTREAM_ERROR', 502],
      ['a', 3, undefined, undefined],
    ]);
  });

  it('waits at least what Retry-After asks before retrying a 429', async () => {
    const upstream = scripted({ a: [upstream429('2'), 'ok'] });
    const { options: run, sleeps } = options({ attempt: upstream.attempt });
    await runWithResilience(run);
    expect(sleeps).toEqual([2000]);
  });

  it('honours retry-after-ms and HTTP-date forms too', async () => {
    const date = new Date(1_000_000 + 3000).toUTCString();
    const upstream = scripted({
      a: [new CairnError('UPSTREAM_ERROR', 'busy', { headers: { 'retry-after-ms': '1500' } }), upstream429(date), 'ok'],
    });
    const { options: run, sleeps } = options({ attempt: upstream.attempt, clock: () => 1_000_000 });
    await runWithResilience(run);
    expect(sleeps).toEqual([1500, 3000]);
  });

  it('does not wait out a Retry-After longer than max_retry_after_ms: falls back at once', async () => {
    const upstream = scripted({ a: [upstream429('60')], b: ['from b'] });
    const { options: run, sleeps } = options({ attempt: upstream.attempt });
    const result = await runWithResilience(run);
    expect(result.entity).toBe('b');
    expect(sleeps).toEqual([]);
  });

  it('relays the last upstream error unchanged (a 429 keeps its status and Retry-After)', async () => {
    const last = upstream429('60');
    const upstream = scripted({ a: [last] });
    const { options: run } = options({ attempt: upstream.attempt, fallback: false });
    const error = await runWithResilience(run).catch((caught: unknown) => caught);
    expect(error).toBe(last);
    expect(error).toMatchObject({ status: 429, headers: { 'retry-after': '60' } });
  });

  it.each([
    ['a 4xx client error', new CairnError('UPSTREAM_ERROR', 'bad request', { status: 400, details: { upstream_status: 400 } })],
    ['Cairn own rate limit', new CairnError('REQUEST_LIMIT_EXCEEDED', 'limit', { status: 429 })],
    ['a budget refusal', new CairnError('BUDGET_EXCEEDED', 'budget')],
    ['the whole call timing out', new CairnError('REQUEST_TIMEOUT', 'too slow')],
    ['the client going away', new CairnError('CLIENT_CLOSED_REQUEST', 'gone')],
  ])('neither retries nor falls back on %s', async (_label, failure) => {
    const upstream = scripted({ a: [failure], b: ['from b'] });
    const { options: run, sleeps } = options({ attempt: upstream.attempt });
    await expect(runWithResilience(run)).rejects.toBe(failure);
    expect(upstream.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('runWithResilience: fallback', () => {
  it('tries entities in order, each with its own retries', async () => {
    const timeout = new CairnError('UPSTREAM_TIMEOUT', 'no headers');
    const refused = new CairnError('UPSTREAM_CONNECTION_ERROR', 'refused');
    const upstream = scripted({ a: [upstream502(), upstream502(), upstream502()], b: [timeout, refused, upstream429()], c: ['from c'] });
    const { options: run } = options({ attempt: upstream.attempt });
    const result = await runWithResilience(run);
    expect(result).toMatchObject({ value: 'from c', entity: 'c' });
    expect(upstream.calls.map((call) => `${call.entity}${call.info.attempt}`)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1']);
  });

  it('stays on the first entity when fallback is off', async () => {
    const upstream = scripted({ a: [upstream502(), upstream502(), upstream502()], b: ['from b'] });
    const { options: run } = options({ attempt: upstream.attempt, fallback: false });
    await expect(runWithResilience(run)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(upstream.calls.every((call) => call.entity === 'a')).toBe(true);
  });

  it('throws the last entity error when every entity fails', async () => {
    const last = new CairnError('UPSTREAM_TIMEOUT', 'c timed out');
    const upstream = scripted({ a: [upstream502()], b: [upstream502()], c: [last] });
    const { options: run } = options({ attempt: upstream.attempt, retry: { ...retry, maxAttempts: 1 } });
    await expect(runWithResilience(run)).rejects.toBe(last);
  });
});

describe('runWithResilience: circuit breakers', () => {
  function breakersAt(now: { value: number }) {
    return createCircuitBreakers({ clock: () => now.value });
  }

  it('skips an entity whose circuit is open, without calling it, and records the skip', async () => {
    const now = { value: 0 };
    const breakers = breakersAt(now);
    breakers.record('endpoint/a', breakerPolicy, 'failure');
    breakers.record('endpoint/a', breakerPolicy, 'failure');
    const upstream = scripted({ b: ['from b'] });
    const { options: run } = options({ attempt: upstream.attempt, breakers, breaker: breakerPolicy });
    const result = await runWithResilience(run);
    expect(result.entity).toBe('b');
    expect(upstream.calls.map((call) => call.entity)).toEqual(['b']);
    expect(result.attempts[0]).toEqual({ entity: 'a', attempt: 1, error_code: 'CIRCUIT_OPEN', status: 503, duration_ms: 0 });
  });

  it('answers CIRCUIT_OPEN 503 with Retry-After when every circuit is open', async () => {
    const now = { value: 0 };
    const breakers = breakersAt(now);
    for (const entity of ['a', 'b', 'c']) for (let i = 0; i < 2; i++) breakers.record(`endpoint/${entity}`, breakerPolicy, 'failure');
    now.value = 10_000;
    const upstream = scripted({});
    const { options: run } = options({ attempt: upstream.attempt, breakers, breaker: breakerPolicy });
    await expect(runWithResilience(run)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', status: 503, headers: { 'retry-after': '20' } });
    expect(upstream.calls).toHaveLength(0);
  });

  it('opens the circuit on 5xx mid-retry and moves on; a 429 does not count as a failure', async () => {
    const now = { value: 0 };
    const breakers = breakersAt(now);
    const upstream = scripted({ a: [upstream502(), upstream502(), 'never reached'], b: [upstream429(), upstream429(), 'from b'] });
    const { options: run } = options({ attempt: upstream.attempt, breakers, breaker: breakerPolicy });
    const result = await runWithResilience(run);
    expect(result.entity).toBe('b');
    expect(breakers.state('endpoint/a')).toBe('open');
    expect(breakers.state('endpoint/b')).toBe('closed');
    expect(upstream.calls.map((call) => `${call.entity}${call.info.attempt}`)).toEqual(['a1', 'a2', 'b1', 'b2', 'b3']);
  });

  it('ignores breakers when the policy is disabled', async () => {
    const breakers = breakersAt({ value: 0 });
    breakers.record('endpoint/a', breakerPolicy, 'failure');
    breakers.record('endpoint/a', breakerPolicy, 'failure');
    const upstream = scripted({ a: ['from a'] });
    const { options: run } = options({ attempt: upstream.attempt, breakers, breaker: { ...breakerPolicy, enabled: false } });
    await expect(runWithResilience(run)).resolves.toMatchObject({ entity: 'a' });
  });
});

describe('runWithResilience: abort', () => {
  it('stops waiting the moment the signal fires during a backoff', async () => {
    const controller = new AbortController();
    const upstream = scripted({ a: [upstream502(), 'never reached'] });
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => {
      sleeping = resolve;
    });
    const { options: run } = options({
      attempt: upstream.attempt,
      signal: controller.signal,
      // A sleep that would never end by itself.
      sleep: () => {
        sleeping();
        return new Promise<void>(() => undefined);
      },
    });
    const result = runWithResilience(run);
    await asleep;
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect(upstream.calls).toHaveLength(1);
  });

  it('ends with the abort reason when the pipeline aborts with a CairnError (e.g. REQUEST_TIMEOUT)', async () => {
    const controller = new AbortController();
    const upstream = scripted({ a: [upstream502(), 'never reached'] });
    const { options: run } = options({ attempt: upstream.attempt, signal: controller.signal, sleep: undefined, retry: { ...retry, initialBackoffMs: 60_000, maxBackoffMs: 60_000 } });
    const result = runWithResilience(run);
    setTimeout(() => controller.abort(new CairnError('REQUEST_TIMEOUT', 'deadline')), 5);
    await expect(result).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
  });

  it('does not start when the signal already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const upstream = scripted({ a: ['ok'] });
    const { options: run } = options({ attempt: upstream.attempt, signal: controller.signal });
    await expect(runWithResilience(run)).rejects.toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect(upstream.calls).toHaveLength(0);
  });
});
