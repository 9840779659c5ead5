import type { Logger } from 'pino';
import { CairnError } from '../errors/index.js';
import type { EndpointPolicy } from '../gateway/index.js';
import type { ChangeFeed } from '../storage/index.js';
import { type EndpointPolicies, policySource } from './endpoint-policies.js';
import type { EndpointDisabled, EndpointRepository } from './endpoint-repository.js';
import { EndpointRuntime, type ServedEntityRuntime } from './endpoint-runtime.js';
import { createServedEntity, type ModelFactoryDependencies } from './model-factory.js';

export interface LiveEndpoint {
  id: string;
  name: string;
  runtime: EndpointRuntime | undefined;
  failure: string | undefined;
  /** Undefined until compiled; a query then waits for nothing: the endpoint is not ready. */
  policy: EndpointPolicy | undefined;
  /** Set while the endpoint is disabled (remediation or operator): queries answer 503 before any model call. */
  disabled?: EndpointDisabled | undefined;
}

export interface LiveEndpointsDependencies {
  repository: EndpointRepository;
  policies: EndpointPolicies;
  changeFeed: ChangeFeed;
  logger: Logger;
  models: ModelFactoryDependencies;
  now: () => number;
}

/**
 * The in-memory view of every endpoint, by name: the runtime and policy its queries run against, or why it has
 * none. Kept in line with storage by building runtimes when a config version is applied here and by reloading an
 * endpoint when another instance changes it.
 */
export class LiveEndpoints {
  private readonly byName = new Map<string, LiveEndpoint>();
  private readonly reloads = new Map<string, Promise<void>>();

  constructor(private readonly dependencies: LiveEndpointsDependencies) {}

  get(name: string): LiveEndpoint | undefined {
    return this.byName.get(name);
  }

  values(): IterableIterator<LiveEndpoint> {
    return this.byName.values();
  }

  /** Waits for reloads in flight, then takes every runtime out of service. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.reloads.values()]);
    for (const endpoint of this.byName.values()) endpoint.runtime?.retire();
    this.byName.clear();
  }

  /** Builds the runtime for a stored config version, swaps it in, records the outcome, tells other instances. */
  async apply(endpointId: string, name: string, version: number): Promise<void> {
    const { repository, logger, now } = this.dependencies;
    try {
      await this.buildAndSwap(endpointId, name, version);
      await repository.markApplied(endpointId, version, now());
    } catch (error) {
      const message = error instanceof CairnError ? error.message : 'Could not start the served entities.';
      logger.warn({ endpoint: name, config_version: version, err: error }, 'config update failed');
      const cached = this.byName.get(name);
      if (!cached) this.byName.set(name, { id: endpointId, name, runtime: undefined, failure: message, policy: undefined });
      else if (!cached.runtime) cached.failure = message;
      await repository.markFailed(endpointId, message, now());
    }
    await this.dependencies.changeFeed.publish('endpoints', name);
  }

  /** Brings the in-memory view of one endpoint in line with storage (after a change here or elsewhere). */
  refresh(name: string): Promise<void> {
    const running = this.reloads.get(name);
    if (running) return running.then(() => this.refresh(name));
    const reload = this.reloadOnce(name).finally(() => this.reloads.delete(name));
    this.reloads.set(name, reload);
    return reload;
  }

  /** `disabled`: the stored flag when the caller has just read the record; undefined keeps the cached one. */
  private async buildAndSwap(endpointId: string, name: string, version: number, disabled?: EndpointDisabled | null): Promise<void> {
    const stored = await this.dependencies.repository.getConfigVersion(endpointId, version);
    if (!stored) throw new CairnError('INTERNAL_ERROR', `Config version ${version} of ${name} is missing.`);
    const entities = new Map<string, ServedEntityRuntime>();
    try {
      for (const entity of stored.config.served_entities) {
        entities.set(entity.name, await createServedEntity(entity, name, this.dependencies.models));
      }
    } catch (error) {
      // Entities already started for this version must not leak their replicas.
      await Promise.allSettled([...entities.values()].map((built) => built.pool?.close()));
      throw error;
    }
    const runtime = new EndpointRuntime(endpointId, name, version, stored.config, entities);
    const cached = this.byName.get(name);
    const previous = cached?.id === endpointId ? cached.runtime : undefined;
    const policy = cached?.id === endpointId && cached.policy ? cached.policy : await this.dependencies.policies.compileStored(endpointId);
    const keptDisabled = disabled === undefined ? (cached?.id === endpointId ? cached.disabled : undefined) : (disabled ?? undefined);
    this.byName.set(name, { id: endpointId, name, runtime, failure: undefined, policy, disabled: keptDisabled });
    previous?.retire();
  }

  private async reloadOnce(name: string): Promise<void> {
    try {
      const record = await this.dependencies.repository.findByName(name);
      const cached = this.byName.get(name);
      if (!record) {
        cached?.runtime?.retire();
        this.byName.delete(name);
        return;
      }
      if (cached && cached.id !== record.id) {
        cached.runtime?.retire();
        this.byName.delete(name);
      }
      const current = this.byName.get(name);
      if (current) current.disabled = record.disabled ?? undefined;
      if (current && (current.policy?.source ?? '') !== policySource(record.aiGateway)) {
        current.policy = await this.dependencies.policies.compileStored(record.id, record.aiGateway);
      }
      if (current?.runtime?.configVersion === record.currentConfigVersion) return;
      if (record.configUpdate === 'IN_PROGRESS' && !current && record.currentConfigVersion === (await this.dependencies.repository.latestConfigVersion(record.id))) {
        // First config still being built by the instance that created it.
        this.byName.set(name, { id: record.id, name, runtime: undefined, failure: undefined, policy: undefined, disabled: record.disabled ?? undefined });
        return;
      }
      await this.buildAndSwap(record.id, name, record.currentConfigVersion, record.disabled);
    } catch (error) {
      this.dependencies.logger.warn({ endpoint: name, err: error }, 'could not load endpoint');
      const cached = this.byName.get(name);
      if (cached && !cached.runtime) cached.failure = error instanceof CairnError ? error.message : 'Could not start the served entities.';
    }
  }
}
