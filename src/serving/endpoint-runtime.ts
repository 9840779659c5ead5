import type { LanguageModel } from '../providers/index.js';
import type { StoredEndpointConfig, StoredRoute, StoredServedEntity } from './endpoint-config.js';
import type { ReplicaPool } from './pool/index.js';
import type { CompiledSignature } from './signature/index.js';

export interface ServedEntityRuntime {
  entity: StoredServedEntity;
  model: LanguageModel;
  /** Registry model name, or the external model's name. */
  modelName: string;
  /** Registry version; null for external models. */
  modelVersion: string | null;
  /** The entity's replica pool (state, logs); `model` is its pooled model. */
  pool?: ReplicaPool;
  /** The package's signature, compiled; absent when the model has none. */
  signature?: CompiledSignature;
}

/**
 * One applied config version of one endpoint, held in memory. In-flight calls hold a lease on the runtime
 * they started with, so a config update swaps the pointer without dropping them; the old runtime's models
 * are closed once its last lease is released.
 */
export class EndpointRuntime {
  private leases = 0;
  private retired = false;

  constructor(
    readonly endpointId: string,
    readonly endpointName: string,
    readonly configVersion: number,
    readonly config: StoredEndpointConfig,
    readonly entities: ReadonlyMap<string, ServedEntityRuntime>,
  ) {}

  get routes(): readonly StoredRoute[] {
    return this.config.traffic_config.routes;
  }

  acquire(): () => void {
    this.leases++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.leases--;
      if (this.retired && this.leases === 0) void this.closeModels();
    };
  }

  get inFlight(): number {
    return this.leases;
  }

  /** Stops taking new leases' models out of service once the in-flight ones finish. */
  retire(): void {
    this.retired = true;
    if (this.leases === 0) void this.closeModels();
  }

  private async closeModels(): Promise<void> {
    await Promise.allSettled([...this.entities.values()].map((entity) => entity.pool ? entity.pool.close() : entity.model.close?.()));
  }
}
