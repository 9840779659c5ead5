import type { PrincipalKind } from '../storage/index.js';
export type { PrincipalKind } from '../storage/index.js';

export type ObjectType = 'serving-endpoints' | 'registered-models';

/**
 * Serving endpoints: CAN_VIEW < CAN_QUERY < CAN_MANAGE (Databricks).
 * Registered models: CAN_READ < CAN_EDIT < CAN_MANAGE (Databricks model permissions).
 */
export type EndpointPermissionLevel = 'CAN_VIEW' | 'CAN_QUERY' | 'CAN_MANAGE';
export type ModelPermissionLevel = 'CAN_READ' | 'CAN_EDIT' | 'CAN_MANAGE';
export type PermissionLevel = EndpointPermissionLevel | ModelPermissionLevel;

export interface Principal {
  id: string;
  kind: PrincipalKind;
  /** user name / application id / group name */
  name: string;
  displayName: string;
  isAdmin: boolean;
  /** Groups the principal belongs to (direct membership). */
  groupIds: readonly string[];
  /** Id of the token used for this request (absent for internal calls). */
  tokenId?: string;
}

/**
 * The request-path side of auth. Everything here is answered from memory (kept fresh by the change feed),
 * so authenticating and authorising a query costs no database round trip.
 */
export interface Authorizer {
  /**
   * Resolves a raw token value (no `Bearer ` prefix) to its principal; throws UNAUTHENTICATED.
   * With `sourceIp` (the HTTP edge passes it) failed attempts are counted per source, and a source with
   * too many distinct bad tokens in a minute gets REQUEST_LIMIT_EXCEEDED with `Retry-After` (SEC API2).
   */
  authenticate(token: string | undefined, sourceIp?: string): Principal;
  /** The highest level the principal holds on the object (directly, via a group, or as admin), or null. */
  levelOn(principal: Principal, objectType: ObjectType, objectId: string): PermissionLevel | null;
  /** Names of every group the principal belongs to, directly or through other groups; from memory. */
  groupNamesOf(principal: Principal): readonly string[];
  /**
   * Throws RESOURCE_DOES_NOT_EXIST (404, with `notFoundMessage`) when the principal may not even view the
   * object, PERMISSION_DENIED (403) when it may view but lacks `level`.
   */
  require(principal: Principal, objectType: ObjectType, objectId: string, level: PermissionLevel, notFoundMessage: string): void;
  /** Whether the principal may create objects of this type (admins and users; service principals only if admin). */
  canCreate(principal: Principal, objectType: ObjectType): boolean;
  /** Gives the creator CAN_MANAGE on a new object. */
  grantOwner(objectType: ObjectType, objectId: string, principalId: string): Promise<void>;
  /** Drops every grant on a deleted object. */
  removeObject(objectType: ObjectType, objectId: string): Promise<void>;
}

/** Secrets encrypted at rest (AES-256-GCM); values never leave through the API or logs. */
export interface SecretStore extends SecretScopes {
  put(scope: string, key: string, value: string): Promise<void>;
  /** Decrypts; throws RESOURCE_DOES_NOT_EXIST when absent. */
  get(scope: string, key: string): Promise<string>;
  delete(scope: string, key: string): Promise<void>;
  /** Throws RESOURCE_DOES_NOT_EXIST when the scope does not exist. */
  list(scope: string): Promise<Array<{ key: string; last_updated_timestamp: number }>>;
}

/** What `lifetime_seconds`, listing and revocation need to know about a token; never its value or hash. */
export interface TokenInfo {
  id: string;
  principalId: string;
  comment: string;
  createdAt: number;
  /** null when the token never expires. */
  expiresAt: number | null;
  /** Principal that created the token (differs from `principalId` for on-behalf-of tokens). */
  createdBy: string | null;
}

export interface CreatedToken {
  /** The token value, shown once; only its hash is stored. */
  value: string;
  info: TokenInfo;
}

/** A stored principal as the admin API sees it. `isAdmin` is the principal's own flag. */
export interface PrincipalRecord {
  id: string;
  kind: PrincipalKind;
  name: string;
  displayName: string;
  isAdmin: boolean;
  active: boolean;
  createdAt: number;
}

/** One direct grant on an object. */
export interface Grant {
  principalId: string;
  level: PermissionLevel;
}

/** Tells auth whether an object of a type exists (serving and registry register one each). */
export type ObjectResolver = (objectId: string) => Promise<boolean>;

/** Secret scopes (Databricks `secrets/scopes/*`); `put` creates a missing scope, the HTTP route does not. */
export interface SecretScopes {
  createScope(scope: string): Promise<void>;
  deleteScope(scope: string): Promise<void>;
  listScopes(): Promise<string[]>;
  hasScope(scope: string): Promise<boolean>;
}
