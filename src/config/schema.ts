import { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * The one strict schema for `cairn.yaml` + environment + flags. Unknown keys are rejected so a typo
 * fails at start with a message naming the key instead of being silently ignored.
 */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Largest accepted request body; larger bodies get 413 before they are parsed. */
        body_limit_bytes: z.number().int().positive().default(4 * MiB),
        /** Bound on a whole call, stream included. */
        request_timeout_ms: z.number().int().positive().default(300_000),
        /** Bound on the silence between two chunks of an upstream stream. */
        stream_idle_timeout_ms: z.number().int().positive().default(60_000),
        /** Origins allowed by CORS; empty means CORS is denied. */
        cors_origins: z.array(z.string()).default([]),
        shutdown_grace_ms: z.number().int().positive().default(10_000),
        /**
         * Fastify's trustProxy: set it behind a load balancer (true, a hop count, or the proxy addresses) so
         * the failed-token limit and logs see the client's address rather than the balancer's.
         */
        trust_proxy: z.union([z.boolean(), z.number().int().positive(), z.array(z.string())]).default(false),
      })
      .strict()
      .prefault({}),
    data_dir: z.string().min(1).default('.cairn'),
    /** `postgres://…` for PostgreSQL; a path or `sqlite:PATH` for SQLite (default `<data_dir>/cairn.db`). */
    database_url: z.string().min(1).optional(),
    /** Fixed bootstrap admin token, for automation. */
    admin_token: z.string().min(32, 'admin_token must be at least 32 characters').optional(),
    /** Key that encrypts secrets at rest; a key file in the data dir is generated when absent. */
    secret_key: z.string().min(32, 'secret_key must be at least 32 characters').optional(),
    /**
     * `redis://…` for limits, budgets and circuit breakers shared by every instance; without it they are per
     * instance (said at start-up).
     */
    redis_url: z.string().min(1).optional(),
    gateway: z
      .object({
        /** Prefix of every Redis key Cairn writes (several deployments can share one Redis). */
        redis_key_prefix: z.string().min(1).max(64).default('cairn:'),
        /**
         * Rate limits while Redis is unreachable: `local` counts them in this instance's memory (limits become per
         * instance until Redis is back), `reject` refuses limited calls with 503. Budgets follow their own
         * `on_store_unavailable`.
         */
        limits_when_redis_down: z.enum(['local', 'reject']).default('local'),
      })
      .strict()
      .prefault({}),
    /** How often each instance checks for control-plane changes made by other instances. */
    cache_refresh_ms: z.number().int().min(50).max(60_000).default(250),
    capture: z
      .object({
        enabled: z.boolean().default(true),
        queue_size: z.number().int().positive().default(50_000),
        batch_size: z.number().int().positive().default(500),
        flush_interval_ms: z.number().int().positive().default(200),
        /** Request or response payloads larger than this are truncated and flagged in `logging_error_codes`. */
        max_payload_bytes: z.number().int().positive().default(256 * 1024),
        /** PII masking of captured payloads; on by default. */
        mask_pii: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    logging: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    providers: z
      .object({
        /**
         * Whether external models may live on loopback or private addresses (a local Ollama or vLLM is the
         * common case). Link-local and cloud-metadata addresses are refused whatever this says (SEC API7).
         */
        allow_private_networks: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    demo: z
      .object({
        /** Register model `demo` v1 and deploy endpoint `demo-chat` at first start. */
        deploy: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type CairnConfig = z.output<typeof configSchema>;
export type CairnConfigInput = z.input<typeof configSchema>;
