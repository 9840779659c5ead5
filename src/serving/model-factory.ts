import type { Logger } from 'pino';
import type { SecretStore } from '../auth/index.js';
import type { CairnConfig } from '../config/index.js';
import { CairnError } from '../errors/index.js';
import { createDemoModel, type ReplicaFactory } from '../providers/index.js';
import { createJsReplicaFactory } from '../providers/js/index.js';
import { DEMO_MODEL_SOURCE, type ModelVersionResolver, type PackageResolver } from '../registry/index.js';
import type { StoredServedEntity } from './endpoint-config.js';
import type { ServedEntityRuntime } from './endpoint-runtime.js';
import { externalModelBuilders } from './external-models.js';
import { createReplicaPool, inProcessReplicaFactory, type PoolMetrics, sizingOf, upstreamReplicaFactory } from './pool/index.js';
import { compileSignature } from './signature/index.js';

export { supportedExternalProviders } from './external-models.js';

export interface ModelFactoryDependencies {
  registry: ModelVersionResolver;
  /** Model packages (custom JS models); absent in tests that serve only the demo and external models. */
  packages?: PackageResolver;
  secrets: SecretStore;
  /** `providers.allow_private_networks` from the config. */
  allowPrivateNetworks: boolean;
  /** The `models` config section: JS replica defaults and pool settings. */
  models: CairnConfig['models'];
  poolMetrics: PoolMetrics;
  logger: Logger;
}

/**
 * Builds the model behind one served entity, behind its replica pool, and starts the pool's first replicas (so a
 * model that cannot load fails the config update, not its first caller). Runs on config changes, never per request.
 */
export async function createServedEntity(entity: StoredServedEntity, endpointName: string, dependencies: ModelFactoryDependencies): Promise<ServedEntityRuntime> {
  const built = await buildFactory(entity, dependencies);
  const sizing = sizingOf(entity, built.factory.replicaConcurrency, built.factory.kind);
  const pool = createReplicaPool({
    endpointName,
    entityName: entity.name,
    factory: built.factory,
    sizing,
    settings: dependencies.models.pools,
    metrics: dependencies.poolMetrics,
    logger: dependencies.logger,
  });
  try {
    await pool.start();
  } catch (error) {
    await pool.close().catch(() => undefined);
    throw error;
  }
  return { entity, model: pool.model, pool, signature: built.signature, modelName: built.modelName, modelVersion: built.modelVersion };
}

interface BuiltFactory {
  factory: ReplicaFactory;
  modelName: string;
  modelVersion: string | null;
  signature: ServedEntityRuntime['signature'];
}

async function buildFactory(entity: StoredServedEntity, dependencies: ModelFactoryDependencies): Promise<BuiltFactory> {
  if (entity.external_model) {
    const external = entity.external_model;
    const build = externalModelBuilders[external.provider];
    if (!build) throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: provider ${external.provider} is not supported.`);
    const model = await build(entity, dependencies);
    return { factory: upstreamReplicaFactory(model), modelName: external.name, modelVersion: null, signature: undefined };
  }
  const name = entity.entity_name ?? '';
  const version = entity.entity_version ?? '';
  const modelVersion = await dependencies.registry.getModelVersion(name, version);
  if (modelVersion.source === DEMO_MODEL_SOURCE) {
    return { factory: inProcessReplicaFactory(createDemoModel()), modelName: name, modelVersion: version, signature: undefined };
  }
  if (dependencies.packages && modelVersion.source.startsWith('cairn-package://')) {
    const materialized = await dependencies.packages.materialize(name, version, modelVersion.source);
    const { manifest } = materialized;
    const js = dependencies.models.js;
    const factory = createJsReplicaFactory({
      packageDir: materialized.dir,
      entry: materialized.js.entry,
      capabilities: [...materialized.capabilities],
      inputExample: manifest.input_example,
      manifest: manifest as Record<string, unknown>,
      modelName: `${name}/${version}`,
      memoryMb: manifest.resources?.memory_mb ?? js.memory_mb,
      callTimeoutMs: manifest.resources?.timeout_ms ?? js.call_timeout_ms,
      startTimeoutMs: js.start_timeout_ms,
      replicaConcurrency: manifest.resources?.concurrency ?? js.replica_concurrency,
      verify: () => materialized.verify(),
    });
    return { factory, modelName: name, modelVersion: version, signature: compileSignature(manifest.signature) };
  }
  throw new CairnError(
    'INVALID_PARAMETER_VALUE',
    `Model ${name} version ${version} has source ${modelVersion.source}, which Cairn cannot serve (register a model package to serve custom models).`,
  );
}
