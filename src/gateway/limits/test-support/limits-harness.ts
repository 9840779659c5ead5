import pino from 'pino';
import { budgetSchema, rateLimitSchema, type BudgetConfig, type RateLimitConfig } from '../../policy/ai-gateway-config.js';
import type { RedisConnection } from '../../redis/index.js';
import { createTestKeyspace, type TestKeyspace } from '../../redis/test-support/redis-test-keyspace.js';
import { createLimits, type LimitsOptions } from '../limits-service.js';
import type { Admission, AdmissionRequest, Caller, LimitsService } from '../types.js';

export type StoreKind = 'memory' | 'redis';

/** A controllable clock starting at a fixed moment (mid-day UTC, so periods do not roll over by accident). */
export function createTestClock(start = Date.UTC(2025, 5, 15, 12, 0, 0)): { now: () => number; advance(ms: number): void; set(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
  };
}

export function user(name: string, groupNames: string[] = []): Caller {
  return { id: `id-${name}`, name, kind: 'user', groupNames };
}

export function servicePrincipal(name: string, groupNames: string[] = []): Caller {
  return { id: `id-${name}`, name, kind: 'service_principal', groupNames };
}

export const rateLimit = (input: Record<string, unknown>): RateLimitConfig => rateLimitSchema.parse(input);
export const budget = (input: Record<string, unknown>): BudgetConfig => budgetSchema.parse(input);

export function request(caller: Caller, overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    endpointId: 'ep-1',
    endpointName: 'chat',
    caller,
    rateLimits: [],
    budgets: [],
    reservedTokens: 0,
    reservedUsd: 0,
    ...overrides,
  };
}

/** Runs admissions together; returns the admitted ones and the rejections. */
export async function burst(limits: LimitsService, requests: AdmissionRequest[]): Promise<{ admitted: Admission[]; rejected: unknown[] }> {
  const outcomes = await Promise.allSettled(requests.map((each) => limits.admit(each)));
  const admitted: Admission[] = [];
  const rejected: unknown[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') admitted.push(outcome.value);
    else rejected.push(outcome.reason);
  }
  return { admitted, rejected };
}

export interface LimitsHarness {
  kind: StoreKind;
  clock: ReturnType<typeof createTestClock>;
  /** A service on the harness's store (each call on Redis gets its own connection: a separate instance). */
  create(options?: Partial<LimitsOptions>): Promise<LimitsService>;
  keyspace?: TestKeyspace;
  cleanup(): Promise<void>;
}

export async function createLimitsHarness(kind: StoreKind): Promise<LimitsHarness> {
  const clock = createTestClock();
  const logger = pino({ level: 'silent' });
  const services: LimitsService[] = [];
  const keyspace = kind === 'redis' ? await createTestKeyspace('limits') : undefined;
  let first = true;
  return {
    kind,
    clock,
    keyspace,
    async create(options = {}) {
      let redis: RedisConnection | undefined;
      if (keyspace !== undefined) {
        redis = first ? keyspace.connection : await keyspace.openAnother();
        first = false;
      }
      const service = createLimits({ logger, clock: clock.now, whenRedisDown: 'local', ...(redis ? { redis } : {}), ...options });
      services.push(service);
      return service;
    },
    async cleanup() {
      await Promise.all(services.map((service) => service.close()));
      await keyspace?.cleanup();
    },
  };
}
