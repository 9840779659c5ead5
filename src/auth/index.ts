// STUB — replaced by the auth implementation.
import type { Logger } from 'pino';
import type { CairnConfig } from '../config/index.js';
import { errors } from '../errors/index.js';
import type { ChangeFeed, Db } from '../storage/index.js';
import type { Authorizer, ObjectType, PermissionLevel, Principal, SecretStore } from './types.js';

export type * from './types.js';

export interface AuthDependencies {
  db: Db;
  changeFeed: ChangeFeed;
  logger: Logger;
  config: Readonly<CairnConfig>;
}

export interface AuthService extends Authorizer {
  /** Creates the first admin (or the fixed CAIRN_ADMIN_TOKEN admin) when none exists; returns a new token value to print once. */
  bootstrapAdmin(): Promise<{ principal: Principal; newToken: string | null }>;
  close(): void;
}

export async function createAuth(_dependencies: AuthDependencies): Promise<AuthService> {
  const admin: Principal = { id: 'admin', kind: 'user', name: 'admin', displayName: 'admin', isAdmin: true, groupIds: [] };
  return {
    authenticate(token) {
      if (!token) throw errors.unauthenticated();
      return admin;
    },
    levelOn: (_p: Principal, _t: ObjectType, _o: string): PermissionLevel | null => 'CAN_MANAGE',
    require() {},
    canCreate: () => true,
    grantOwner: async () => {},
    removeObject: async () => {},
    bootstrapAdmin: async () => ({ principal: admin, newToken: null }),
    close() {},
  };
}

export function createSecretStore(_options: { db: Db; dataDir: string; secretKey: string | undefined }): SecretStore {
  const values = new Map<string, string>();
  return {
    put: async (scope, key, value) => void values.set(`${scope}/${key}`, value),
    get: async (scope, key) => {
      const value = values.get(`${scope}/${key}`);
      if (value === undefined) throw errors.notFound(`Secret ${scope}/${key} does not exist.`);
      return value;
    },
    delete: async (scope, key) => void values.delete(`${scope}/${key}`),
    list: async () => [],
  };
}
