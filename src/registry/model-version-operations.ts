import type { Principal } from '../auth/types.js';
import { CairnError } from '../errors/index.js';
import type { Db } from '../storage/index.js';
import { tagObject } from './events.js';
import { checkPackageSource } from './packages/package-source-check.js';
import {
  canRead,
  emitEvent,
  isUniqueViolation,
  loadModel,
  loadVersion,
  modelNotFoundMessage,
  OBJECT_TYPE,
  publishChange,
  type RegistryContext,
  versionNotFoundMessage,
  writeAudit,
} from './registry-context.js';
import { DELETED_STAGE, findVersion, hydrateVersion, hydrateVersions, type ModelRow } from './registry-rows.js';
import { collectReadablePage, fetchVersionRows } from './registry-search.js';
import { canonicalStage, checkDescription, checkRunFields, checkSource, checkTag, checkTags } from './registry-validation.js';
import { formatFilter, modelVersionFilterSpec, parseFilter } from './search-filter.js';
import { decodePageToken, encodePageToken, modelVersionOrderSpec, parseMaxResults, parseOrderBy, queryFingerprint } from './search-paging.js';
import type { ModelVersion, ModelVersionTag, SearchPage, SearchRequest } from './types.js';

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  run_id?: string;
  run_link?: string;
  description?: string;
  tags?: ModelVersionTag[];
}

/** MLflow `model-versions/*` operations. `source` and `run_id` are fixed at creation and never change. */
export interface ModelVersionOperations {
  /** Numbers versions 1, 2, 3… per model; a number is never reused, even after a delete. */
  create(principal: Principal, request: CreateModelVersionRequest): Promise<ModelVersion>;
  get(principal: Principal, request: { name: string; version: string | number }): Promise<ModelVersion>;
  /** Only versions of models the caller may read are returned. */
  search(principal: Principal, request: SearchRequest): Promise<SearchPage<ModelVersion>>;
  /** Changes the description only (MLflow's update-model-version takes nothing else). */
  update(principal: Principal, request: { name: string; version: string | number; description?: string }): Promise<ModelVersion>;
  /** Removes the version and the aliases pointing at it. */
  delete(principal: Principal, request: { name: string; version: string | number }): Promise<void>;
  /**
   * Moves the version to a stage; with `archive_existing_versions`, the other versions in that stage become
   * Archived. Entering or leaving Production needs CAN_MANAGE, other moves CAN_EDIT.
   */
  transitionStage(
    principal: Principal,
    request: { name: string; version: string | number; stage: string; archive_existing_versions?: boolean },
  ): Promise<ModelVersion>;
  setTag(principal: Principal, request: { name: string; version: string | number; key: string; value: string }): Promise<void>;
  deleteTag(principal: Principal, request: { name: string; version: string | number; key: string }): Promise<void>;
}

const maxCreateAttempts = 5;

/**
 * Inserts the next version of a model (no permission check: callers have done it) and returns its number.
 * Shared by the create operation and the demo bootstrap.
 */
export async function insertModelVersion(
  context: RegistryContext,
  model: ModelRow,
  userId: string | null,
  request: CreateModelVersionRequest,
  status: 'READY' | 'PENDING_REGISTRATION' = 'READY',
): Promise<number> {
  const { db } = context;
  checkSource(request.source);
  checkRunFields(request.run_id, request.run_link);
  const description = checkDescription(request.description);
  const tags = checkTags(request.tags);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(async (transaction) => {
        const now = context.now();
        // Updating the model row first locks it (PostgreSQL), so concurrent creates for one model take turns
        // instead of racing for the same number; SQLite serialises write transactions anyway.
        const locked = await transaction
          .updateTable('registered_models')
          .set({ last_updated_timestamp: now })
          .where('id', '=', model.id)
          .executeTakeFirst();
        if (Number(locked.numUpdatedRows) === 0) throw new CairnError('RESOURCE_DOES_NOT_EXIST', modelNotFoundMessage(model.name));
        // Tombstones count: a deleted version's number is never handed out again.
        const last = await transaction
          .selectFrom('model_versions')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('model_id', '=', model.id)
          .executeTakeFirst();
        const version = Number(last?.version ?? 0) + 1;
        await transaction
          .insertInto('model_versions')
          .values({
            model_id: model.id,
            version,
            source: request.source,
            run_id: request.run_id ?? '',
            run_link: request.run_link ?? '',
            description,
            status,
            status_message: '',
            current_stage: 'None',
            user_id: userId,
            creation_timestamp: now,
            last_updated_timestamp: now,
          })
          .execute();
        if (tags.length > 0) {
          await transaction.insertInto('model_version_tags').values(tags.map((tag) => ({ model_id: model.id, version, ...tag }))).execute();
        }
        return version;
      });
    } catch (error) {
      // Another process (SQLite) picked the same number; retry with a fresh maximum.
      if (!isUniqueViolation(error) || attempt >= maxCreateAttempts) throw error;
    }
  }
}

