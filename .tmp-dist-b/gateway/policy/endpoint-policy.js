import { CairnError } from '../../errors/index.js';
import { compileGuardrails } from '../guardrails/index.js';
import { aiGatewayConfigSchema } from './ai-gateway-config.js';
const NO_RETRY = { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0, maxRetryAfterMs: 0 };
/** Parses a config as a client sends it (PUT ai-gateway, or `ai_gateway` on create); throws INVALID_PARAMETER_VALUE. */
export function parseAiGatewayConfig(input) {
    const parsed = aiGatewayConfigSchema.safeParse(input ?? {});
    if (parsed.success)
        return parsed.data;
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join('.') : 'ai_gateway';
        return issue.code === 'unrecognized_keys' ? `${where}: unknown field(s) ${issue.keys.join(', ')}` : `${where}: ${issue.message}`;
    });
    const first = parsed.error.issues[0];
    throw new CairnError('INVALID_PARAMETER_VALUE', `Invalid ai_gateway config: ${issues.join('; ')}`, {
        details: first && first.path.length > 0 ? { param: first.path.join('.') } : {},
    });
}
/** Builds the request-path form of a parsed config. Throws INVALID_PARAMETER_VALUE when a guardrail cannot compile. */
export function compileEndpointPolicy(config, dependencies) {
    const guardrails = compileGuardrails(config?.guardrails, dependencies);
    const rateLimits = config?.rate_limits ?? [];
    const budgets = config?.budgets ?? [];
    const retry = config?.retry_config;
    const breaker = config?.circuit_breaker;
    const table = config?.inference_table_config;
    return {
        config,
        source: config === undefined ? '' : JSON.stringify(config),
        guardrails,
        rateLimits,
        budgets,
        admits: rateLimits.length > 0 || budgets.length > 0,
        pricing: config?.pricing,
        retry: retry
            ? { maxAttempts: retry.max_attempts, initialBackoffMs: retry.initial_backoff_ms, maxBackoffMs: retry.max_backoff_ms, maxRetryAfterMs: retry.max_retry_after_ms }
            : NO_RETRY,
        breaker: breaker?.enabled
            ? {
                enabled: true,
                failureRateThreshold: breaker.failure_rate_threshold,
                minimumCalls: breaker.minimum_calls,
                windowMs: breaker.window_ms,
                openMs: breaker.open_ms,
                halfOpenProbes: breaker.half_open_probes,
            }
            : undefined,
        fallback: config?.fallback_config?.enabled ?? false,
        capture: {
            enabled: table?.enabled ?? true,
            samplingFraction: table?.sampling_fraction ?? 1,
            policy: table ? { maskPii: table.mask_pii, maxPayloadBytes: table.max_payload_bytes } : undefined,
        },
        requestLimits: config?.request_limits,
        usageTracking: config?.usage_tracking_config?.enabled ?? true,
    };
}
//# sourceMappingURL=endpoint-policy.js.map