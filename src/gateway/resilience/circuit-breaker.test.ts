import { describe, expect, it } from 'vitest';
import { createCircuitBreakers } from './circuit-breaker.js';
import type { CircuitBreakerPolicy } from './types.js';

const policy: CircuitBreakerPolicy = {
  enabled: true,
  failureRateThreshold: 0.5,
  minimumCalls: 4,
  windowMs: 10_000,
  openMs: 5_000,
  halfOpenProbes: 2,
};

function setup(overrides: Partial<CircuitBreakerPolicy> = {}) {
  let now = 1_000_000;
  const breakers = createCircuitBreakers({ clock: () => now });
  return {
    breakers,
    policy: { ...policy, ...overrides },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function recordMany(breakers: ReturnType<typeof createCircuitBreakers>, key: string, p: CircuitBreakerPolicy, outcomes: string): void {
  for (const outcome of outcomes) breakers.record(key, p, outcome === 'F' ? 'failure' : 'success');
}

describe('circuit breaker (local)', () => {
  it('stays closed below minimum_calls even when every call fails', () => {
    const { breakers, policy } = setup();
    recordMany(breakers, 'e/a', policy, 'FFF');
    expect(breakers.state('e/a')).toBe('closed');
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
  });

  it('opens once minimum_calls are in and the failure share reaches the threshold', () => {
    const { breakers, policy } = setup();
    recordMany(breakers, 'e/a', policy, 'SSF');
    expect(breakers.state('e/a')).toBe('closed');
    recordMany(breakers, 'e/a', policy, 'F');
    expect(breakers.state('e/a')).toBe('open');
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
  });

  it('stays closed while the failure share is under the threshold', () => {
    const { breakers, policy } = setup();
    recordMany(breakers, 'e/a', policy, 'SSSFSSSF');
    expect(breakers.state('e/a')).toBe('closed');
  });

  it('forgets failures older than the window', () => {
    const { breakers, policy, advance } = setup();
    recordMany(breakers, 'e/a', policy, 'FFF');
    advance(policy.windowMs + 1);
    recordMany(breakers, 'e/a', policy, 'SF');
    expect(breakers.state('e/a')).toBe('closed');
  });

  it('keeps one breaker per key', () => {
    const { breakers, policy } = setup();
    recordMany(breakers, 'e/a', policy, 'FFFF');
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
    expect(breakers.tryAcquire('e/b', policy)).toBe(true);
  });

  it('half-opens after open_ms, lets half_open_probes probes through, and closes when they all succeed', () => {
    const { breakers, policy, advance } = setup();
    recordMany(breakers, 'e/a', policy, 'FFFF');
    advance(policy.openMs - 1);
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
    expect(breakers.openRemainingMs('e/a')).toBe(1);
    advance(1);
    expect(breakers.state('e/a')).toBe('half_open');
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
    breakers.record('e/a', policy, 'success');
    expect(breakers.state('e/a')).toBe('half_open');
    breakers.record('e/a', policy, 'success');
    expect(breakers.state('e/a')).toBe('closed');
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
  });

  it('starts counting afresh after closing', () => {
    const { breakers, policy, advance } = setup({ halfOpenProbes: 1 });
    recordMany(breakers, 'e/a', policy, 'FFFF');
    advance(policy.openMs);
    breakers.tryAcquire('e/a', policy);
    breakers.record('e/a', policy, 'success');
    recordMany(breakers, 'e/a', policy, 'FFS');
    expect(breakers.state('e/a')).toBe('closed');
  });

  it('reopens on a probe failure, for another full open_ms', () => {
    const { breakers, policy, advance } = setup();
    recordMany(breakers, 'e/a', policy, 'FFFF');
    advance(policy.openMs);
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
    breakers.record('e/a', policy, 'failure');
    expect(breakers.state('e/a')).toBe('open');
    expect(breakers.openRemainingMs('e/a')).toBe(policy.openMs);
    advance(policy.openMs - 1);
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
  });

  it('re-issues probes that never reported (an aborted call) after another open_ms', () => {
    const { breakers, policy, advance } = setup({ halfOpenProbes: 1 });
    recordMany(breakers, 'e/a', policy, 'FFFF');
    advance(policy.openMs);
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
    expect(breakers.openRemainingMs('e/a')).toBe(policy.openMs);
    advance(policy.openMs);
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
  });

  it('ignores outcomes of calls that were already in flight when it opened', () => {
    const { breakers, policy } = setup();
    recordMany(breakers, 'e/a', policy, 'FFFF');
    recordMany(breakers, 'e/a', policy, 'SSSSSSSS');
    expect(breakers.state('e/a')).toBe('open');
  });

  it('lets everything through and counts nothing when disabled', () => {
    const { breakers, policy } = setup({ enabled: false });
    recordMany(breakers, 'e/a', policy, 'FFFFFFFF');
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
    expect(breakers.state('e/a')).toBe('closed');
  });

  it('answers tryAcquire synchronously (no promise on the hot path)', () => {
    const { breakers, policy } = setup();
    expect(typeof breakers.tryAcquire('e/a', policy)).toBe('boolean');
  });

  it('counts locally, synchronously, when the configured Redis is unavailable', async () => {
    let now = 0;
    const breakers = createCircuitBreakers({
      clock: () => now,
      refreshMs: 60_000,
      // A client is never touched while `available()` is false.
      redis: { client: {} as never, keyPrefix: 'unused:', available: () => false },
    });
    recordMany(breakers, 'e/a', policy, 'FFFF');
    await breakers.sync();
    expect(breakers.tryAcquire('e/a', policy)).toBe(false);
    now += policy.openMs;
    expect(breakers.tryAcquire('e/a', policy)).toBe(true);
    await breakers.close();
  });
});
