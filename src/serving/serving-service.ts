import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuthService, Principal, SecretStore } from '../auth/index.js';
import { CairnError } from '../errors/index.js';
import { configSchema, type CairnConfig } from '../config/index.js';
import type { ModelVersionResolver, PackageResolver } from '../registry/index.js';
import { noopPoolMetrics, type PoolMetrics } from './pool/index.js';
import type { ChangeFeed, Db } from '../storage/index.js';
import {
  type EndpointConfigInput,
  normalizeEndpointConfig,
} from './endpoint-config.js';
import { EndpointPolicies, type PolicyCompiler } from './endpoint-policies.js';
import { EndpointRepository, type EndpointRecord, type EndpointTag } from './endpoint-repository.js';
import type { EndpointRuntime } from './endpoint-runtime.js';
import { detailedView, entityStates, listItemView, taskOfCapabilities } from './endpoint-view.js';
import { LiveEndpoints } from './live-endpoints.js';
import { checkEntities, type ConfigAdmission, endpointSecretScope, storeEntitySecrets } from './config-admission.js';
import type { AiGatewayConfig, EndpointPolicy } from '../gateway/index.js';

export interface ServingDependencies {
  db: Db;
  changeFeed: ChangeFeed;
  auth: AuthService;
  secrets: SecretStore;
  registry: ModelVersionResolver;
  logger: Logger;
  /** `providers.allow_private_networks`; default true. */
  allowPrivateNetworks?: boolean;
  /** Compiles an endpoint's ai-gateway config into the policy its queries run under. */
  policies: PolicyCompiler;
  /** Model packages (custom JS models); without it only the demo and external models can be served. */
  packages?: PackageResolver;
  /** The `models` config section (JS replica defaults, pool settings); defaults when absent. */
  models?: CairnConfig['models'];
  poolMetrics?: PoolMetrics;
  clock?: () => number;
}

export interface CreateEndpointInput {
  name: string;
  config: EndpointConfigInput;
  tags?: EndpointTag[];
  ai_gateway?: unknown;
}

/** A lease on the runtime a query runs against; `release` must be called when the call ends. */
export interface QueryLease {
  runtime: EndpointRuntime;
  policy: EndpointPolicy;
  release: () => void;
}

const endpointNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const OBJECT = 'serving-endpoints' as const;

/**
 * Endpoints, their config versions and the in-memory runtimes that serve them. Queries are answered from
 * memory (`acquireForQuery`); control-plane calls read and write storage and tell other instances through
 * the change feed.
 */
