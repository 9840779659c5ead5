import type { Logger } from 'pino';
import type { AuthService, SecretStore } from './auth/index.js';
import type { CaptureService } from './capture/index.js';
import type { NotifierService } from './alerting/notifiers/index.js';
import type { AlertingService } from './alerting/index.js';
import type { CairnConfig } from './config/index.js';
import type { FeedbackService } from './feedback/index.js';
import type { DescriptorService } from './monitoring/descriptors/index.js';
import type { Gateway } from './gateway/index.js';
import type { MetricsRecorder } from './monitoring/index.js';
import type { Monitors } from './monitoring/monitors/index.js';
import type { RetentionSweeper } from './monitoring/retention/index.js';
import type { Rollups } from './monitoring/rollups/index.js';
import type { PackageStore, RegistryService } from './registry/index.js';
import type { RegistryWebhooks } from './registry/webhooks/index.js';
import type { InvocationPipeline, ServingService } from './serving/index.js';
import type { ChangeFeed, StorageHandle } from './storage/index.js';

/** Everything the HTTP routes and the CLI's `serve` need, built once by `createApp`. */
export interface Services {
  config: Readonly<CairnConfig>;
  logger: Logger;
  storage: StorageHandle;
  changeFeed: ChangeFeed;
  auth: AuthService;
  secrets: SecretStore;
  registry: RegistryService;
  /** Model packages and the content-addressed artifact store; each version's directory with its dependencies. */
  packages: PackageStore;
  /** Registry webhooks (MLflow 3 shape) and their delivery queue; the registry emits its events into it. */
  webhooks: RegistryWebhooks;
  metrics: MetricsRecorder;
  capture: CaptureService;
  serving: ServingService;
  pipeline: InvocationPipeline;
  gateway: Gateway;
  /** Alert notification delivery (channels, retries, dead-letter list); alerting enqueues into it. */
  notifier: NotifierService;
  /** Alert rules, their evaluation loop (one instance at a time), remediation and history. */
  alerting: AlertingService;
  feedback: FeedbackService;
  descriptors: DescriptorService;
  /** Drift and quality monitors (their loop runs on one instance at a time) and their alert series. */
  monitors: Monitors;
  /** Per-minute rollups: the request-path observer, the metrics API's query and the rollup alert series. */
  rollups: Rollups;
  /** Deletes old raw rows and history in bounded batches (one instance at a time). */
  retention: RetentionSweeper;
}
