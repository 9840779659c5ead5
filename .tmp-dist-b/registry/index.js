import { CairnError } from '../errors/index.js';
import { ensureDemoModel } from './demo-model.js';
import { modelVersionOperations } from './model-version-operations.js';
import { registeredModelOperations } from './registered-model-operations.js';
import { modelNotFoundMessage, OBJECT_TYPE, versionNotFoundMessage } from './registry-context.js';
import { findModelById, findModelByName, findVersion, hydrateVersion } from './registry-rows.js';
import { parseVersion } from './registry-validation.js';
import { dialectOf } from './search-sql.js';
export { DEMO_MODEL_SOURCE, stages } from './types.js';
export { DEMO_MODEL_NAME } from './demo-model.js';
export { registryLimits } from './registry-validation.js';
export { filterLimits } from './search-filter.js';
export { pageLimits } from './search-paging.js';
export function createRegistry(dependencies) {
    const context = {
        db: dependencies.db,
        dialect: dialectOf(dependencies.db),
        changeFeed: dependencies.changeFeed,
        auth: dependencies.auth,
        logger: dependencies.logger,
        now: dependencies.now ?? Date.now,
    };
    const registrar = dependencies.auth;
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
            if (!model)
                throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(name));
            const row = await findVersion(context.db, model, number);
            if (!row)
                throw new CairnError('RESOURCE_DOES_NOT_EXIST', versionNotFoundMessage(name, number));
            return hydrateVersion(context.db, row);
        },
        async getModelId(name) {
            const model = await findModelByName(context.db, name);
            if (!model)
                throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(name));
            return model.id;
        },
    };
}
//# sourceMappingURL=index.js.map