export class ServingService {
  private readonly repository: EndpointRepository;
  private readonly policies: EndpointPolicies;
  private readonly live: LiveEndpoints;
  private readonly now: () => number;
  private readonly admission: ConfigAdmission;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly dependencies: ServingDependencies) {
    this.repository = new EndpointRepository(dependencies.db);
    this.now = dependencies.clock ?? Date.now;
    const allowPrivateNetworks = dependencies.allowPrivateNetworks ?? true;
    this.admission = { auth: dependencies.auth, secrets: dependencies.secrets, registry: dependencies.registry, allowPrivateNetworks };
    this.policies = new EndpointPolicies({
      compiler: dependencies.policies,
      repository: this.repository,
      logger: dependencies.logger,
      allowPrivateNetworks,
      queryableEndpointId: (principal, name) => this.queryableEndpointId(principal, name),
    });
    this.live = new LiveEndpoints({
      repository: this.repository,
      policies: this.policies,
      changeFeed: dependencies.changeFeed,
      logger: dependencies.logger,
      models: {
        registry: dependencies.registry,
        packages: dependencies.packages,
        secrets: dependencies.secrets,
        allowPrivateNetworks,
        models: dependencies.models ?? configSchema.parse({}).models,
        poolMetrics: dependencies.poolMetrics ?? noopPoolMetrics,
        logger: dependencies.logger,
      },
      now: this.now,
    });
  }

  /** Loads every endpoint and builds its runtime; subscribes to changes made by other instances. */
  async start(): Promise<void> {
    const records = await this.repository.list();
    await Promise.all(records.map((record) => this.live.refresh(record.name)));
    this.unsubscribe = this.dependencies.changeFeed.subscribe((topic, key) => {
      if (topic === 'endpoints' && key) void this.live.refresh(key);
    });
    const resolver = (this.dependencies.auth as Partial<{ registerObjectResolver(type: string, resolve: (id: string) => Promise<boolean>): void }>)
      .registerObjectResolver;
    if (typeof resolver === 'function') {
      resolver.call(this.dependencies.auth, OBJECT, async (id: string) => [...this.live.values()].some((endpoint) => endpoint.id === id));
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.live.close();
  }

  resolveEndpointId(name: string): string | undefined {
    return this.live.get(name)?.id;
  }

  /** The endpoint's id when it exists and the principal may query it; from memory. */
  queryableEndpointId(principal: Principal, name: string): string | undefined {
    const endpoint = this.live.get(name);
    return endpoint && this.mayQuery(principal, endpoint.id) ? endpoint.id : undefined;
  }

  private mayQuery(principal: Principal, endpointId: string): boolean {
    const level = this.dependencies.auth.levelOn(principal, OBJECT, endpointId);
    return level === 'CAN_QUERY' || level === 'CAN_MANAGE';
  }

  /** Endpoint names the principal may query, for `/v1/models`. */
  queryableEndpoints(principal: Principal): Array<{ name: string; id: string; task: string | undefined; createdAt: number }> {
    const result = [];
    for (const endpoint of this.live.values()) {
      if (!this.mayQuery(principal, endpoint.id)) continue;
      const first = endpoint.runtime?.config.served_entities[0];
      const running = this.runningTask(endpoint.name);
      result.push({ name: endpoint.name, id: endpoint.id, task: first?.external_model?.task ?? (running === undefined ? (first ? 'llm/v1/chat' : undefined) : (running ?? undefined)), createdAt: 0 });
    }
    return result.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The request-path entry point: permission check and runtime lease, all from memory. A disabled endpoint answers
   * 503 ENDPOINT_DISABLED here, before any model call (after the permission check, so outsiders still see a 404).
   */
  acquireForQuery(principal: Principal, name: string, options: { allowDisabled?: boolean } = {}): QueryLease {
    const endpoint = this.live.get(name);
    const notFound = `Serving endpoint ${name} does not exist.`;
    if (!endpoint) throw new CairnError('RESOURCE_DOES_NOT_EXIST', notFound);
    this.dependencies.auth.require(principal, OBJECT, endpoint.id, 'CAN_QUERY', notFound);
    if (endpoint.disabled && !options.allowDisabled) {
      const reason = endpoint.disabled.reason ? `: ${endpoint.disabled.reason}` : '.';
      throw new CairnError('ENDPOINT_DISABLED', `Serving endpoint ${name} is disabled${reason}`, { details: { disabled_at: endpoint.disabled.at } });
    }
    const runtime = endpoint.runtime;
    const policy = endpoint.policy;
    if (!runtime || !policy) {
      throw new CairnError('ENDPOINT_NOT_READY', `Serving endpoint ${name} is not ready${endpoint.failure ? `: ${endpoint.failure}` : '.'}`, {
        headers: { 'retry-after': '1' },
      });
    }
    return { runtime, policy, release: runtime.acquire() };
  }

  async create(principal: Principal, input: CreateEndpointInput): Promise<Record<string, unknown>> {
    const { auth } = this.dependencies;
    if (!auth.canCreate(principal, OBJECT)) throw new CairnError('PERMISSION_DENIED', 'This principal may not create serving endpoints.');
    if (!endpointNamePattern.test(input.name)) {
      throw new CairnError('INVALID_PARAMETER_VALUE', 'Endpoint name must be 1-63 letters, digits, - or _, starting with a letter or digit.');
    }
    const { config, secrets } = normalizeEndpointConfig(input.config);
    await checkEntities(this.admission, principal, config);
    const aiGateway = input.ai_gateway === undefined ? undefined : await this.policies.check(principal, input.ai_gateway);
    if (await this.repository.findByName(input.name)) {
      throw new CairnError('RESOURCE_ALREADY_EXISTS', `Serving endpoint ${input.name} already exists.`);
    }
    const id = randomUUID();
    const stored = await storeEntitySecrets(this.admission, id, config, secrets);
    const now = this.now();
    try {
      await this.repository.create({ id, name: input.name, creator: principal.name, tags: input.tags ?? [], config: stored, aiGateway, now });
    } catch (error) {
      if (await this.repository.findByName(input.name)) throw new CairnError('RESOURCE_ALREADY_EXISTS', `Serving endpoint ${input.name} already exists.`);
      throw error;
    }
    await auth.grantOwner(OBJECT, id, principal.id);
    await this.repository.audit({ principalId: principal.id, action: 'create', objectId: id, details: { name: input.name, config_version: 1 }, now });
    await this.live.apply(id, input.name, 1);
    return this.get(principal, input.name);
  }

  async get(principal: Principal, name: string): Promise<Record<string, unknown>> {
    const record = await this.requireRecord(principal, name, 'CAN_VIEW');
    return this.detailed(principal, record);
  }

  async list(principal: Principal): Promise<Array<Record<string, unknown>>> {
    const records = await this.repository.list();
    const visible = records.filter((record) => this.dependencies.auth.levelOn(principal, OBJECT, record.id) !== null);
    return Promise.all(
      visible.map(async (record) => {
        const current = await this.repository.getConfigVersion(record.id, record.currentConfigVersion);
        return listItemView(record, current, this.isReady(record.name), this.runningTask(record.name));
      }),
    );
  }

  async updateConfig(principal: Principal, name: string, input: EndpointConfigInput): Promise<Record<string, unknown>> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    if (record.configUpdate === 'IN_PROGRESS') {
      throw new CairnError('RESOURCE_CONFLICT', `Serving endpoint ${name} is already being updated; try again when it finishes.`);
    }
    const { config, secrets } = normalizeEndpointConfig(input);
    await checkEntities(this.admission, principal, config);
    const stored = await storeEntitySecrets(this.admission, record.id, config, secrets);
    const version = await this.repository.addConfigVersion(record.id, stored, principal.name, this.now());
    await this.repository.audit({ principalId: principal.id, action: 'update-config', objectId: record.id, details: { config_version: version }, now: this.now() });
    await this.live.apply(record.id, name, version);
    return this.get(principal, name);
  }

  /** Re-applies an earlier config version as a new version (history is append-only). */
  async rollback(principal: Principal, name: string, toVersion?: number): Promise<Record<string, unknown>> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    const target = toVersion ?? record.currentConfigVersion - 1;
    if (target < 1) throw new CairnError('INVALID_PARAMETER_VALUE', `Serving endpoint ${name} has no earlier config version to roll back to.`);
    const earlier = await this.repository.getConfigVersion(record.id, target);
    if (!earlier) throw new CairnError('RESOURCE_DOES_NOT_EXIST', `Serving endpoint ${name} has no config version ${target}.`);
    if (record.configUpdate === 'IN_PROGRESS') {
      throw new CairnError('RESOURCE_CONFLICT', `Serving endpoint ${name} is already being updated; try again when it finishes.`);
    }
    const version = await this.repository.addConfigVersion(record.id, earlier.config, principal.name, this.now());
    await this.repository.audit({ principalId: principal.id, action: 'rollback', objectId: record.id, details: { from: record.currentConfigVersion, to: target, config_version: version }, now: this.now() });
    await this.live.apply(record.id, name, version);
    return this.get(principal, name);
  }

  async listConfigVersions(principal: Principal, name: string): Promise<Array<Record<string, unknown>>> {
    const record = await this.requireRecord(principal, name, 'CAN_VIEW');
    const versions = await this.repository.listConfigVersions(record.id);
    return versions.map((version) => ({
      config_version: version.version,
      created_at: version.createdAt,
      created_by: version.createdBy ?? undefined,
      current: version.version === record.currentConfigVersion,
      served_entities: version.config.served_entities,
      traffic_config: version.config.traffic_config,
    }));
  }

  async delete(principal: Principal, name: string): Promise<void> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    await this.repository.delete(record.id);
    await this.repository.audit({ principalId: principal.id, action: 'delete', objectId: record.id, details: { name }, now: this.now() });
    await this.dependencies.auth.removeObject(OBJECT, record.id);
    const keys = await this.dependencies.secrets.list(endpointSecretScope).catch(() => []);
    await Promise.allSettled(keys.filter((entry) => entry.key.startsWith(`${record.id}.`)).map((entry) => this.dependencies.secrets.delete(endpointSecretScope, entry.key)));
    await this.dependencies.changeFeed.publish('endpoints', name);
  }

  async patchTags(principal: Principal, name: string, addTags: EndpointTag[], deleteTags: string[]): Promise<EndpointTag[]> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    const tags = new Map(record.tags.map((tag) => [tag.key, tag]));
    for (const key of deleteTags) tags.delete(key);
    for (const tag of addTags) tags.set(tag.key, tag);
    const result = [...tags.values()];
    await this.repository.setTags(record.id, result, this.now());
    await this.dependencies.changeFeed.publish('endpoints', name);
    return result;
  }

  /**
   * The endpoint's id and budgets for a principal who may query it (for the budgets API); from memory. Throws like
   * a query would (404 / 403).
   */
  budgetsFor(principal: Principal, name: string): { endpointId: string; budgets: EndpointPolicy['budgets'] } {
    const lease = this.acquireForQuery(principal, name, { allowDisabled: true });
    try {
      return { endpointId: lease.runtime.endpointId, budgets: lease.policy.budgets };
    } finally {
      lease.release();
    }
  }

  /** The endpoint's ai-gateway config as stored (Databricks' GET shape has it on the endpoint too). */
  async getAiGateway(principal: Principal, name: string): Promise<AiGatewayConfig> {
    const record = await this.requireRecord(principal, name, 'CAN_VIEW');
    return (record.aiGateway ?? {}) as AiGatewayConfig;
  }

  /**
   * Replaces the endpoint's ai-gateway config (Databricks' PUT semantics: the body is the whole config). Validated
   * and compiled before it is stored, so a config that cannot run is a 400, never a broken endpoint.
   */
  async putAiGateway(principal: Principal, name: string, input: unknown): Promise<AiGatewayConfig> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    const config = await this.policies.check(principal, input);
    await this.repository.setAiGateway(record.id, config, this.now());
    await this.repository.audit({ principalId: principal.id, action: 'update-ai-gateway', objectId: record.id, details: { ai_gateway: config }, now: this.now() });
    await this.live.refresh(name);
    await this.dependencies.changeFeed.publish('endpoints', name);
    return config;
  }

  /**
   * Disables an endpoint (a reason given) or re-enables it (null): while disabled its queries answer 503
   * ENDPOINT_DISABLED. Stored on the endpoint and fanned out through the change feed like a config change, so every
   * instance stops (and resumes) serving it. Needs CAN_MANAGE.
   */
  async setDisabled(principal: Principal, name: string, reason: string | null): Promise<Record<string, unknown>> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    const now = this.now();
    const value = reason === null ? null : { reason, by: principal.name, at: now };
    await this.repository.setDisabled(record.id, value, now);
    await this.repository.audit({ principalId: principal.id, action: reason === null ? 'enable' : 'disable', objectId: record.id, details: { reason }, now });
    await this.live.refresh(name);
    await this.dependencies.changeFeed.publish('endpoints', name);
    return this.get(principal, name);
  }

  /**
   * The served entity's recent runtime log lines (replica starts and exits, the model's console output), oldest
   * first: Databricks' `GET …/served-models/{name}/logs`. Needs CAN_MANAGE (a model may print what it was sent).
   */
  async entityLogs(principal: Principal, name: string, entityName: string, limit?: number): Promise<string[]> {
    const record = await this.requireRecord(principal, name, 'CAN_MANAGE');
    const runtime = this.live.get(record.name)?.runtime;
    const entity = runtime?.entities.get(entityName);
    if (!entity) {
      const current = await this.repository.getConfigVersion(record.id, record.currentConfigVersion);
      if (!current?.config.served_entities.some((candidate) => candidate.name === entityName)) {
        throw new CairnError('RESOURCE_DOES_NOT_EXIST', `Serving endpoint ${name} has no served entity ${entityName}.`);
      }
      const failure = this.live.get(record.name)?.failure;
      return failure ? [`${new Date(this.now()).toISOString()} [system] ${failure}`] : [];
    }
    return entity.pool?.logs(limit) ?? [];
  }

  async ensureDemoEndpoint(owner: Principal, name = 'demo-chat'): Promise<boolean> {
    if (await this.repository.findByName(name)) return false;
    await this.create(owner, {
      name,
      config: { served_entities: [{ name: 'demo-1', entity_name: 'demo', entity_version: '1' }] },
      tags: [{ key: 'cairn.demo', value: 'true' }],
    });
    return true;
  }

  /** The task of the endpoint's running registry model, from its capabilities; undefined when none runs or it is external. */
  private runningTask(name: string): string | null | undefined {
    const first = this.live.get(name)?.runtime?.entities.values().next().value;
    if (!first || first.entity.external_model) return undefined;
    return taskOfCapabilities(first.model.capabilities);
  }

  private isReady(name: string): boolean {
    return this.live.get(name)?.runtime !== undefined;
  }

  private async requireRecord(principal: Principal, name: string, level: 'CAN_VIEW' | 'CAN_QUERY' | 'CAN_MANAGE'): Promise<EndpointRecord> {
    const notFound = `Serving endpoint ${name} does not exist.`;
    const record = await this.repository.findByName(name);
    if (!record) throw new CairnError('RESOURCE_DOES_NOT_EXIST', notFound);
    this.dependencies.auth.require(principal, OBJECT, record.id, level, notFound);
    return record;
  }

  private async detailed(principal: Principal, record: EndpointRecord): Promise<Record<string, unknown>> {
    const current = await this.repository.getConfigVersion(record.id, record.currentConfigVersion);
    const latest = await this.repository.latestConfigVersion(record.id);
    const pending = record.configUpdate === 'IN_PROGRESS' && latest !== record.currentConfigVersion
      ? await this.repository.getConfigVersion(record.id, latest)
      : undefined;
    const cached = this.live.get(record.name);
    const running = cached?.runtime?.configVersion === record.currentConfigVersion ? cached.runtime : undefined;
    const states = entityStates(current?.config.served_entities ?? [], running, cached?.failure);
    // A first config that is still building has no current config in Databricks' sense.
    const hasServed = cached?.runtime !== undefined || record.configUpdate !== 'IN_PROGRESS' || record.currentConfigVersion !== latest;
    return detailedView({
      record,
      current: hasServed ? current : undefined,
      pending: pending ?? (!hasServed ? current : undefined),
      ready: this.isReady(record.name),
      entityStates: states,
      permissionLevel: this.dependencies.auth.levelOn(principal, OBJECT, record.id),
      runningTask: this.runningTask(record.name),
    });
  }
}
