import type { Logger } from 'pino';
import type { Authorizer, ModelPermissionLevel, Principal } from '../auth/types.js';
import { CairnError } from '../errors/index.js';
import type { ChangeFeed, Db } from '../storage/index.js';
import type { RegistryEvent, RegistryEventListener } from './events.js';
import { findModelByName, findVersion, type ModelRow, type VersionRow } from './registry-rows.js';
import { parseVersion } from './registry-validation.js';
import type { SqlDialect } from './search-sql.js';
import type { PackageStore } from './packages/package-store.js';

/** What every registry operation shares: storage, permissions, audit, change fan-out and the clock. */
export interface RegistryContext {
  db: Db;
  dialect: SqlDialect;
  changeFeed: ChangeFeed;
  auth: Authorizer;
  logger: Logger;
  now: () => number;
  /** Model packages: versions with a `cairn-package://` source are installed in the background (absent: refused). */
  packages?: Pick<PackageStore, 'get' | 'scheduleInstall'>;
  /** Told of each committed change (webhooks); absent when nothing listens. */
  onEvent?: RegistryEventListener | undefined;
}

export const OBJECT_TYPE = 'registered-models';

export function modelNotFoundMessage(name: string): string {
  return `Registered Model with name=${name} not found.`;
}

export function versionNotFoundMessage(name: string, version: string | number): string {
  return `Model Version (name=${name}, version=${version}) not found.`;
}

/**
 * Loads a model and checks the caller's level on it. A missing model and a model the caller may not see
 * give the same 404, so names cannot be probed.
 */
export async function loadModel(context: RegistryContext, principal: Principal, name: string, level: ModelPermissionLevel): Promise<ModelRow> {
  const model = await findModelByName(context.db, name);
  if (!model) throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(name));
  context.auth.require(principal, OBJECT_TYPE, model.id, level, modelNotFoundMessage(name));
  return model;
}

export async function loadVersion(
  context: RegistryContext,
  principal: Principal,
  name: string,
  version: string | number,
  level: ModelPermissionLevel,
): Promise<{ model: ModelRow; version: VersionRow }> {
  const number = parseVersion(version);
  const model = await loadModel(context, principal, name, level);
  const row = await findVersion(context.db, model, number);
  if (!row) throw new CairnError('RESOURCE_DOES_NOT_EXIST', versionNotFoundMessage(name, number));
  return { model, version: row };
}

export function canRead(context: RegistryContext, principal: Principal, modelId: string): boolean {
  return context.auth.levelOn(principal, OBJECT_TYPE, modelId) !== null;
}

/** One audit row per security-relevant registry change (SEC-SC-1: alias moves are audited). */
export async function writeAudit(
  executor: Db,
  context: RegistryContext,
  principal: Principal | null,
  action: string,
  modelId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({ time: context.now(), principal_id: principal?.id ?? null, action, object_type: OBJECT_TYPE, object_id: modelId, details: JSON.stringify(details) })
    .execute();
}

/**
 * Tells serving caches on every instance that a model changed. The write is already committed, so a failed
 * publish is logged rather than turned into an error the client would retry.
 */
export async function publishChange(context: RegistryContext, ...names: string[]): Promise<void> {
  for (const name of new Set(names)) {
    try {
      await context.changeFeed.publish('registry', name);
    } catch (error) {
      context.logger.error({ err: error, model: name }, 'registry change publish failed');
    }
  }
}

/** Hands a committed change to the listener; a listener failure is logged, never turned into a client error. */
export function emitEvent(context: RegistryContext, event: RegistryEvent): void {
  if (!context.onEvent) return;
  try {
    context.onEvent(event);
  } catch (error) {
    context.logger.error({ err: error, event: `${event.entity}.${event.action}` }, 'registry event listener failed');
  }
}

/** PostgreSQL 23505 / SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY: a concurrent writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
