import type { Logger } from 'pino';
import type { Authorizer, ObjectType } from '../auth/index.js';
import { CairnError } from '../errors/index.js';
import type { ChangeFeed, Db } from '../storage/index.js';
import { ensureDemoModel } from './demo-model.js';
import type { PackageStore } from './packages/package-store.js';
import type { RegistryEvent } from './events.js';
import { type ModelVersionOperations, modelVersionOperations } from './model-version-operations.js';
import { type RegisteredModelOperations, registeredModelOperations } from './registered-model-operations.js';
import { modelNotFoundMessage, OBJECT_TYPE, type RegistryContext, versionNotFoundMessage } from './registry-context.js';
import { findModelById, findModelByName, findVersion, hydrateVersion } from './registry-rows.js';
import { parseVersion } from './registry-validation.js';
import { dialectOf } from './search-sql.js';
import type { ModelVersion, ModelVersionResolver } from './types.js';

export type * from './types.js';
export { DEMO_MODEL_SOURCE, stages } from './types.js';
export type { MaterializedPackage, PackageResolver, StoredPackage } from './packages/types.js';
export { digestOfSource, knownFlavors, manifestSchema, packageSource, type PackageManifest, type PackageFile } from './packages/manifest.js';
export type { RegisteredModelOperations } from './registered-model-operations.js';
export type { CreateModelVersionRequest, ModelVersionOperations } from './model-version-operations.js';
export { DEMO_MODEL_NAME } from './demo-model.js';
export { createPackageStore, packageView, type PackageStore, type PackageStoreDependencies } from './packages/package-store.js';
export { eventName, registryEventNames, type RegistryEvent, type RegistryEventListener, type RegistryEventName } from './events.js';
export { registryLimits } from './registry-validation.js';
export { filterLimits } from './search-filter.js';
export { pageLimits } from './search-paging.js';

export interface RegistryDependencies {
  db: Db;
  changeFeed: ChangeFeed;
  /** The request-path permission checks (the app passes its AuthService). */
  auth: Authorizer;
  logger: Logger;
  /** Clock for timestamps; tests inject one to order by time exactly. */
  now?: () => number;
  /** Told of each committed change (registry webhooks); must not throw or block. */
  onEvent?: (event: RegistryEvent) => void;
  /** The model package store; without it, versions with a `cairn-package://` source are refused. */
  packages?: PackageStore;
}

/**
 * The model registry: MLflow's registered models and versions, with permissions (object type
 * `registered-models`), audit rows and change events. The resolver methods serve serving's config changes
 * and check no permission: serving checks the endpoint creator's rights itself.
 */
export interface RegistryService extends ModelVersionResolver {
  registeredModels: RegisteredModelOperations;
  modelVersions: ModelVersionOperations;
  /** Registers model `demo` with a version whose source is DEMO_MODEL_SOURCE (version 1 on a fresh database) if absent. */
  ensureDemoModel(ownerId: string): Promise<ModelVersion>;
}

/** The permissions API asks each area whether an object id exists; auth may or may not offer this yet. */
interface ObjectResolverRegistrar {
  registerObjectResolver(objectType: ObjectType, resolver: (objectId: string) => Promise<boolean>): void;
}

export function createRegistry(dependencies: RegistryDependencies): RegistryService {
  const context: RegistryContext = {
    db: dependencies.db,
    dialect: dialectOf(dependencies.db),
    changeFeed: dependencies.changeFeed,
    auth: dependencies.auth,
    logger: dependencies.logger,
    now: dependencies.now ?? Date.now,
    onEvent: dependencies.onEvent,
    packages: dependencies.packages,
  };

  const registrar = dependencies.auth as Partial<ObjectResolverRegistrar>;
  if (typeof registrar.registerObjectResolver === 'function') {
    registrar.registerObjectResolver(OBJECT_TYPE, async (id) => (await findModelById(context.db, id)) !== undefined);
  }

  return {
    registeredModels: registeredModelOperations(context),
    modelVersions: modelVersionOperations(context),
    ensureDemoModel: (ownerId) => ensureDemoModel(context, ownerId),

    async getModelVersion(name, version) {
      const number = parseVersion(version);
      const model = await findModelByName(context.db, name);
      if (!model) throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(name));
      const row = await findVersion(context.db, model, number);
      if (!row) throw new CairnError('RESOURCE_DOES_NOT_EXIST', versionNotFoundMessage(name, number));
      return hydrateVersion(context.db, row);
    },

    async getModelId(name) {
      const model = await findModelByName(context.db, name);
      if (!model) throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(name));
      return model.id;
    },
  };
}
