import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/types.js';
import { CairnError } from '../errors/index.js';
import { tagObject } from './events.js';
import {
  canRead,
  emitEvent,
  isUniqueViolation,
  loadModel,
  loadVersion,
  OBJECT_TYPE,
  publishChange,
  type RegistryContext,
  writeAudit,
} from './registry-context.js';
import { findModelById, findVersion, hydrateModel, hydrateModels, hydrateVersion, hydrateVersions, latestVersionRows } from './registry-rows.js';
import { collectReadablePage, fetchModelRows } from './registry-search.js';
import { canonicalStage, checkAlias, checkDescription, checkModelName, checkTag, checkTags } from './registry-validation.js';
import { formatFilter, parseFilter, registeredModelFilterSpec } from './search-filter.js';
import { decodePageToken, encodePageToken, parseMaxResults, parseOrderBy, queryFingerprint, registeredModelOrderSpec } from './search-paging.js';
import type { ModelVersion, RegisteredModel, RegisteredModelTag, SearchPage, SearchRequest } from './types.js';

/** MLflow `registered-models/*` operations. Every method checks the caller's level on the model first. */
export interface RegisteredModelOperations {
  create(principal: Principal, request: { name: string; description?: string; tags?: RegisteredModelTag[] }): Promise<RegisteredModel>;
  get(principal: Principal, name: string): Promise<RegisteredModel>;
  /** Only models the caller may read are returned. */
  search(principal: Principal, request: SearchRequest): Promise<SearchPage<RegisteredModel>>;
  /** Changes the description only; an omitted description leaves it as is. */
  update(principal: Principal, request: { name: string; description?: string }): Promise<RegisteredModel>;
  /** Versions, tags, aliases and permissions follow the model (they hang off its id, not its name). */
  rename(principal: Principal, request: { name: string; new_name: string }): Promise<RegisteredModel>;
  delete(principal: Principal, name: string): Promise<void>;
  setTag(principal: Principal, request: { name: string; key: string; value: string }): Promise<void>;
  deleteTag(principal: Principal, request: { name: string; key: string }): Promise<void>;
  /** Points the alias at the version, moving it if it pointed elsewhere (audited). */
  setAlias(principal: Principal, request: { name: string; alias: string; version: string | number }): Promise<void>;
  deleteAlias(principal: Principal, request: { name: string; alias: string }): Promise<void>;
  getVersionByAlias(principal: Principal, request: { name: string; alias: string }): Promise<ModelVersion>;
  /** The highest version per stage; all stages when `stages` is empty. */
  getLatestVersions(principal: Principal, request: { name: string; stages?: string[] }): Promise<ModelVersion[]>;
}

