import type { Authorizer, ModelPermissionLevel, ObjectType, PermissionLevel, Principal } from '../../auth/types.js';
import { CairnError } from '../../errors/index.js';

const rank: Record<string, number> = { CAN_READ: 1, CAN_VIEW: 1, CAN_EDIT: 2, CAN_QUERY: 2, CAN_MANAGE: 3 };

/** An in-memory Authorizer with the contract of `src/auth/types.ts`, for registry tests independent of auth. */
export interface FakeAuthorizer extends Authorizer {
  grant(objectId: string, principalId: string, level: ModelPermissionLevel): void;
  /** Objects whose grants were dropped through removeObject. */
  removed: string[];
  /** Principals that may not create (service principals in the real implementation). */
  denyCreate: Set<string>;
}

export function principal(id: string, options: Partial<Principal> = {}): Principal {
  return { id, kind: 'user', name: id, displayName: id, isAdmin: false, groupIds: [], ...options };
}

export function createFakeAuthorizer(): FakeAuthorizer {
  const grants = new Map<string, Map<string, PermissionLevel>>();
  const fake: FakeAuthorizer = {
    removed: [],
    denyCreate: new Set(),
    authenticate: () => {
      throw new CairnError('UNAUTHENTICATED', 'not used in registry tests');
    },
    groupNamesOf: () => [],
    levelOn(who: Principal, _type: ObjectType, objectId: string) {
      if (who.isAdmin) return 'CAN_MANAGE';
      return grants.get(objectId)?.get(who.id) ?? null;
    },
    require(who, type, objectId, level, notFoundMessage) {
      const held = fake.levelOn(who, type, objectId);
      if (!held) throw new CairnError('RESOURCE_DOES_NOT_EXIST', notFoundMessage);
      if (rank[held]! < rank[level]!) throw new CairnError('PERMISSION_DENIED', `${level} is required.`);
    },
    canCreate: (who) => who.isAdmin || !fake.denyCreate.has(who.id),
    async grantOwner(_type, objectId, principalId) {
      fake.grant(objectId, principalId, 'CAN_MANAGE');
    },
    async removeObject(_type, objectId) {
      grants.delete(objectId);
      fake.removed.push(objectId);
    },
    grant(objectId, principalId, level) {
      const forObject = grants.get(objectId) ?? new Map<string, PermissionLevel>();
      forObject.set(principalId, level);
      grants.set(objectId, forObject);
    },
  };
  return fake;
}
