import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isCairnError } from '../../errors/index.js';
import { createLimits } from './limits-service.js';
import { budget, createLimitsHarness, createTestClock, rateLimit, request, user } from './test-support/limits-harness.js';
import type { Admission } from './types.js';

const alice = user('alice@example.com');

const step = fc.record({
  gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 90_000 })),
  cost: fc.integer({ min: 1, max: 400 }),
  /** Share of the reservation really used, settled right after admission. */
  usedShare: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('in-memory token bucket (property)', () => {
  it('SEC-DOS-2: over any span, what is consumed never exceeds capacity + refill during the span', async () => {
    // Demand near the limit (small gaps, costs up to a quarter of the capacity, mostly fully used) keeps the bucket
    // drained, where a too-generous refill or a double burst would show.
    const saturatingStep = fc.record({
      gapMs: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 90_000 })),
      costShare: fc.double({ min: 0, max: 0.25, noNaN: true }),
      usedShare: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.array(saturatingStep, { minLength: 1, maxLength: 120 }), async (capacity, steps) => {
        const clock = createTestClock();
        const limits = createLimits({ logger: pino({ level: 'silent' }), whenRedisDown: 'local', clock: clock.now });
        const rateLimits = [rateLimit({ tokens: capacity })];
        const consumed: { time: number; amount: number }[] = [];
        for (const { gapMs, costShare, usedShare } of steps) {
          clock.advance(gapMs);
          const cost = Math.max(1, Math.ceil(costShare * capacity));
          try {
            const admission = await limits.admit(request(alice, { rateLimits, reservedTokens: cost }));
            const used = Math.floor(cost * usedShare);
            await admission.settle({ tokens: used, usd: 0 });
            consumed.push({ time: clock.now(), amount: used });
          } catch (error) {
            if (!isCairnError(error) || error.code !== 'REQUEST_LIMIT_EXCEEDED') throw error;
          }
        }
        for (let first = 0; first < consumed.length; first += 1) {
          let total = 0;
          for (let last = first; last < consumed.length; last += 1) {
            total += consumed[last]!.amount;
            const refill = ((consumed[last]!.time - consumed[first]!.time) * capacity) / 60_000;
            expect(total).toBeLessThanOrEqual(capacity + refill + 1e-6);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('memory and Redis stores agree (differential property)', () => {
  it('the same sequence of admissions and settlements gets the same decisions and headers from both stores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const harnesses = await Promise.all([createLimitsHarness('memory'), createLimitsHarness('redis')]);
        try {
          const services = await Promise.all(harnesses.map((harness) => harness.create()));
          const rateLimits = [rateLimit({ calls: 7, tokens: 1000 }), rateLimit({ tokens: 600, key: 'user' })];
          const budgets = [budget({ period: 'day', limit_tokens: 3000, soft_threshold: 0.5 })];
          const outcomes: string[][] = [[], []];
          for (const { gapMs, cost, usedShare } of steps) {
            for (const harness of harnesses) harness.clock.advance(gapMs);
            for (let index = 0; index < 2; index += 1) {
              let admission: Admission;
              try {
                admission = await services[index]!.admit(request(alice, { rateLimits, budgets, reservedTokens: cost }));
              } catch (error) {
                const cairnError = isCairnError(error) ? error : undefined;
                outcomes[index]!.push(`${cairnError?.code}:${JSON.stringify(cairnError?.headers)}`);
                continue;
              }
              outcomes[index]!.push(`ok:${JSON.stringify(admission.headers)}:${admission.headroom.tokens}`);
              await admission.settle({ tokens: Math.round(cost * usedShare * 1.5), usd: 0 });
            }
          }
          expect(outcomes[1]).toEqual(outcomes[0]);
        } finally {
          await Promise.all(harnesses.map((harness) => harness.cleanup()));
        }
      }),
      { numRuns: 25 },
    );
  });
});
