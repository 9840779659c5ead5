import type { Logger } from 'pino';
import type { Db } from '../storage/index.js';
import type { AuditEntry } from './audit.js';
import type { AuthCache } from './auth-cache.js';
import type { PermissionStore } from './permission-store.js';
import type { PrincipalStore } from './principal-store.js';
import type { TokenStore } from './token-store.js';

/** What the parts of the auth service share; built once by `createAuth`. */
export interface AuthContext {
  db: Db;
  logger: Logger;
  now: () => number;
  cache: AuthCache;
  principals: PrincipalStore;
  tokens: TokenStore;
  permissions: PermissionStore;
  /** Publishes an `auth` change for other instances and waits until this instance's cache has it. */
  changed(key: string | null): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}
