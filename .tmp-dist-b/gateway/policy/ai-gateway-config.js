import { z } from 'zod';
/**
 * The per-endpoint policy document of `PUT /api/2.0/serving-endpoints/{name}/ai-gateway`: Databricks' AI Gateway
 * shape (`rate_limits`, `guardrails`, `usage_tracking_config`, `inference_table_config`, `fallback_config`) plus
 * Cairn's own fields for what Databricks lacks (token limits per key, budgets, price overrides, more guardrails,
 * retries, a circuit breaker, request caps). Strict: an unknown field is a 400 naming it, so a typo never turns
 * a policy silently off. Absurd values are refused here; compilation (regexes, JSON schemas, secrets) is a
 * second step in `compile-policy.ts`.
 */
const MAX_PER_MINUTE = 1_000_000_000;
const principalName = z.string().min(1).max(256);
export const rateLimitKeySchema = z.enum(['endpoint', 'user', 'user_group', 'service_principal']);
export const rateLimitSchema = z
    .object({
    /** Requests admitted per renewal period. 0 admits none (a kill switch). */
    calls: z.number().int().min(0).max(MAX_PER_MINUTE).optional(),
    /** Tokens (input + output) admitted per renewal period; reserved before a call, settled after. */
    tokens: z.number().int().min(0).max(MAX_PER_MINUTE * 1000).optional(),
    /** What the limit is counted per; `endpoint` (the default) is one shared counter for all callers. */
    key: rateLimitKeySchema.default('endpoint'),
    /**
     * For `user` / `service_principal`: only this principal (user name or application id) is limited; without it
     * every principal of that kind gets its own counter. For `user_group`: required, the group whose members
     * share one counter.
     */
    principal: principalName.optional(),
    renewal_period: z.literal('minute').default('minute'),
})
    .strict()
    .refine((limit) => limit.calls !== undefined || limit.tokens !== undefined, { message: 'a rate limit needs calls or tokens' })
    .refine((limit) => limit.key !== 'user_group' || limit.principal !== undefined, { message: 'a user_group rate limit needs principal (the group name)' })
    .refine((limit) => limit.key !== 'endpoint' || limit.principal === undefined, { message: 'an endpoint rate limit takes no principal' });
export const budgetSchema = z
    .object({
    /** Names the budget in errors, events and metrics; defaults to `<key>[:<principal>]:<period>`. */
    name: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (at most 64)').optional(),
    key: rateLimitKeySchema.default('endpoint'),
    principal: principalName.optional(),
    period: z.enum(['day', 'month']),
    /** Hard limit in US dollars per period (give this or limit_tokens). */
    limit_usd: z.number().positive().max(1_000_000_000).optional(),
    /** Hard limit in tokens per period. */
    limit_tokens: z.number().int().positive().max(1e15).optional(),
    /** Share of the limit at which a soft-threshold event is emitted (once per period and budget key). */
    soft_threshold: z.number().gt(0).lt(1).default(0.8),
    /** When the budget store (Redis) cannot be reached: refuse calls (default) or let them through uncounted. */
    on_store_unavailable: z.enum(['fail_closed', 'fail_open']).default('fail_closed'),
})
    .strict()
    .refine((budget) => (budget.limit_usd === undefined) !== (budget.limit_tokens === undefined), { message: 'a budget needs exactly one of limit_usd or limit_tokens' })
    .refine((budget) => budget.key !== 'user_group' || budget.principal !== undefined, { message: 'a user_group budget needs principal (the group name)' })
    .refine((budget) => budget.key !== 'endpoint' || budget.principal === undefined, { message: 'an endpoint budget takes no principal' });
export const priceSchema = z
    .object({
    /** Glob over the served model name (`*` any run of characters, `?` one), case-insensitive; first match wins. */
    model_pattern: z.string().min(1).max(200),
    input_per_million: z.number().min(0).max(1_000_000),
    cached_input_per_million: z.number().min(0).max(1_000_000).optional(),
    output_per_million: z.number().min(0).max(1_000_000),
})
    .strict();
