import { CairnError } from '../../errors/index.js';
import { budgetOp, buildAdmissionPlan, fromStoreUnits, subjectFor } from './admission-plan.js';
import { createBudgetEventHub } from './budget-events.js';
import { createPeriodCalculator } from './budget-period.js';
import { budgetError, rateLimitError, storeUnavailableError } from './limit-errors.js';
import { createMemoryLimitStore } from './memory-limit-store.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { createRedisLimitStore } from './redis-limit-store.js';
import { createSettler } from './settlement.js';
const RESOLVED = Promise.resolve();
const UNLIMITED = Object.freeze({
    headers: Object.freeze({}),
    headroom: Object.freeze({ tokens: null, usd: null }),
    settle: () => RESOLVED,
});
const UNLIMITED_PROMISE = Promise.resolve(UNLIMITED);
/**
 * Rate limits and budgets. Degraded behaviour while Redis is unreachable (at start or mid-run, detected from the
 * connection state or a failed/timed-out script, so a request never waits longer than the command timeout):
 * rate limits follow `whenRedisDown` (`local`: this instance's memory buckets, limits become per instance; `reject`:
 * 503 POLICY_STORE_UNAVAILABLE), budgets follow their `on_store_unavailable` (`fail_closed`: 503; `fail_open`:
 * admitted uncounted). Logged once per outage; Redis mode resumes with the first successful script.
 */
