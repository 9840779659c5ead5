/**
 * Reads rows and assembles MLflow entities from them. Deleted versions stay as redacted tombstones (as in
 * MLflow) so a version number is never handed out twice: `name/3` always means the same artifact.
 */
export const DELETED_STAGE = 'Deleted_Internal';
export async function findModelByName(db, name) {
    return db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst();
}
export async function findModelById(db, id) {
    return db.selectFrom('registered_models').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findVersion(db, model, version) {
    const row = await db
        .selectFrom('model_versions')
        .selectAll()
        .where('model_id', '=', model.id)
        .where('version', '=', version)
        .where('current_stage', '!=', DELETED_STAGE)
        .executeTakeFirst();
    return row ? { ...row, name: model.name } : undefined;
}
function versionKey(modelId, version) {
    return `${modelId}\u0000${version}`;
}
function toModelVersion(row, tags, aliases) {
    return {
        name: row.name,
        version: String(row.version),
        creation_timestamp: Number(row.creation_timestamp),
        last_updated_timestamp: Number(row.last_updated_timestamp),
        ...(row.user_id ? { user_id: row.user_id } : {}),
        current_stage: row.current_stage,
        description: row.description,
        source: row.source,
        run_id: row.run_id,
        ...(row.run_link ? { run_link: row.run_link } : {}),
        status: row.status,
        ...(row.status_message ? { status_message: row.status_message } : {}),
        tags,
        aliases,
    };
}
/** Adds tags and aliases to version rows with two queries, whatever the number of rows. */
export async function hydrateVersions(db, rows) {
    if (rows.length === 0)
        return [];
    const modelIds = [...new Set(rows.map((row) => row.model_id))];
    const versions = [...new Set(rows.map((row) => row.version))];
    const [tagRows, aliasRows] = await Promise.all([
        db
            .selectFrom('model_version_tags')
            .selectAll()
            .where('model_id', 'in', modelIds)
            .where('version', 'in', versions)
            .orderBy('key')
            .execute(),
        db.selectFrom('registered_model_aliases').selectAll().where('model_id', 'in', modelIds).orderBy('alias').execute(),
    ]);
    const tags = new Map();
    for (const tag of tagRows) {
        const key = versionKey(tag.model_id, tag.version);
        tags.set(key, [...(tags.get(key) ?? []), { key: tag.key, value: tag.value }]);
    }
    const aliases = new Map();
    for (const alias of aliasRows) {
        const key = versionKey(alias.model_id, alias.version);
        aliases.set(key, [...(aliases.get(key) ?? []), alias.alias]);
    }
    return rows.map((row) => {
        const key = versionKey(row.model_id, row.version);
        return toModelVersion(row, tags.get(key) ?? [], aliases.get(key) ?? []);
    });
}
export async function hydrateVersion(db, row) {
    const [version] = await hydrateVersions(db, [row]);
    return version;
}
/** The highest live version in each stage, per model (MLflow's `latest_versions`). */
export async function latestVersionRows(db, models, onlyStages) {
    if (models.length === 0)
        return [];
    const modelIds = models.map((model) => model.id);
    let latestQuery = db
        .selectFrom('model_versions')
        .select(['model_id', 'current_stage'])
        .select((eb) => eb.fn.max('version').as('version'))
        .where('model_id', 'in', modelIds)
        .where('current_stage', '!=', DELETED_STAGE)
        .groupBy(['model_id', 'current_stage']);
    if (onlyStages && onlyStages.length > 0)
        latestQuery = latestQuery.where('current_stage', 'in', [...onlyStages]);
    const latest = await latestQuery.execute();
    if (latest.length === 0)
        return [];
    const wanted = new Set(latest.map((row) => versionKey(row.model_id, Number(row.version))));
    const rows = await db
        .selectFrom('model_versions')
        .selectAll()
        .where('model_id', 'in', modelIds)
        .where('version', 'in', latest.map((row) => Number(row.version)))
        .orderBy('version')
        .execute();
    const names = new Map(models.map((model) => [model.id, model.name]));
    return rows
        .filter((row) => wanted.has(versionKey(row.model_id, row.version)))
        .map((row) => ({ ...row, name: names.get(row.model_id) ?? '' }));
}
/** Assembles registered models with tags, aliases and latest versions in a constant number of queries. */
export async function hydrateModels(db, models) {
    if (models.length === 0)
        return [];
    const modelIds = models.map((model) => model.id);
    const [tagRows, aliasRows, latestRows] = await Promise.all([
        db.selectFrom('registered_model_tags').selectAll().where('model_id', 'in', modelIds).orderBy('key').execute(),
        db.selectFrom('registered_model_aliases').selectAll().where('model_id', 'in', modelIds).orderBy('alias').execute(),
        latestVersionRows(db, models),
    ]);
    const latest = await hydrateVersions(db, latestRows);
    return models.map((model) => {
        const aliases = aliasRows
            .filter((alias) => alias.model_id === model.id)
            .map((alias) => ({ alias: alias.alias, version: String(alias.version) }));
        return {
            id: model.id,
            name: model.name,
            creation_timestamp: Number(model.creation_timestamp),
            last_updated_timestamp: Number(model.last_updated_timestamp),
            ...(model.user_id ? { user_id: model.user_id } : {}),
            description: model.description,
            latest_versions: latest.filter((version) => version.name === model.name),
            tags: tagRows.filter((tag) => tag.model_id === model.id).map((tag) => ({ key: tag.key, value: tag.value })),
            aliases,
        };
    });
}
export async function hydrateModel(db, model) {
    const [hydrated] = await hydrateModels(db, [model]);
    return hydrated;
}
//# sourceMappingURL=registry-rows.js.map