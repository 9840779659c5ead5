/** Rows of `permissions`: direct grants only; inheritance and admin rules live in the cache. */
export class PermissionStore {
    db;
    constructor(db) {
        this.db = db;
    }
    async list(objectType, objectId) {
        const rows = await this.db
            .selectFrom('permissions')
            .select(['principal_id', 'level'])
            .where('object_type', '=', objectType)
            .where('object_id', '=', objectId)
            .orderBy('principal_id')
            .execute();
        return rows.map((row) => ({ principalId: row.principal_id, level: row.level }));
    }
    /** Sets each principal's level on the object; with `replace`, grants not listed are dropped. One transaction. */
    async set(objectType, objectId, grants, replace) {
        await this.db.transaction().execute(async (trx) => {
            if (replace) {
                await trx.deleteFrom('permissions').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
            }
            for (const grant of grants) {
                await trx
                    .insertInto('permissions')
                    .values({ object_type: objectType, object_id: objectId, principal_id: grant.principalId, level: grant.level })
                    .onConflict((conflict) => conflict.columns(['object_type', 'object_id', 'principal_id']).doUpdateSet({ level: grant.level }))
                    .execute();
            }
        });
    }
    async removeObject(objectType, objectId) {
        await this.db.deleteFrom('permissions').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
    }
}
//# sourceMappingURL=permission-store.js.map