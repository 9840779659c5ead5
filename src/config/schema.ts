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
    monitoring: z
      .object({
        /**
         * Rollups, descriptors, drift/quality monitors, review intake, alert evaluation and retention. Off only to
         * measure what monitoring costs (the benchmark's "monitors off"); trace export has its own switch (otlp).
         */
        enabled: z.boolean().default(true),
        /** Each instance writes its in-memory per-minute rollups this often (the rollup freshness lag). */
        rollup_flush_ms: z.number().int().min(50).max(60_000).default(2_000),
        descriptors: z
          .object({
            /** Text descriptors (length, language, toxicity, embeddings…) per captured call, off the request path. */
            enabled: z.boolean().default(true),
            /** Fraction of captured calls that get descriptors (failed calls have no answer to describe). */
            sample_fraction: z.number().min(0).max(1).default(1),
            /** Rows waiting for descriptors beyond this are skipped and counted, never queued without bound. */
            queue_size: z.number().int().positive().default(20_000),
            /** Compute descriptors on a worker thread (false: in slices on the main thread, e.g. in tests). */
            worker: z.boolean().default(true),
            /** Embed prompts and responses through this Cairn endpoint (an embeddings endpoint) instead of the demo embedder. */
            embedding_endpoint: z.string().min(1).optional(),
          })
          .strict()
          .prefault({}),
        /** How often drift and quality monitors compute a new point (each monitor may ask for less often). */
        monitor_interval_ms: z.number().int().min(100).default(60_000),
        alerts: z
          .object({
            evaluation_interval_ms: z.number().int().min(50).default(15_000),
            /** Waits before each retry of a failed notification; after the last, the delivery is dead-lettered. */
            delivery_retry_ms: z.array(z.number().int().min(0)).max(20).default([1_000, 5_000, 30_000, 120_000, 600_000]),
            delivery_timeout_ms: z.number().int().positive().default(10_000),
            /** How often each instance looks for due deliveries (instances claim rows, so several can deliver). */
            delivery_poll_ms: z.number().int().min(10).default(500),
            /** Sends in flight per instance, so a slow receiver cannot pile up sockets. */
            delivery_concurrency: z.number().int().min(1).max(64).default(4),
          })
          .strict()
          .prefault({}),
        review: z
          .object({
            /** Fraction of captured successful calls sent to the review queue at random. */
            sample_fraction: z.number().min(0).max(1).default(0),
            /** A claim expires after this long without a decision, and the item returns to the queue. */
            claim_ttl_ms: z.number().int().positive().default(30 * 60_000),
          })
          .strict()
          .prefault({}),
        retention: z
          .object({
            /** Raw inference-table rows (and their descriptors) older than this are deleted. 0 keeps them forever. */
            raw_days: z.number().min(0).default(30),
            /** Per-minute rollups, monitor results and alert history are kept this long. 0 keeps them forever. */
            rollup_days: z.number().min(0).default(400),
            interval_ms: z.number().int().min(50).default(3_600_000),
            /** Rows deleted per statement; the sweeper yields between statements so traffic never stalls. */
            batch_size: z.number().int().min(1).max(100_000).default(1_000),
          })
          .strict()
          .prefault({}),
        otlp: z
          .object({
            /** OTLP/HTTP base URL (e.g. http://127.0.0.1:4318); traces go to `{endpoint}/v1/traces`. Off when unset. */
            endpoint: z.string().url().optional(),
            headers: z.record(z.string(), z.string()).default({}),
            service_name: z.string().min(1).default('cairn'),
          })
          .strict()
          .prefault({}),
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
    /** Registry webhook delivery (docs/registry-webhooks.md). */
    webhooks: z
      .object({
        /** Bound on one delivery attempt, response included. */
        timeout_ms: z.number().int().positive().default(10_000),
        /** Attempts per delivery, the first included; after the last failed one the delivery is FAILED. */
        max_attempts: z.number().int().min(1).max(20).default(6),
        /** Wait before the first retry; it doubles per retry (±20 % jitter) up to retry_max_ms. */
        retry_base_ms: z.number().int().min(0).default(1_000),
        retry_max_ms: z.number().int().min(0).default(300_000),
        /** How often each instance looks for due deliveries (new events are sent at once on the instance that saw them). */
        poll_ms: z.number().int().min(10).default(1_000),
        /** Deliveries one instance sends at the same time. */
        concurrency: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .prefault({}),
    models: z
      .object({
        /** Largest model package archive accepted (413 above it). */
        max_package_bytes: z.number().int().positive().default(64 * MiB),
        /** Most files a package may hold (entries of the archive). */
        max_package_files: z.number().int().positive().default(5_000),
        /** Bound on one package's `npm ci` at registration; past it the version is FAILED_REGISTRATION. */
        npm_install_timeout_ms: z.number().int().positive().default(300_000),
        /** The npm executable used to install package dependencies (into the version's own directory, scripts off). */
        npm_command: z.string().min(1).default('npm'),
        /** Defaults for custom JS model replicas; a package's `resources` override them. */
        js: z
          .object({
            /** V8 old-generation limit of one replica's worker (its `resourceLimits`). */
            memory_mb: z.number().int().min(16).max(16_384).default(256),
            /** Bound on one call; past it the replica is terminated and replaced. */
            call_timeout_ms: z.number().int().positive().default(30_000),
            /** Bound on a replica's start: module load, `load(context)` and the warm-up call. */
            start_timeout_ms: z.number().int().positive().default(60_000),
            /** Concurrent calls one replica takes unless the package says otherwise. */
            replica_concurrency: z.number().int().min(1).max(256).default(1),
          })
          .strict()
          .prefault({}),
        /** Replica pools and their autoscaler (see docs/serving.md). */
        pools: z
          .object({
            /** Calls that may wait for a replica per served entity; past it callers get 429 ENTITY_QUEUE_FULL. */
            max_queue: z.number().int().min(0).default(256),
            /** Bound on the wait for a replica; past it the call gets 429 ENTITY_QUEUE_TIMEOUT. */
            queue_timeout_ms: z.number().int().positive().default(30_000),
            /** The autoscaler adds a replica when the recent queue wait (p90) passes this… */
            target_queue_wait_ms: z.number().int().positive().default(100),
            /** …or when busy slots / all slots passes this. */
            target_utilization: z.number().gt(0).max(1).default(0.8),
            /** How often the autoscaler looks. */
            autoscale_interval_ms: z.number().int().min(10).default(500),
            /** A replica is removed after the pool has had more than it needed for this long. */
            scale_down_idle_ms: z.number().int().positive().default(60_000),
            /** With scale_to_zero_enabled, the last replica stops after no call for this long. */
            scale_to_zero_idle_ms: z.number().int().positive().default(300_000),
            /** Runtime log lines kept per served entity (served by the logs route). */
            log_lines: z.number().int().min(10).max(100_000).default(1_000),
          })
          .strict()
          .prefault({}),
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