export function modelVersionOperations(context: RegistryContext): ModelVersionOperations {
  const { db } = context;

  async function touchModel(executor: Db, modelId: string, now: number): Promise<void> {
    await executor.updateTable('registered_models').set({ last_updated_timestamp: now }).where('id', '=', modelId).execute();
  }

  return {
    async create(principal, request) {
      checkSource(request.source);
      checkRunFields(request.run_id, request.run_link);
      checkDescription(request.description);
      checkTags(request.tags);
      // SEC-SC-2: a package is code that runs on Cairn's servers; only admins may register one.
      const packageDigest = await checkPackageSource(context, principal, request.source);
      const model = await loadModel(context, principal, request.name, 'CAN_EDIT');
      const version = await insertModelVersion(context, model, principal.name, request, packageDigest ? 'PENDING_REGISTRATION' : 'READY');
      await publishChange(context, model.name);
      if (packageDigest) context.packages?.scheduleInstall(model.name, String(version), request.source);
      const created = await hydrateVersion(db, (await findVersion(db, model, version))!);
      emitEvent(context, {
        entity: 'model_version',
        action: 'created',
        data: { name: created.name, version: created.version, source: created.source, run_id: created.run_id || null, tags: tagObject(created.tags), description: created.description || null },
      });
      return created;
    },

    async get(principal, request) {
      const { version } = await loadVersion(context, principal, request.name, request.version, 'CAN_READ');
      return hydrateVersion(db, version);
    },

    async search(principal, request) {
      const clauses = parseFilter(request.filter, modelVersionFilterSpec);
      const order = parseOrderBy(request.order_by, modelVersionOrderSpec);
      const maxResults = parseMaxResults(request.max_results);
      const fingerprint = queryFingerprint(formatFilter(clauses), order);
      const offset = decodePageToken(request.page_token, fingerprint);
      const page = await collectReadablePage(
        (start, limit) => fetchVersionRows(db, context.dialect, { clauses, order }, start, limit),
        (row) => canRead(context, principal, row.model_id),
        offset,
        maxResults,
      );
      return {
        items: await hydrateVersions(db, page.rows),
        ...(page.nextOffset !== undefined ? { next_page_token: encodePageToken(page.nextOffset, fingerprint) } : {}),
      };
    },

    async update(principal, request) {
      const { model, version } = await loadVersion(context, principal, request.name, request.version, 'CAN_EDIT');
      if (request.description === undefined) return hydrateVersion(db, version);
      const description = checkDescription(request.description);
      await db
        .updateTable('model_versions')
        .set({ description, last_updated_timestamp: context.now() })
        .where('model_id', '=', model.id)
        .where('version', '=', version.version)
        .execute();
      await publishChange(context, model.name);
      return hydrateVersion(db, (await findVersion(db, model, version.version)) ?? version);
    },

    async delete(principal, request) {
      const { model, version } = await loadVersion(context, principal, request.name, request.version, 'CAN_MANAGE');
      await db.transaction().execute(async (transaction) => {
        const now = context.now();
        const aliases = await transaction
          .selectFrom('registered_model_aliases')
          .select('alias')
          .where('model_id', '=', model.id)
          .where('version', '=', version.version)
          .execute();
        await transaction.deleteFrom('registered_model_aliases').where('model_id', '=', model.id).where('version', '=', version.version).execute();
        await transaction.deleteFrom('model_version_tags').where('model_id', '=', model.id).where('version', '=', version.version).execute();
        // A redacted tombstone, as MLflow keeps, so the number stays taken.
        await transaction
          .updateTable('model_versions')
          .set({
            current_stage: DELETED_STAGE,
            source: 'REDACTED-SOURCE-PATH',
            run_id: 'REDACTED-RUN-ID',
            run_link: '',
            description: '',
            status_message: '',
            user_id: null,
            last_updated_timestamp: now,
          })
          .where('model_id', '=', model.id)
          .where('version', '=', version.version)
          .execute();
        await touchModel(transaction, model.id, now);
        await writeAudit(transaction, context, principal, 'model-versions/delete', model.id, {
          name: model.name,
          version: String(version.version),
          stage: version.current_stage,
          removed_aliases: aliases.map((row) => row.alias),
        });
      });
      await publishChange(context, model.name);
    },

    async transitionStage(principal, request) {
      const stage = canonicalStage(request.stage);
      const archiveExisting = request.archive_existing_versions ?? false;
      if (archiveExisting && stage !== 'Staging' && stage !== 'Production') {
        throw new CairnError(
          'INVALID_PARAMETER_VALUE',
          `archive_existing_versions applies only to transitions to Staging or Production, not ${stage}.`,
          { details: { param: 'archive_existing_versions' } },
        );
      }
      const { model, version } = await loadVersion(context, principal, request.name, request.version, 'CAN_EDIT');
      if (stage === 'Production' || version.current_stage === 'Production') {
        context.auth.require(principal, OBJECT_TYPE, model.id, 'CAN_MANAGE', versionNotFoundMessage(model.name, version.version));
      }
      const archivedVersions: number[] = [];
      await db.transaction().execute(async (transaction) => {
        const now = context.now();
        // Lock the model row first so two concurrent archiving promotions cannot both leave a version in the stage.
        await touchModel(transaction, model.id, now);
        let archived: number[] = [];
        if (archiveExisting) {
          const others = await transaction
            .selectFrom('model_versions')
            .select('version')
            .where('model_id', '=', model.id)
            .where('current_stage', '=', stage)
            .where('version', '!=', version.version)
            .execute();
          archived = others.map((row) => row.version);
          if (archived.length > 0) {
            await transaction
              .updateTable('model_versions')
              .set({ current_stage: 'Archived', last_updated_timestamp: now })
              .where('model_id', '=', model.id)
              .where('version', 'in', archived)
              .execute();
          }
        }
        const moved = await transaction
          .updateTable('model_versions')
          .set({ current_stage: stage, last_updated_timestamp: now })
          .where('model_id', '=', model.id)
          .where('version', '=', version.version)
          .where('current_stage', '!=', DELETED_STAGE)
          .executeTakeFirst();
        // Deleted between our read and this transaction: never bring a tombstone back to life.
        if (Number(moved.numUpdatedRows) === 0) throw new CairnError('RESOURCE_DOES_NOT_EXIST', versionNotFoundMessage(model.name, version.version));
        await writeAudit(transaction, context, principal, 'model-versions/transition-stage', model.id, {
          name: model.name,
          version: String(version.version),
          from: version.current_stage,
          to: stage,
          archived_versions: archived.map(String),
        });
        archivedVersions.push(...archived);
      });
      await publishChange(context, model.name);
      emitEvent(context, {
        entity: 'model_version_stage',
        action: 'transitioned',
        data: { name: model.name, version: String(version.version), from_stage: version.current_stage, to_stage: stage, archived_versions: archivedVersions.map(String) },
      });
      return hydrateVersion(db, (await findVersion(db, model, version.version)) ?? version);
    },

    async setTag(principal, request) {
      checkTag(request.key, request.value);
      const { model, version } = await loadVersion(context, principal, request.name, request.version, 'CAN_EDIT');
      await db
        .insertInto('model_version_tags')
        .values({ model_id: model.id, version: version.version, key: request.key, value: request.value })
        .onConflict((conflict) => conflict.columns(['model_id', 'version', 'key']).doUpdateSet({ value: request.value }))
        .execute();
      await publishChange(context, model.name);
      emitEvent(context, { entity: 'model_version_tag', action: 'set', data: { name: model.name, version: String(version.version), key: request.key, value: request.value } });
    },

    async deleteTag(principal, request) {
      const { model, version } = await loadVersion(context, principal, request.name, request.version, 'CAN_EDIT');
      const result = await db
        .deleteFrom('model_version_tags')
        .where('model_id', '=', model.id)
        .where('version', '=', version.version)
        .where('key', '=', request.key)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) > 0) {
        await publishChange(context, model.name);
        emitEvent(context, { entity: 'model_version_tag', action: 'deleted', data: { name: model.name, version: String(version.version), key: request.key } });
      }
    },
  };
}
