import { randomUUID } from 'node:crypto';
import { CairnError } from '../errors/index.js';
import { insertModelVersion } from './model-version-operations.js';
import { isUniqueViolation, OBJECT_TYPE, publishChange, writeAudit } from './registry-context.js';
import { DELETED_STAGE, findModelByName, hydrateVersion } from './registry-rows.js';
import { DEMO_MODEL_SOURCE } from './types.js';
export const DEMO_MODEL_NAME = 'demo';
const demoDescription = "Cairn's built-in demo model: a small n-gram language model and hashed character n-gram embeddings that run " +
    'inside Cairn, so the platform works without any provider. It is a demo, not a real LLM.';
async function principalName(context, principalId) {
    const row = await context.db.selectFrom('principals').select('name').where('id', '=', principalId).executeTakeFirst();
    return row?.name ?? principalId;
}
async function createDemoModel(context, ownerId, ownerName) {
    const id = randomUUID();
    const now = context.now();
    try {
        await context.db.transaction().execute(async (transaction) => {
            await transaction
                .insertInto('registered_models')
                .values({ id, name: DEMO_MODEL_NAME, description: demoDescription, creation_timestamp: now, last_updated_timestamp: now, user_id: ownerName })
                .execute();
            await writeAudit(transaction, context, null, 'registered-models/create', id, { name: DEMO_MODEL_NAME, builtin: true });
        });
    }
    catch (error) {
        // Another instance sharing the database registered it first; theirs is as good as ours.
        if (isUniqueViolation(error))
            return;
        throw error;
    }
    await context.auth.grantOwner(OBJECT_TYPE, id, ownerId);
}
async function lowestDemoVersion(context, model) {
    const row = await context.db
        .selectFrom('model_versions')
        .selectAll()
        .where('model_id', '=', model.id)
        .where('source', '=', DEMO_MODEL_SOURCE)
        .where('current_stage', '!=', DELETED_STAGE)
        .orderBy('version')
        .limit(1)
        .executeTakeFirst();
    return row ? { ...row, name: model.name } : undefined;
}
/**
 * Registers model `demo` with a version whose source is the built-in demo provider, unless one exists.
 * Idempotent, and safe when several instances start at once.
 */
export async function ensureDemoModel(context, ownerId) {
    const ownerName = await principalName(context, ownerId);
    let model = await findModelByName(context.db, DEMO_MODEL_NAME);
    if (!model) {
        await createDemoModel(context, ownerId, ownerName);
        model = await findModelByName(context.db, DEMO_MODEL_NAME);
        if (!model)
            throw new CairnError('INTERNAL_ERROR', 'The demo model vanished right after it was registered.');
    }
    let version = await lowestDemoVersion(context, model);
    if (!version) {
        if (model.description !== demoDescription) {
            context.logger.warn({ model: DEMO_MODEL_NAME }, `a registered model named ${DEMO_MODEL_NAME} exists; adding a ${DEMO_MODEL_SOURCE} version to it`);
        }
        await insertModelVersion(context, model, ownerName, { name: DEMO_MODEL_NAME, source: DEMO_MODEL_SOURCE, description: demoDescription });
        await publishChange(context, DEMO_MODEL_NAME);
        version = await lowestDemoVersion(context, model);
        if (!version)
            throw new CairnError('INTERNAL_ERROR', 'The demo model version vanished right after it was registered.');
    }
    return hydrateVersion(context.db, version);
}
//# sourceMappingURL=demo-model.js.map