export function createLimits(options) {
    const { redis, logger, whenRedisDown } = options;
    const clock = options.clock ?? Date.now;
    const keyPrefix = redis?.keyPrefix ?? '';
    const memory = createMemoryLimitStore();
    const redisStore = redis === undefined ? undefined : createRedisLimitStore(redis);
    const periodOf = createPeriodCalculator();
    const events = createBudgetEventHub(logger);
    const settler = createSettler({
        clock,
        logger,
        events,
        memory,
        ...(redis === undefined || redisStore === undefined ? {} : { redis: { store: redisStore, available: () => redis.available() } }),
    });
    let redisHealthy = true;
    if (redis === undefined)
        logger.info('Rate limits and budgets are counted per instance (no redis_url configured)');
    const noteRedisFailure = (error) => {
        if (!redisHealthy)
            return;
        redisHealthy = false;
        logger.warn({ error: error instanceof Error ? error.message : 'not connected', whenRedisDown }, whenRedisDown === 'local'
            ? 'Redis unreachable: rate limits are counted per instance until it returns; budgets follow on_store_unavailable'
            : 'Redis unreachable: rate-limited calls are refused (503) until it returns; budgets follow on_store_unavailable');
    };
    const noteRedisHealthy = () => {
        if (redisHealthy)
            return;
        redisHealthy = true;
        logger.info('Redis reachable again: rate limits and budgets are shared across instances');
    };
    const unsubscribe = redis?.onAvailabilityChange((available) => {
        if (!available)
            return noteRedisFailure();
        noteRedisHealthy();
        void settler.flushPending();
    });
    const headroomOf = (plan, used) => {
        if (plan.budgets.length === 0)
            return UNLIMITED.headroom;
        let tokens = null;
        let usd = null;
        for (let j = 0; j < plan.budgets.length; j += 1) {
            const budget = plan.budgets[j];
            const left = fromStoreUnits(budget.unit, budget.limit - used[j]);
            if (budget.unit === 'tokens')
                tokens = tokens === null ? left : Math.min(tokens, left);
            else
                usd = usd === null ? left : Math.min(usd, left);
        }
        return { tokens, usd };
    };
    /** Turns a store's answer into an Admission, or throws the rejection. */
    const decide = (plan, result, where, request) => {
        if (!result.admitted) {
            let failedBudget;
            let failedSpent = 0;
            for (let j = 0; j < plan.budgets.length; j += 1) {
                const budget = plan.budgets[j];
                if (result.exhaustedNow[j])
                    events.emit('budget_exhausted', budget, request.endpointName, result.spent[j], plan.now);
                if (failedBudget === undefined && result.used[j] >= budget.limit) {
                    failedBudget = budget;
                    failedSpent = result.spent[j];
                }
            }
            // A spent budget outlasts any rate limit, so it is the more useful reason to report.
            if (failedBudget !== undefined)
                throw budgetError(plan, failedBudget, failedSpent, result.levels);
            throw rateLimitError(plan, result.levels, request.endpointName);
        }
        return {
            headers: rateLimitHeaders(plan.buckets, result.levels),
            headroom: headroomOf(plan, result.used),
            settle: settler.settleFor(plan, where, request.endpointName),
        };
    };
    const admitInMemory = (plan, request) => {
        try {
            return Promise.resolve(decide(plan, memory.admit(plan), 'memory', request));
        }
        catch (error) {
            return Promise.reject(error);
        }
    };
    const admitDegraded = (plan, request, error) => {
        noteRedisFailure(error);
        if (plan.budgets.some((budget) => budget.config.on_store_unavailable === 'fail_closed'))
            return Promise.reject(storeUnavailableError('budgets'));
        if (plan.buckets.length > 0 && whenRedisDown === 'reject')
            return Promise.reject(storeUnavailableError('rate limits'));
        // fail_open budgets are let through uncounted; only the rate limits are counted, in this instance's memory.
        const local = plan.budgets.length === 0 ? plan : { now: plan.now, buckets: plan.buckets, budgets: [] };
        return admitInMemory(local, request);
    };
    return {
        admit(request) {
            if (request.rateLimits.length === 0 && request.budgets.length === 0)
                return UNLIMITED_PROMISE;
            const plan = buildAdmissionPlan(request, clock(), keyPrefix, periodOf);
            if (plan.buckets.length === 0 && plan.budgets.length === 0)
                return UNLIMITED_PROMISE;
            if (redis === undefined || redisStore === undefined)
                return admitInMemory(plan, request);
            if (!redis.available())
                return admitDegraded(plan, request);
            return redisStore.admit(plan).then((result) => {
                noteRedisHealthy();
                return decide(plan, result, 'redis', request);
            }, (error) => admitDegraded(plan, request, error));
        },
        async budgetUsage(endpointId, _endpointName, budgets, subject) {
            const now = clock();
            const ops = budgets.flatMap((budget) => {
                const budgetSubject = usageSubject(budget, subject);
                return budgetSubject === undefined ? [] : [budgetOp(budget, budgetSubject, endpointId, keyPrefix, now, periodOf)];
            });
            let readings;
            if (redis === undefined || redisStore === undefined)
                readings = memory.readBudgets(ops.map((op) => op.key));
            else {
                if (!redis.available())
                    throw storeUnavailableError('budgets');
                try {
                    readings = await redisStore.readBudgets(ops.map((op) => op.key));
                }
                catch (error) {
                    throw new CairnError('POLICY_STORE_UNAVAILABLE', 'The budget store (Redis) did not answer.', { cause: error });
                }
            }
            return ops.map((op, index) => {
                const [spent, held] = readings[index] ?? [0, 0];
                return {
                    budget: op.name,
                    subject: op.subject,
                    period: op.config.period,
                    period_start: op.period.start,
                    used: fromStoreUnits(op.unit, spent + held),
                    limit: op.config.limit_usd ?? op.config.limit_tokens ?? 0,
                    unit: op.unit,
                };
            });
        },
        onBudgetEvent: (listener) => events.on(listener),
        mode() {
            if (redis === undefined)
                return 'memory';
            return redis.available() && redisHealthy ? 'redis' : 'redis-degraded';
        },
        async close() {
            unsubscribe?.();
            events.clear();
            if (redis?.available())
                await settler.flushPending();
        },
    };
}
/**
 * Which counter of a budget to report: the caller's own when a caller is given (only budgets that apply to it), or
 * the one counter a budget has without a caller (endpoint-wide, or tied to a named principal or group).
 */
function usageSubject(budget, subject) {
    if (subject !== undefined)
        return subjectFor(budget.key, budget.principal, subject);
    if (budget.key === 'endpoint')
        return 'endpoint';
    return budget.principal === undefined ? undefined : `${budget.key}:${budget.principal}`;
}
//# sourceMappingURL=limits-service.js.map