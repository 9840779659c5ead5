import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createAuth, createSecretStore, type Principal } from './auth/index.js';
import { type CallObserver, createCapture } from './capture/index.js';
import type { CairnConfig } from './config/index.js';
import { buildOpenApiDocument } from './http/openapi.js';
import type { AnyRoute } from './http/route.js';
import { allRoutes } from './http/routes.js';
import { createHttpServer } from './http/server.js';
import { createGateway, type Embedder } from './gateway/index.js';
import { createNotifier } from './alerting/notifiers/index.js';
import { createAlerting } from './alerting/index.js';
import type { SeriesSource } from './monitoring/series.js';
import { createFeedback } from './feedback/index.js';
import { createDemoEmbedder } from './gateway/guardrails/index.js';
import { createMetrics, createOtlpTracing, createPoolMetrics } from './monitoring/index.js';
import { createRetentionSweeper } from './monitoring/retention/index.js';
import { createRollups } from './monitoring/rollups/index.js';
import { createDescriptorService } from './monitoring/descriptors/index.js';
import { createMonitors, createServingJudge } from './monitoring/monitors/index.js';
import { createPackageStore, createRegistry, type RegistryService } from './registry/index.js';
import { createRegistryWebhooks } from './registry/webhooks/index.js';
import { InvocationPipeline, ServingService } from './serving/index.js';
import type { Services } from './services.js';
import { ChangeFeed, openDatabase } from './storage/index.js';

