import { CairnError } from '../errors/index.js';
import { findModelByName, findVersion } from './registry-rows.js';
import { parseVersion } from './registry-validation.js';
export const OBJECT_TYPE = 'registered-models';
export function modelNotFoundMessage(name) {
    return `Registered Model with name=${name} not found.`;
}
export function versionNotFoundMessage(name, version) {
    return `Model Version (name=${name}, version=${version}) not found.`;
}
/**
 * Loads a model and checks the caller's level on it. A missing model and a model the caller may not see
 * give the same 404, so names cannot be probed.
 */
export async function loadModel(context, principal, name, level) {
    const model = await findModelByName(context.db, name);
    if (!model)
        throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(name));
    context.auth.require(principal, OBJECT_TYPE, model.id, level, modelNotFoundMessage(name));
    return model;
}
export async function loadVersion(context, principal, name, version, level) {
    const number = parseVersion(version);
    const model = await loadModel(context, principal, name, level);
    const row = await findVersion(context.db, model, number);
    if (!row)
        throw new CairnError('RESOURCE_DOES_NOT_EXIST', versionNotFoundMessage(name, number));
    return { model, version: row };
}
export function canRead(context, principal, modelId) {
    return context.auth.levelOn(principal, OBJECT_TYPE, modelId) !== null;
}
/** One audit row per security-relevant registry change (SEC-SC-1: alias moves are audited). */
export async function writeAudit(executor, context, principal, action, modelId, details) {
    await executor
        .insertInto('audit_log')
        .values({ time: context.now(), principal_id: principal?.id ?? null, action, object_type: OBJECT_TYPE, object_id: modelId, details: JSON.stringify(details) })
        .execute();
}
/**
 * Tells serving caches on every instance that a model changed. The write is already committed, so a failed
 * publish is logged rather than turned into an error the client would retry.
 */
export async function publishChange(context, ...names) {
    for (const name of new Set(names)) {
        try {
            await context.changeFeed.publish('registry', name);
        }
        catch (error) {
            context.logger.error({ err: error, model: name }, 'registry change publish failed');
        }
    }
}
/** PostgreSQL 23505 / SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY: a concurrent writer got there first. */
export function isUniqueViolation(error) {
    const code = error?.code;
    return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
//# sourceMappingURL=registry-context.js.map