import type { PrincipalKind } from '../storage/index.js';

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
  /** Resolves a raw token value (no `Bearer ` prefix) to its principal; throws UNAUTHENTICATED. */
  authenticate(token: string | undefined): Principal;
  /** The highest level the principal holds on the object (directly, via a group, or as admin), or null. */
  levelOn(principal: Principal, objectType: ObjectType, objectId: string): PermissionLevel | null;
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
export interface SecretStore {
  put(scope: string, key: string, value: string): Promise<void>;
  /** Decrypts; throws RESOURCE_DOES_NOT_EXIST when absent. */
  get(scope: string, key: string): Promise<string>;
  delete(scope: string, key: string): Promise<void>;
  list(scope: string): Promise<Array<{ key: string; last_updated_timestamp: number }>>;
}
