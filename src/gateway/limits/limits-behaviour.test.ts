import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import type { BudgetEvent, LimitsService } from './types.js';
import { budget, burst, createLimitsHarness, rateLimit, request, servicePrincipal, user, type LimitsHarness, type StoreKind } from './test-support/limits-harness.js';

/** The same behaviour, whether counters live in this process or in Redis. */
describe.each<StoreKind>(['memory', 'redis'])('limits (%s store)', (kind) => {
  let harness: LimitsHarness;
  let limits: LimitsService;
  const alice = user('alice@example.com', ['ml-team']);
  const bob = user('bob@example.com', ['ml-team']);
  const carol = user('carol@example.com');

  beforeEach(async () => {
    harness = await createLimitsHarness(kind);
    limits = await harness.create();
  });
  afterEach(async () => {
    await harness.cleanup();
  });

  const expectCairnError = (error: unknown, code: string): CairnError => {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe(code);
    return error as CairnError;
  };

  it('SEC-DOS-2: a burst gets exactly the request limit, the rest 429 with Retry-After and x-ratelimit headers', async () => {
    const limit = [rateLimit({ calls: 10 })];
    const { admitted, rejected } = await burst(limits, Array.from({ length: 25 }, () => request(alice, { rateLimits: limit })));
    expect(admitted).toHaveLength(10);
    expect(rejected).toHaveLength(15);
    const error = expectCairnError(rejected[0], 'REQUEST_LIMIT_EXCEEDED');
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('6');
    expect(error.headers['x-ratelimit-limit-requests']).toBe('10');
    expect(error.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(error.headers['x-ratelimit-reset-requests']).toBe('1m0s');
    expect(error.message).toContain('10 requests per minute for the endpoint');
    const remaining = admitted.map((admission) => Number(admission.headers['x-ratelimit-remaining-requests'])).sort((a, b) => a - b);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refills continuously: one request per limit/60 s, never a second full burst at a minute boundary', async () => {
    const limit = [rateLimit({ calls: 10 })];
    await burst(limits, Array.from({ length: 10 }, () => request(alice, { rateLimits: limit })));
    harness.clock.advance(5_999);
    await expect(limits.admit(request(alice, { rateLimits: limit }))).rejects.toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED' });
    harness.clock.advance(1);
    const admission = await limits.admit(request(alice, { rateLimits: limit }));
    expect(admission.headers['x-ratelimit-remaining-requests']).toBe('0');
    harness.clock.advance(60_000);
    const { admitted } = await burst(limits, Array.from({ length: 20 }, () => request(alice, { rateLimits: limit })));
    expect(admitted).toHaveLength(10);
  });

  it('token limits reserve before the call and refund the unused part on settle', async () => {
    const limit = [rateLimit({ tokens: 1000 })];
    const first = await limits.admit(request(alice, { rateLimits: limit, reservedTokens: 600 }));
    expect(first.headers['x-ratelimit-remaining-tokens']).toBe('400');
    await expect(limits.admit(request(alice, { rateLimits: limit, reservedTokens: 600 }))).rejects.toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED' });
    await first.settle({ tokens: 100, usd: 0 });
    await first.settle({ tokens: 0, usd: 0 }); // a second settle is ignored
    const second = await limits.admit(request(alice, { rateLimits: limit, reservedTokens: 600 }));
    expect(second.headers['x-ratelimit-remaining-tokens']).toBe('300');
  });

  it('settle debits usage beyond the reservation (never rejects), delaying later calls', async () => {
    const limit = [rateLimit({ tokens: 1000 })];
    const admission = await limits.admit(request(alice, { rateLimits: limit, reservedTokens: 100 }));
    await admission.settle({ tokens: 900, usd: 0 });
    const error = await limits.admit(request(alice, { rateLimits: limit, reservedTokens: 200 })).catch((caught: unknown) => caught);
    expect(expectCairnError(error, 'REQUEST_LIMIT_EXCEEDED').headers['x-ratelimit-remaining-tokens']).toBe('100');
    expect((error as CairnError).headers['retry-after']).toBe('6');
  });

  it('a request rejected by one limit consumes from none (all-or-nothing)', async () => {
    const limits2 = [rateLimit({ calls: 5, tokens: 100 })];
    await expect(limits.admit(request(alice, { rateLimits: limits2, reservedTokens: 150 }))).rejects.toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED' });
    const { admitted } = await burst(limits, Array.from({ length: 8 }, () => request(alice, { rateLimits: limits2, reservedTokens: 10 })));
    expect(admitted).toHaveLength(5);
  });

  it('a reservation above the token limit can never pass and says so; a 0 limit refuses everything', async () => {
    const error = await limits.admit(request(alice, { rateLimits: [rateLimit({ tokens: 100 })], reservedTokens: 500 })).catch((caught: unknown) => caught);
    expect(expectCairnError(error, 'REQUEST_LIMIT_EXCEEDED').message).toContain('lower max_tokens');
    expect((error as CairnError).headers['retry-after']).toBe('60');
    await expect(limits.admit(request(alice, { rateLimits: [rateLimit({ calls: 0 })] }))).rejects.toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED' });
  });

  it('user limits count per user; endpoint limits are one counter for everyone', async () => {
    const perUser = [rateLimit({ calls: 2, key: 'user' })];
    expect((await burst(limits, [alice, alice, alice].map((caller) => request(caller, { rateLimits: perUser })))).admitted).toHaveLength(2);
    expect((await burst(limits, [bob, bob, bob].map((caller) => request(caller, { rateLimits: perUser })))).admitted).toHaveLength(2);
    const endpoint = [rateLimit({ calls: 3 })];
    expect((await burst(limits, [alice, bob, carol, carol].map((caller) => request(caller, { rateLimits: endpoint })))).admitted).toHaveLength(3);
  });

  it('API6: a sensitive flow (token creation) can be rate limited per user with the same service', async () => {
    const tokenCreation = { endpointId: 'flow:token-create', endpointName: 'token creation', rateLimits: [rateLimit({ calls: 3, key: 'user' })] };
    const { admitted, rejected } = await burst(limits, Array.from({ length: 5 }, () => request(alice, tokenCreation)));
    expect(admitted).toHaveLength(3);
    expect(rejected[0]).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', status: 429 });
    // A separate counter from the chat endpoint's.
    await limits.admit(request(alice, { rateLimits: [rateLimit({ calls: 3, key: 'user' })] }));
  });

  it('a limit naming a principal applies to that principal only; a kind that does not match does not apply', async () => {
    const onlyBob = [rateLimit({ calls: 1, key: 'user', principal: 'bob@example.com' })];
    expect((await burst(limits, [alice, alice, alice].map((caller) => request(caller, { rateLimits: onlyBob })))).admitted).toHaveLength(3);
    expect((await burst(limits, [bob, bob].map((caller) => request(caller, { rateLimits: onlyBob })))).admitted).toHaveLength(1);
    const servicePrincipals = [rateLimit({ calls: 1, key: 'service_principal' })];
    expect((await burst(limits, [alice, alice].map((caller) => request(caller, { rateLimits: servicePrincipals })))).admitted).toHaveLength(2);
    const robot = servicePrincipal('robot');
    expect((await burst(limits, [robot, robot].map((caller) => request(caller, { rateLimits: servicePrincipals })))).admitted).toHaveLength(1);
  });

  it('a user_group limit is shared by the members of the group and does not apply to others', async () => {
    const group = [rateLimit({ calls: 3, key: 'user_group', principal: 'ml-team' })];
    const { admitted, rejected } = await burst(limits, [alice, bob, alice, bob].map((caller) => request(caller, { rateLimits: group })));
    expect(admitted).toHaveLength(3);
    expect((rejected[0] as CairnError).message).toContain('for your group');
    expect((rejected[0] as CairnError).message).not.toContain('ml-team');
    expect((await burst(limits, [carol, carol, carol, carol].map((caller) => request(caller, { rateLimits: group })))).admitted).toHaveLength(4);
  });

  it('the x-ratelimit headers report the tightest limit of each kind', async () => {
    const both = [rateLimit({ calls: 100, tokens: 10_000 }), rateLimit({ calls: 5, tokens: 50_000, key: 'user' })];
    const admission = await limits.admit(request(alice, { rateLimits: both, reservedTokens: 1000 }));
    expect(admission.headers).toEqual({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-reset-requests': '12s',
      'x-ratelimit-limit-tokens': '10000',
      'x-ratelimit-remaining-tokens': '9000',
      'x-ratelimit-reset-tokens': '6s',
    });
  });

  it('no limits and no budgets: admitted at once with no headers, nothing stored', async () => {
    const admission = await limits.admit(request(alice));
    expect(admission.headers).toEqual({});
    expect(admission.headroom).toEqual({ tokens: null, usd: null });
    await admission.settle({ tokens: 10, usd: 1 });
    await limits.admit(request(alice, { rateLimits: [rateLimit({ calls: 1, key: 'service_principal' })] }));
    if (harness.keyspace) expect(await harness.keyspace.connection.client.keys(`${harness.keyspace.keyPrefix}*`)).toEqual([]);
  });

  it('SEC-DOS-3: a USD budget reserves before and settles after; the hard limit answers BUDGET_EXCEEDED until the period ends', async () => {
    const budgets = [budget({ period: 'day', limit_usd: 1 })];
    const first = await limits.admit(request(alice, { budgets, reservedUsd: 0.6 }));
    expect(first.headroom.usd).toBeCloseTo(0.4, 6);
    const second = await limits.admit(request(bob, { budgets, reservedUsd: 0.6 }));
    expect(second.headroom.usd).toBeCloseTo(-0.2, 6);
    const inFlight = await limits.admit(request(alice, { budgets, reservedUsd: 0.01 })).catch((caught: unknown) => caught);
    expect(expectCairnError(inFlight, 'BUDGET_EXCEEDED').message).toContain('reserved by calls in progress');
    await first.settle({ tokens: 0, usd: 0.4 });
    await second.settle({ tokens: 0, usd: 0.4 });
    // 0.8 spent: room again.
    const third = await limits.admit(request(alice, { budgets, reservedUsd: 0.5 }));
    await third.settle({ tokens: 0, usd: 0.25 });
    const error = await limits.admit(request(alice, { budgets, reservedUsd: 0.01 })).catch((caught: unknown) => caught);
    const cairnError = expectCairnError(error, 'BUDGET_EXCEEDED');
    expect(cairnError.status).toBe(429);
    expect(cairnError.headers['retry-after']).toBe(String(12 * 3600));
    expect(cairnError.details).toMatchObject({ budget: 'endpoint:day', period: 'day', unit: 'usd' });
  });

  it('USD is counted in integer micro-dollars: many small costs add up without float drift', async () => {
    const budgets = [budget({ period: 'month', limit_usd: 0.3 })];
    for (let index = 0; index < 3; index += 1) {
      const admission = await limits.admit(request(alice, { budgets, reservedUsd: 0.1 }));
      await admission.settle({ tokens: 0, usd: 0.1 });
    }
    const [usage] = await limits.budgetUsage('ep-1', 'chat', budgets);
    expect(usage).toMatchObject({ used: 0.3, limit: 0.3, unit: 'usd', subject: 'endpoint', period: 'month', period_start: Date.UTC(2025, 5, 1) });
    await expect(limits.admit(request(alice, { budgets, reservedUsd: 0.000001 }))).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
  });

  it('per-user token budgets: each user has their own; the soft threshold event fires once, the exhausted event once', async () => {
    const budgets = [budget({ key: 'user', period: 'day', limit_tokens: 1000, soft_threshold: 0.5 })];
    const events: BudgetEvent[] = [];
    limits.onBudgetEvent((event) => events.push(event));
    for (const used of [300, 300, 300]) {
      const admission = await limits.admit(request(alice, { budgets, reservedTokens: 300 }));
      expect(admission.headroom.tokens).not.toBeNull();
      await admission.settle({ tokens: used, usd: 0 });
    }
    expect(events.map((event) => event.kind)).toEqual(['budget_soft_threshold']);
    expect(events[0]).toMatchObject({ budget: 'user:day', subject: 'user:alice@example.com', used: 600, limit: 1000, unit: 'tokens', endpointName: 'chat' });
    const last = await limits.admit(request(alice, { budgets, reservedTokens: 50 }));
    await last.settle({ tokens: 200, usd: 0 });
    await expect(limits.admit(request(alice, { budgets, reservedTokens: 1 }))).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
    await expect(limits.admit(request(alice, { budgets, reservedTokens: 1 }))).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(events.map((event) => event.kind)).toEqual(['budget_soft_threshold', 'budget_exhausted']);
    // Bob's counter is untouched.
    await limits.admit(request(bob, { budgets, reservedTokens: 900 }));
    const usage = await limits.budgetUsage('ep-1', 'chat', budgets, alice);
    expect(usage).toEqual([expect.objectContaining({ subject: 'user:alice@example.com', used: 1100 })]);
  });

  it('a budget period rolls over at UTC midnight (day) and on the 1st (month)', async () => {
    const daily = [budget({ period: 'day', limit_tokens: 10 })];
    const monthly = [budget({ period: 'month', limit_tokens: 10 })];
    harness.clock.set(Date.UTC(2025, 0, 31, 23, 59, 59));
    for (const budgets of [daily, monthly]) {
      const admission = await limits.admit(request(alice, { budgets, reservedTokens: 10 }));
      await admission.settle({ tokens: 10, usd: 0 });
    }
    const dailyError = await limits.admit(request(alice, { budgets: daily })).catch((caught: unknown) => caught);
    expect(expectCairnError(dailyError, 'BUDGET_EXCEEDED').headers['retry-after']).toBe('1');
    harness.clock.advance(1000);
    await limits.admit(request(alice, { budgets: daily, reservedTokens: 5 }));
    await (await limits.admit(request(alice, { budgets: monthly, reservedTokens: 5 }))).settle({ tokens: 5, usd: 0 });
    harness.clock.set(Date.UTC(2025, 1, 28, 23, 0, 0));
    await (await limits.admit(request(alice, { budgets: monthly, reservedTokens: 5 }))).settle({ tokens: 5, usd: 0 });
    const monthError = await limits.admit(request(alice, { budgets: monthly })).catch((caught: unknown) => caught);
    expect(expectCairnError(monthError, 'BUDGET_EXCEEDED').message).toContain('2025-03-01T00:00:00.000Z');
  });

  it('rate limits and budgets are checked together: a budget rejection consumes no rate limit', async () => {
    const rateLimits = [rateLimit({ calls: 2 })];
    const budgets = [budget({ period: 'day', limit_tokens: 10 })];
    const admission = await limits.admit(request(alice, { rateLimits, budgets, reservedTokens: 10 }));
    await admission.settle({ tokens: 10, usd: 0 });
    const error = await limits.admit(request(alice, { rateLimits, budgets, reservedTokens: 1 })).catch((caught: unknown) => caught);
    expect(expectCairnError(error, 'BUDGET_EXCEEDED').headers['x-ratelimit-remaining-requests']).toBe('1');
    await limits.admit(request(alice, { rateLimits, reservedTokens: 1 }));
  });
});