export interface CairnApp {
  services: Services;
  server: FastifyInstance;
  /** A freshly created admin token (first start without CAIRN_ADMIN_TOKEN), to print once; else null. */
  newAdminToken: string | null;
  routes: AnyRoute[];
  /** Listens on the configured host/port (port 0 picks a free one) and returns the base URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets in-flight calls finish, drains capture, closes storage. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  logger?: Logger;
}

export const cairnVersion: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export function createLogger(config: Readonly<CairnConfig>): Logger {
  // Asynchronous stdout writes: a log line per request must not cost a synchronous write syscall on the
  // request path. The destination is flushed on close.
  const destination = pino.destination({ dest: 1, sync: false });
  return pino({
    level: config.logging.level,
    base: { service: 'cairn' },
    // Secrets and payloads must never reach logs, even by accident through an error object.
    redact: {
      paths: [
        'req.headers.authorization', 'headers.authorization', 'req.headers["x-api-key"]', 'headers["x-api-key"]',
        '*.api_key', '*.openai_api_key', '*.openai_api_key_plaintext', '*.anthropic_api_key', '*.anthropic_api_key_plaintext', '*.token_value',
      ],
      censor: '[REDACTED]',
    },
  }, destination);
}

/** Registers model `demo` v1 and endpoint `demo-chat` on first start (idempotent). */
async function deployDemo(registry: RegistryService, serving: ServingService, admin: Principal): Promise<void> {
  await registry.ensureDemoModel(admin.id);
  await serving.ensureDemoEndpoint(admin);
}

/** Embeddings through a Cairn endpoint (for `topic_embedding_endpoint`); permission was checked when it was configured. */
function endpointEmbedder(serving: () => ServingService | undefined, admin: Principal, endpointName: string): Embedder {
  return {
    async embed(texts, signal) {
      const service = serving();
      if (!service) throw new Error('serving is not started');
      const lease = service.acquireForQuery(admin, endpointName);
      try {
        const entity = lease.runtime.entities.get(lease.runtime.routes[0]?.served_model_name ?? '') ?? [...lease.runtime.entities.values()][0];
        if (!entity) throw new Error(`endpoint ${endpointName} has no served entity`);
        const result = await entity.model.doEmbed({ input: texts, signal, requestId: 'guardrail-topics' });
        return result.embeddings;
      } finally {
        lease.release();
      }
    },
  };
}

/** The composition root: builds every area from the config and wires them into one HTTP server. */
export async function createApp(config: Readonly<CairnConfig>, options: CreateAppOptions = {}): Promise<CairnApp> {
  const logger = options.logger ?? createLogger(config);
  const storage = await openDatabase(config.database_url, config.data_dir);
  const changeFeed = new ChangeFeed(storage.db, config.cache_refresh_ms, logger);
  await changeFeed.start();
  const secrets = createSecretStore({ db: storage.db, dataDir: config.data_dir, secretKey: config.secret_key, changeFeed });
  const auth = await createAuth({ db: storage.db, changeFeed, logger, config });
  const { newToken: newAdminToken, principal: adminPrincipal } = await auth.bootstrapAdmin();
  // Before the registry, which hands every committed change to it; its delivery loop starts once the server listens.
  const webhooks = createRegistryWebhooks({ db: storage.db, secrets, config, logger });
  // Model packages: blobs under the data dir, rows in the database, each version's own directory with its dependencies.
  const packages = createPackageStore({ db: storage.db, dataDir: config.data_dir, models: config.models, changeFeed, logger });
  const registry = createRegistry({ db: storage.db, changeFeed, auth, logger, onEvent: webhooks.onEvent, packages });
  // Versions left PENDING_REGISTRATION by a crash mid-install are installed again (in the background).
  await packages.recoverPending();
  const metrics = createMetrics();
  const capture = createCapture({ db: storage.db, config, metrics, logger });
  // Topic guardrails may embed through another endpoint; serving is built after the gateway, so look it up late.
  const late: { serving?: ServingService } = {};
  const demoEmbedder = createDemoEmbedder();
  const gateway = createGateway({
    config, logger, metrics, secrets, db: storage.db,
    embedderFor: (endpointName) => (endpointName ? endpointEmbedder(() => late.serving, adminPrincipal, endpointName) : demoEmbedder),
  });
  await gateway.ready();
  const serving = new ServingService({
    db: storage.db, changeFeed, auth, secrets, registry, packages, logger, allowPrivateNetworks: config.providers.allow_private_networks, policies: gateway,
    models: config.models, poolMetrics: createPoolMetrics(metrics.registry),
  });
  late.serving = serving;
  await serving.start();
  // Told of every call on the request path (in-memory, O(1)): rollups, trace export.
  const observers: CallObserver[] = [];
  // Per-minute rollups (counts, errors, latency/TTFT histograms, tokens, cost, guardrails, feedback) for the metrics API and alerts.
  // `monitoring.enabled: false` (what the benchmark's "monitors off" measures) keeps every API but feeds and runs nothing.
  const monitoringOn = config.monitoring.enabled;
  const rollups = createRollups({ db: storage.db, config, logger });
  if (monitoringOn) {
    rollups.start();
    observers.push(rollups.observer);
  }
  const tracing = config.monitoring.otlp.endpoint
    ? createOtlpTracing({ endpoint: config.monitoring.otlp.endpoint, headers: config.monitoring.otlp.headers, serviceName: config.monitoring.otlp.service_name, serviceVersion: cairnVersion, logger })
    : null;
  if (tracing) observers.push(tracing);
  const pipeline = new InvocationPipeline({
    serving, capture, metrics, config, observers,
    gateway: { limits: gateway.limits, prices: gateway.prices, tokens: gateway.tokens, breakers: gateway.breakers, groupNamesOf: (principal) => auth.groupNamesOf(principal) },
  });
  if (config.demo.deploy) await deployDemo(registry, serving, adminPrincipal);
  // Feedback and the review queue; guardrail-flagged and sampled rows reach the queue once capture has stored them.
  const feedback = createFeedback({ db: storage.db, config, logger, capture, serving, auth, rollups });
  if (monitoringOn) capture.onRowsWritten(feedback.reviewIntake);
  // Alert notifications: created before alerting (which enqueues into it); its loop starts once the server listens.
  const notifier = createNotifier({ db: storage.db, secrets, config, logger, metrics });
  // Series that alert rules read. Alerting keeps this array and reads it at each evaluation, so a source pushed
  // after this line still counts (rollups and monitors push theirs below).
  const alertSources: SeriesSource[] = [];
  const alerting = createAlerting({ db: storage.db, config, logger, serving, auth, notifier, sources: alertSources, adminPrincipal, secrets });
  // Text descriptors and quality scores of stored rows, off the request path (on a worker thread by default).
  const descriptorEndpoint = config.monitoring.descriptors.embedding_endpoint;
  const descriptors = createDescriptorService({
    db: storage.db, config, logger, metrics,
    ...(descriptorEndpoint ? { embedder: endpointEmbedder(() => late.serving, adminPrincipal, descriptorEndpoint) } : {}),
  });
  if (monitoringOn) {
    capture.onRowsWritten(descriptors.listener);
    descriptors.start();
  }
  // Drift and quality monitors over the descriptors; the judge runs chat completions through serving as each
  // monitor's creator. Their series feed alert rules.
  const monitors = createMonitors({
    db: storage.db, config, logger, serving, auth, flagForReview: feedback.flagForReview,
    judge: createServingJudge({ serving, auth, prices: gateway.prices }),
  });
  alertSources.push(monitors.series);
  alertSources.push(rollups.series);
  // Deletes raw rows after raw_days and history after rollup_days, in bounded batches, one instance at a time.
  const retention = createRetentionSweeper({ db: storage.db, dialect: storage.dialect, config, logger, holder: rollups.instanceId });

  const services: Services = { config, logger, storage, changeFeed, auth, secrets, registry, packages, webhooks, metrics, capture, serving, pipeline, gateway, feedback, descriptors, notifier, alerting, monitors, rollups, retention };
  const routes = allRoutes(services, () => buildOpenApiDocument(routes, cairnVersion));
  const server = createHttpServer({ config, logger, auth, metrics, routes });

  let closed = false;
  return {
    services,
    server,
    routes,
    newAdminToken,
    async listen() {
      await server.listen({ host: config.server.host, port: config.server.port });
      webhooks.start();
      if (monitoringOn) {
        notifier.start();
        alerting.start();
        retention.start();
      }
      await monitors.start();
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : config.server.port;
      const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
      return `http://${host}:${port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      // Before serving: an evaluation in flight may still run a remediation through it.
      await alerting.close();
      // Before serving too: a monitor run in flight may be calling its judge through it.
      await monitors.close();
      await serving.close();
      // After serving (nothing materializes any more): cancels running installs, which the next start retries.
      await packages.close();
      await gateway.close();
      await capture.close();
      // After serving and capture (every call is observed), before storage: the final rollup flush.
      await rollups.close();
      await retention.close();
      // After capture: the rows its drain wrote are described too; before storage closes.
      await descriptors.close();
      await feedback.close();
      await notifier.close();
      // After the server and everything that changes the registry; before storage (an attempt records its outcome).
      await webhooks.close();
      await tracing?.close();
      changeFeed.stop();
      auth.close();
      await storage.close();
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
    },
  };
}
