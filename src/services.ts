import type { Logger } from 'pino';
import type { AuthService, SecretStore } from './auth/index.js';
import type { CaptureService } from './capture/index.js';
import type { CairnConfig } from './config/index.js';
import type { Gateway } from './gateway/index.js';
import type { MetricsRecorder } from './monitoring/index.js';
import type { RegistryService } from './registry/index.js';
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
  metrics: MetricsRecorder;
  capture: CaptureService;
  serving: ServingService;
  pipeline: InvocationPipeline;
  gateway: Gateway;
}
