import type { Logger } from 'pino';
import type { SecretStore } from '../auth/index.js';
import type { CairnConfig } from '../config/index.js';
import { CairnError } from '../errors/index.js';
import type { MetricsRecorder } from '../monitoring/index.js';
import type { Db } from '../storage/index.js';
import { createPriceTable, createTokenCounter } from './cost/index.js';
import type { PriceTable, TokenCounter } from './cost/types.js';
import type { Embedder } from './guardrails/index.js';
import { createLimits } from './limits/index.js';
import type { BudgetEvent, LimitsService } from './limits/types.js';
import type { AiGatewayConfig } from './policy/ai-gateway-config.js';
import { compileEndpointPolicy, type EndpointPolicy } from './policy/endpoint-policy.js';
import { createRedisConnection, type RedisConnection } from './redis/index.js';
import { createCircuitBreakers } from './resilience/index.js';
import type { CircuitBreakers } from './resilience/types.js';

export interface GatewayDependencies {
  config: Readonly<CairnConfig>;
  logger: Logger;
  metrics: MetricsRecorder;
  secrets: SecretStore;
  db: Db;
  /** Embeddings for `valid_topics` through another endpoint; undefined name means the built-in demo embedder. */
  embedderFor?: (endpointName: string | undefined) => Embedder;
}

/** The policies' shared machinery: one per process, used by every endpoint's compiled policy. */
export interface Gateway {
  readonly limits: LimitsService;
  readonly prices: PriceTable;
  readonly tokens: TokenCounter;
  readonly breakers: CircuitBreakers;
  /** Compiles an endpoint's stored config (resolving the secrets its webhook guardrails name). */
  compile(config: AiGatewayConfig | undefined): Promise<EndpointPolicy>;
  /** `memory`, `redis` or `redis-degraded`, for health and start-up messages. */
  storeMode(): 'memory' | 'redis' | 'redis-degraded';
  /** Waits (bounded) for Redis at start-up so the first calls see the shared store; never throws. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createGateway(dependencies: GatewayDependencies): Gateway {
  const { config, logger } = dependencies;
  const redis: RedisConnection | undefined = config.redis_url
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
      const webhookSecrets = new Map<string, string>();
      for (const stage of [policyConfig?.guardrails?.input, policyConfig?.guardrails?.output]) {
        for (const custom of stage?.custom ?? []) {
          if (custom.type !== 'webhook' || !custom.auth_secret || webhookSecrets.has(custom.auth_secret)) continue;
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
      if (!redis) return;
      await redis.ready().catch(() => undefined);
      if (!redis.available()) logger.warn('Redis is not reachable: rate limits count per instance until it is back; budgets follow on_store_unavailable.');
    },
    async close() {
      await limits.close();
      await breakers.close();
      await redis?.close();
    },
  };
}

async function resolveSecret(secrets: SecretStore, reference: string, guardrail: string): Promise<string> {
  const match = /^\{\{secrets\/([^/{}]+)\/([^/{}]+)\}\}$/.exec(reference);
  if (!match) throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail ${guardrail}: auth_secret must be {{secrets/<scope>/<key>}}.`);
  try {
    return await secrets.get(match[1]!, match[2]!);
  } catch {
    throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail ${guardrail}: secret ${reference} does not exist.`);
  }
}

/** Budget events go to metrics, the log and the gateway_events table (for alerts on any instance). */
function recordBudgetEvent(dependencies: GatewayDependencies, event: BudgetEvent): void {
  dependencies.metrics.budgetEvent(event.endpointName, event.budget, event.kind);
  dependencies.logger.warn({ event: event.kind, budget: event.budget, endpoint: event.endpointName, used: event.used, limit: event.limit, unit: event.unit }, 'budget event');
  void dependencies.db
    .insertInto('gateway_events')
    .values({ time: event.time, kind: event.kind, endpoint_name: event.endpointName, details: JSON.stringify(event) })
    .execute()
    .catch((error: unknown) => dependencies.logger.warn({ err: error }, 'could not store a gateway event'));
}