const piiEntityTypes = [
    'EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'PERSON', 'STREET_ADDRESS',
];
export const piiBehaviorSchema = z
    .object({
    behavior: z.enum(['NONE', 'BLOCK', 'MASK']),
    /** Cairn: restrict to these PII types (default all). Secrets and API keys are always included. */
    types: z.array(z.enum(piiEntityTypes)).min(1).optional(),
})
    .strict();
export const promptInjectionSchema = z
    .object({
    behavior: z.enum(['NONE', 'FLAG', 'BLOCK']).default('BLOCK'),
    /** Classifier score (0–1) at or above which a text counts as an injection. */
    threshold: z.number().gt(0).lt(1).default(0.5),
    /**
     * Scan every user and tool message of the conversation (default), not only the last message (SEC-PI-1).
     * With `scan_roles` the set of roles scanned can include assistant and system history too.
     */
    scan_history: z.boolean().default(true),
    scan_roles: z.array(z.enum(['system', 'developer', 'user', 'assistant', 'tool'])).min(1).optional(),
})
    .strict();
const httpUrl = z.string().url().refine((value) => /^https?:\/\//i.test(value), { message: 'must be an http(s) URL' });
const secretReference = z.string().regex(/^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/, 'must be a secret reference {{secrets/<scope>/<key>}}');
export const customGuardrailSchema = z.discriminatedUnion('type', [
    z
        .object({
        type: z.literal('regex'),
        name: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ - (at most 40)'),
        /** JavaScript regular expression source; refused at configuration when it can backtrack exponentially. */
        pattern: z.string().min(1).max(1000),
        flags: z.string().regex(/^[imsu]*$/, 'only the flags i m s u').optional(),
        behavior: z.enum(['FLAG', 'BLOCK', 'MASK']).default('BLOCK'),
    })
        .strict(),
    z
        .object({
        type: z.literal('webhook'),
        name: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ - (at most 40)'),
        /** Receives `POST {text, stage, endpoint, request_id}`; answers `{action, findings?, score?}`. */
        url: httpUrl,
        timeout_ms: z.number().int().min(10).max(30_000).default(1000),
        /** What a timeout, network error or malformed answer means: let the call through (open) or refuse it (closed). */
        on_error: z.enum(['fail_open', 'fail_closed']).default('fail_closed'),
        /** Sent as `Authorization: Bearer …`, read from the secret store. */
        auth_secret: secretReference.optional(),
    })
        .strict(),
]);
export const guardrailParametersSchema = z
    .object({
    /** Databricks' safety filter; in Cairn: the prompt-injection / jailbreak guardrail with its defaults. */
    safety: z.boolean().optional(),
    pii: piiBehaviorSchema.optional(),
    invalid_keywords: z.array(z.string().min(1).max(200)).max(1000).optional(),
    valid_topics: z.array(z.string().min(1).max(1000)).max(100).optional(),
    // Cairn's own guardrails.
    prompt_injection: promptInjectionSchema.optional(),
    /** Cosine similarity (0–1) a text must reach with some valid topic; default 0.1 with the demo embedder, 0.3 with an embedding endpoint. */
    topic_threshold: z.number().min(0).max(1).optional(),
    /** Endpoint whose embeddings score `valid_topics` (default: the built-in demo embedder). */
    topic_embedding_endpoint: z.string().min(1).max(63).optional(),
    /** Input only: refuse prompts longer than this many tokens. */
    max_input_tokens: z.number().int().positive().max(10_000_000).optional(),
    /** Output only: check `response_format: json_schema` answers against their schema (SEC-OUT-3). */
    json_schema: z.object({ behavior: z.enum(['FLAG', 'BLOCK']).default('FLAG') }).strict().optional(),
    /** Output only: neutralise markdown links/images to hosts not listed, and javascript:/data: URIs (SEC-OUT-2). */
    markdown_links: z.object({ allowed_hosts: z.array(z.string().min(1).max(253)).max(200).default([]) }).strict().optional(),
    custom: z.array(customGuardrailSchema).max(20).optional(),
})
    .strict();
export const guardrailsSchema = z
    .object({
    input: guardrailParametersSchema.optional(),
    output: guardrailParametersSchema.optional(),
})
    .strict()
    .refine((guardrails) => guardrails.input?.json_schema === undefined && guardrails.input?.markdown_links === undefined, {
    message: 'json_schema and markdown_links are output guardrails',
})
    .refine((guardrails) => guardrails.output?.max_input_tokens === undefined, { message: 'max_input_tokens is an input guardrail' });
export const aiGatewayConfigSchema = z
    .object({
    usage_tracking_config: z.object({ enabled: z.boolean().default(true) }).strict().optional(),
    inference_table_config: z
        .object({
        // Databricks' Unity Catalog location fields are accepted and echoed; Cairn's inference table is its own.
        catalog_name: z.string().max(255).optional(),
        schema_name: z.string().max(255).optional(),
        table_name_prefix: z.string().max(255).optional(),
        enabled: z.boolean().default(true),
        /** Cairn: share of successful calls captured (errors are always captured). */
        sampling_fraction: z.number().min(0).max(1).default(1),
        /** Cairn: PII masking of this endpoint's captured payloads; only an admin may turn it off. */
        mask_pii: z.boolean().default(true),
        /** Cairn: per-endpoint cap on a stored payload (bytes); at most the server's `capture.max_payload_bytes`. */
        max_payload_bytes: z.number().int().positive().max(64 * 1024 * 1024).optional(),
    })
        .strict()
        .optional(),
    rate_limits: z.array(rateLimitSchema).max(50).optional(),
    guardrails: guardrailsSchema.optional(),
    fallback_config: z.object({ enabled: z.boolean() }).strict().optional(),
    // Cairn's own fields.
    budgets: z.array(budgetSchema).max(50).optional(),
    pricing: z.array(priceSchema).max(100).optional(),
    retry_config: z
        .object({
        /** Attempts per served entity, the first included (1 = no retry). */
        max_attempts: z.number().int().min(1).max(10).default(1),
        initial_backoff_ms: z.number().int().min(0).max(60_000).default(100),
        max_backoff_ms: z.number().int().min(0).max(300_000).default(5_000),
        /** Longest `Retry-After` honoured; a longer one fails (or falls back) instead of waiting. */
        max_retry_after_ms: z.number().int().min(0).max(300_000).default(10_000),
    })
        .strict()
        .optional(),
    circuit_breaker: z
        .object({
        enabled: z.boolean().default(true),
        /** Failure share over the window that opens the circuit. */
        failure_rate_threshold: z.number().gt(0).max(1).default(0.5),
        /** Calls in the window before the rate is judged. */
        minimum_calls: z.number().int().min(1).max(100_000).default(10),
        window_ms: z.number().int().min(1000).max(3_600_000).default(30_000),
        /** How long an open circuit refuses calls before letting probes through. */
        open_ms: z.number().int().min(100).max(3_600_000).default(30_000),
        /** Probes let through while half-open; all must succeed to close. */
        half_open_probes: z.number().int().min(1).max(100).default(1),
    })
        .strict()
        .optional(),
    request_limits: z
        .object({
        max_messages: z.number().int().positive().max(100_000).optional(),
        /** Caps `max_tokens`; larger values are clamped (with a warning header) or refused. */
        max_tokens: z.number().int().positive().max(10_000_000).optional(),
        max_n: z.number().int().positive().max(128).optional(),
        on_exceed: z.enum(['reject', 'clamp']).default('reject'),
        /** `logprobs`, `top_logprobs` and `logit_bias` refused when false (SEC-DOS-6). */
        allow_logprobs: z.boolean().default(true),
    })
        .strict()
        .optional(),
})
    .strict()
    .refine((config) => !config.retry_config || config.retry_config.initial_backoff_ms <= config.retry_config.max_backoff_ms, {
    message: 'retry_config.initial_backoff_ms must not exceed max_backoff_ms',
});
//# sourceMappingURL=ai-gateway-config.js.map