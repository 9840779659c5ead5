import { errors } from '../errors/index.js';
import { isLevelOf } from './permission-levels.js';
export function createPermissionAdmin(context) {
    return {
        async list(objectType, objectId) {
            const grants = await context.permissions.list(objectType, objectId);
            const result = [];
            for (const grant of grants) {
                const principal = await context.principals.get(grant.principalId);
                if (principal)
                    result.push({ principal, level: grant.level });
            }
            return result;
        },
        async update(objectType, objectId, grants, options) {
            for (const grant of grants) {
                if (!isLevelOf(objectType, grant.level)) {
                    throw errors.invalid(`Permission level ${grant.level} is not valid for ${objectType}.`);
                }
                if (!(await context.principals.get(grant.principalId)))
                    throw errors.invalid(`Principal ${grant.principalId} does not exist.`);
            }
            await context.permissions.set(objectType, objectId, grants, options.replace);
            await context.audit({
                principalId: options.actorId,
                action: options.replace ? 'permissions.set' : 'permissions.update',
                objectType,
                objectId,
                details: { grants: grants.map((grant) => ({ principal_id: grant.principalId, level: grant.level })) },
            });
            await context.changed(`${objectType}/${objectId}`);
        },
    };
}
//# sourceMappingURL=permission-admin.js.map