import { errors } from '../errors/index.js';
import type { AuthContext } from './auth-context.js';
import { isLevelOf } from './permission-levels.js';
import type { Grant, ObjectType, PermissionLevel, PrincipalRecord } from './types.js';

export interface GrantWithPrincipal {
  principal: PrincipalRecord;
  level: PermissionLevel;
}

/** Direct grants on objects, for the permissions routes and the CLI. */
export interface PermissionAdmin {
  list(objectType: ObjectType, objectId: string): Promise<GrantWithPrincipal[]>;
  /**
   * Sets the listed principals' levels (`replace`: drops every grant not listed). Levels must belong to
   * the object type and principals must exist, else INVALID_PARAMETER_VALUE and nothing changes.
   */
  update(objectType: ObjectType, objectId: string, grants: readonly Grant[], options: { replace: boolean; actorId: string | null }): Promise<void>;
}

export function createPermissionAdmin(context: AuthContext): PermissionAdmin {
  return {
    async list(objectType, objectId) {
      const grants = await context.permissions.list(objectType, objectId);
      const result: GrantWithPrincipal[] = [];
      for (const grant of grants) {
        const principal = await context.principals.get(grant.principalId);
        if (principal) result.push({ principal, level: grant.level });
      }
      return result;
    },

    async update(objectType, objectId, grants, options) {
      for (const grant of grants) {
        if (!isLevelOf(objectType, grant.level)) {
          throw errors.invalid(`Permission level ${grant.level} is not valid for ${objectType}.`);
        }
        if (!(await context.principals.get(grant.principalId))) throw errors.invalid(`Principal ${grant.principalId} does not exist.`);
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
