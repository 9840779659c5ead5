// STUB — replaced by the registry implementation.
import type { Logger } from 'pino';
import type { AuthService } from '../auth/index.js';
import { errors } from '../errors/index.js';
import type { ChangeFeed, Db } from '../storage/index.js';
import { DEMO_MODEL_SOURCE, type ModelVersion, type ModelVersionResolver } from './types.js';

export type * from './types.js';
export { DEMO_MODEL_SOURCE } from './types.js';

export interface RegistryDependencies {
  db: Db;
  changeFeed: ChangeFeed;
  auth: AuthService;
  logger: Logger;
}

export interface RegistryService extends ModelVersionResolver {
  /** Registers model `demo` version 1 (source builtin://demo) if absent. */
  ensureDemoModel(ownerId: string): Promise<ModelVersion>;
}

export function createRegistry(_dependencies: RegistryDependencies): RegistryService {
  const demo: ModelVersion = {
    name: 'demo', version: '1', creation_timestamp: 0, last_updated_timestamp: 0, current_stage: 'None',
    description: 'Built-in demo model', source: DEMO_MODEL_SOURCE, run_id: '', status: 'READY', tags: [], aliases: [],
  };
  return {
    async getModelVersion(name, version) {
      if (name === 'demo' && version === '1') return demo;
      throw errors.notFound(`Model ${name} version ${version} does not exist.`);
    },
    async getModelId(name) {
      if (name === 'demo') return 'demo';
      throw errors.notFound(`Registered model ${name} does not exist.`);
    },
    ensureDemoModel: async () => demo,
  };
}