export function registeredModelOperations(context: RegistryContext): RegisteredModelOperations {
  const { db } = context;

  async function touch(executor: typeof db, modelId: string): Promise<void> {
    await executor.updateTable('registered_models').set({ last_updated_timestamp: context.now() }).where('id', '=', modelId).execute();
  }

  async function get(principal: Principal, name: string): Promise<RegisteredModel> {
    return hydrateModel(db, await loadModel(context, principal, name, 'CAN_READ'));
  }

  return {
    get,

    async create(principal, request) {
      const name = checkModelName(request.name);
      const description = checkDescription(request.description);
      const tags = checkTags(request.tags);
      if (!context.auth.canCreate(principal, OBJECT_TYPE)) {
        throw new CairnError('PERMISSION_DENIED', 'You may not create registered models.');
      }
      const id = randomUUID();
      const now = context.now();
      try {
        await db.transaction().execute(async (transaction) => {
          await transaction
            .insertInto('registered_models')
            .values({ id, name, description, creation_timestamp: now, last_updated_timestamp: now, user_id: principal.name })
            .execute();
          if (tags.length > 0) {
            await transaction.insertInto('registered_model_tags').values(tags.map((tag) => ({ model_id: id, ...tag }))).execute();
          }
          await writeAudit(transaction, context, principal, 'registered-models/create', id, { name });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new CairnError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
        throw error;
      }
      try {
        await context.auth.grantOwner(OBJECT_TYPE, id, principal.id);
      } catch (error) {
        // A model nobody may manage would be stuck; undo the create rather than leave it orphaned.
        await db.deleteFrom('registered_models').where('id', '=', id).execute();
        throw error;
      }
      await publishChange(context, name);
      emitEvent(context, { entity: 'registered_model', action: 'created', data: { name, tags: tagObject(tags), description: description || null } });
      // Hydrated without a permission check: the owner grant may reach the in-memory cache a moment later.
      return hydrateModel(db, (await findModelById(db, id))!);
    },

    async search(principal, request) {
      const clauses = parseFilter(request.filter, registeredModelFilterSpec);
      const order = parseOrderBy(request.order_by, registeredModelOrderSpec);
      const maxResults = parseMaxResults(request.max_results);
      const fingerprint = queryFingerprint(formatFilter(clauses), order);
      const offset = decodePageToken(request.page_token, fingerprint);
      const page = await collectReadablePage(
        (start, limit) => fetchModelRows(db, context.dialect, { clauses, order }, start, limit),
        (row) => canRead(context, principal, row.id),
        offset,
        maxResults,
      );
      return {
        items: await hydrateModels(db, page.rows),
        ...(page.nextOffset !== undefined ? { next_page_token: encodePageToken(page.nextOffset, fingerprint) } : {}),
      };
    },

    async update(principal, request) {
      const model = await loadModel(context, principal, request.name, 'CAN_EDIT');
      if (request.description !== undefined) {
        const description = checkDescription(request.description);
        await db.updateTable('registered_models').set({ description, last_updated_timestamp: context.now() }).where('id', '=', model.id).execute();
        await publishChange(context, model.name);
      }
      return hydrateModel(db, (await findModelById(db, model.id)) ?? model);
    },

    async rename(principal, request) {
      const newName = checkModelName(request.new_name, 'new_name');
      const model = await loadModel(context, principal, request.name, 'CAN_MANAGE');
      if (newName !== model.name) {
        try {
          await db.transaction().execute(async (transaction) => {
            await transaction.updateTable('registered_models').set({ name: newName, last_updated_timestamp: context.now() }).where('id', '=', model.id).execute();
            await writeAudit(transaction, context, principal, 'registered-models/rename', model.id, { from: model.name, to: newName });
          });
        } catch (error) {
          if (isUniqueViolation(error)) throw new CairnError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${newName}) already exists.`);
          throw error;
        }
        await publishChange(context, model.name, newName);
      }
      return hydrateModel(db, (await findModelById(db, model.id)) ?? model);
    },

    async delete(principal, name) {
      const model = await loadModel(context, principal, name, 'CAN_MANAGE');
      await db.transaction().execute(async (transaction) => {
        // Tags and aliases cascade from the model row; version tags cascade from the versions.
        await transaction.deleteFrom('model_versions').where('model_id', '=', model.id).execute();
        await transaction.deleteFrom('registered_models').where('id', '=', model.id).execute();
        await writeAudit(transaction, context, principal, 'registered-models/delete', model.id, { name: model.name });
      });
      await context.auth.removeObject(OBJECT_TYPE, model.id);
      await publishChange(context, model.name);
    },

    async setTag(principal, request) {
      checkTag(request.key, request.value);
      const model = await loadModel(context, principal, request.name, 'CAN_EDIT');
      await db.transaction().execute(async (transaction) => {
        await transaction
          .insertInto('registered_model_tags')
          .values({ model_id: model.id, key: request.key, value: request.value })
          .onConflict((conflict) => conflict.columns(['model_id', 'key']).doUpdateSet({ value: request.value }))
          .execute();
        await touch(transaction, model.id);
      });
      await publishChange(context, model.name);
    },

    async deleteTag(principal, request) {
      const model = await loadModel(context, principal, request.name, 'CAN_EDIT');
      // Deleting an absent tag is not an error, as in MLflow: the caller's intent already holds.
      const result = await db.deleteFrom('registered_model_tags').where('model_id', '=', model.id).where('key', '=', request.key).executeTakeFirst();
      if (Number(result.numDeletedRows) > 0) await publishChange(context, model.name);
    },

    async setAlias(principal, request) {
      const alias = checkAlias(request.alias);
      const { model, version } = await loadVersion(context, principal, request.name, request.version, 'CAN_EDIT');
      await db.transaction().execute(async (transaction) => {
        const previous = await transaction
          .selectFrom('registered_model_aliases')
          .select('version')
          .where('model_id', '=', model.id)
          .where('alias', '=', alias)
          .executeTakeFirst();
        await transaction
          .insertInto('registered_model_aliases')
          .values({ model_id: model.id, alias, version: version.version })
          .onConflict((conflict) => conflict.columns(['model_id', 'alias']).doUpdateSet({ version: version.version }))
          .execute();
        await writeAudit(transaction, context, principal, 'registered-models/alias.set', model.id, {
          name: model.name,
          alias,
          version: String(version.version),
          previous_version: previous ? String(previous.version) : null,
        });
      });
      await publishChange(context, model.name);
      emitEvent(context, { entity: 'model_version_alias', action: 'created', data: { name: model.name, alias, version: String(version.version) } });
    },

    async deleteAlias(principal, request) {
      const model = await loadModel(context, principal, request.name, 'CAN_EDIT');
      const deleted = await db.transaction().execute(async (transaction) => {
        const previous = await transaction
          .selectFrom('registered_model_aliases')
          .select('version')
          .where('model_id', '=', model.id)
          .where('alias', '=', request.alias)
          .executeTakeFirst();
        if (!previous) return false;
        await transaction.deleteFrom('registered_model_aliases').where('model_id', '=', model.id).where('alias', '=', request.alias).execute();
        await writeAudit(transaction, context, principal, 'registered-models/alias.delete', model.id, {
          name: model.name,
          alias: request.alias,
          previous_version: String(previous.version),
        });
        return true;
      });
      if (deleted) {
        await publishChange(context, model.name);
        emitEvent(context, { entity: 'model_version_alias', action: 'deleted', data: { name: model.name, alias: request.alias } });
      }
    },

    async getVersionByAlias(principal, request) {
      const model = await loadModel(context, principal, request.name, 'CAN_READ');
      const alias = await db
        .selectFrom('registered_model_aliases')
        .select('version')
        .where('model_id', '=', model.id)
        .where('alias', '=', request.alias)
        .executeTakeFirst();
      const version = alias ? await findVersion(db, model, alias.version) : undefined;
      if (!version) throw new CairnError('RESOURCE_DOES_NOT_EXIST', `Registered model alias ${request.alias} not found for model ${model.name}.`);
      return hydrateVersion(db, version);
    },

    async getLatestVersions(principal, request) {
      const stages = (request.stages ?? []).map(canonicalStage);
      const model = await loadModel(context, principal, request.name, 'CAN_READ');
      return hydrateVersions(db, await latestVersionRows(db, [model], stages));
    },
  };
}
