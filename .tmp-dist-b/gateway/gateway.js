import { CairnError } from '../errors/index.js';
import { createPriceTable, createTokenCounter } from './cost/index.js';
import { createLimits } from './limits/index.js';
import { compileEndpointPolicy } from './policy/endpoint-policy.js';
import { createRedisConnection } from './redis/index.js';
import { createCircuitBreakers } from './resilience/index.js';
export function createGateway(dependencies) {
    const { config, logger } = dependencies;
    const redis = config.redis_url
        ? createRedisConnection({ url: config.redis_url, keyPrefix: config.gateway.redis_key_prefix, logger })
        : undefined;
    const limits = createLimits({ redis, logger, whenRedisDown: config.gateway.limits_when_redis_down });
    const breakers = createCircuitBreakers(redis ? { redis: { client: redis.client, keyPrefix: `${config.gateway.redis_key_prefix}cb:`, available: () => redis.available() } } : {});
    const prices = createPriceTable();
    const tokens = createTokenCounter();
    limits.onBudgetEvent((event) => recordBudgetEvent(dependencies, event));
    return {
        limits,
        prices,
        tokens,
        breakers,
        async compile(policyConfig) {
            const webhookSecrets = new Map();
            for (const stage of [policyConfig?.guardrails?.input, policyConfig?.guardrails?.output]) {
                for (const custom of stage?.custom ?? []) {
                    if (custom.type !== 'webhook' || !custom.auth_secret || webhookSecrets.has(custom.auth_secret))
                        continue;
                    webhookSecrets.set(custom.auth_secret, await resolveSecret(dependencies.secrets, custom.auth_secret, custom.name));
                }
            }
            return compileEndpointPolicy(policyConfig, {
                countTokens: (text) => tokens.count(text),
                embedderFor: dependencies.embedderFor,
                webhookToken: (reference) => webhookSecrets.get(reference),
            });
        },
        storeMode: () => limits.mode(),
        async ready() {
            if (!redis)
                return;
            await redis.ready().catch(() => undefined);
            if (!redis.available())
                logger.warn('Redis is not reachable: rate limits count per instance until it is back; budgets follow on_store_unavailable.');
        },
        async close() {
            await limits.close();
            await breakers.close();
            await redis?.close();
        },
    };
}
async function resolveSecret(secrets, reference, guardrail) {
    const match = /^\{\{secrets\/([^/{}]+)\/([^/{}]+)\}\}$/.exec(reference);
    if (!match)
        throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail ${guardrail}: auth_secret must be {{secrets/<scope>/<key>}}.`);
    try {
        return await secrets.get(match[1], match[2]);
    }
    catch {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail ${guardrail}: secret ${reference} does not exist.`);
    }
}
/** Budget events go to metrics, the log and the gateway_events table (for alerts on any instance). */
function recordBudgetEvent(dependencies, event) {
    dependencies.metrics.budgetEvent(event.endpointName, event.budget, event.kind);
    dependencies.logger.warn({ event: event.kind, budget: event.budget, endpoint: event.endpointName, used: event.used, limit: event.limit, unit: event.unit }, 'budget event');
    void dependencies.db
        .insertInto('gateway_events')
        .values({ time: event.time, kind: event.kind, endpoint_name: event.endpointName, details: JSON.stringify(event) })
        .execute()
        .catch((error) => dependencies.logger.warn({ err: error }, 'could not store a gateway event'));
}
//# sourceMappingURL=gateway.js.map