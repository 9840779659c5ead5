export function toPrincipalRecord(row) {
    return {
        id: row.id,
        kind: row.kind,
        name: row.name,
        displayName: row.display_name,
        isAdmin: row.is_admin === 1,
        active: row.active === 1,
        createdAt: Number(row.created_at),
    };
}
/** Rows of `principals` and `group_members`. Knows nothing about caches or change events. */
export class PrincipalStore {
    db;
    constructor(db) {
        this.db = db;
    }
    /** Inserts the principal; returns false when one of that kind and name exists already. */
    async insert(principal) {
        const result = await this.db
            .insertInto('principals')
            .values({
            id: principal.id,
            kind: principal.kind,
            name: principal.name,
            display_name: principal.displayName,
            is_admin: principal.isAdmin ? 1 : 0,
            active: principal.active ? 1 : 0,
            created_at: principal.createdAt,
        })
            .onConflict((conflict) => conflict.columns(['kind', 'name']).doNothing())
            .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    }
    async get(id) {
        const row = await this.db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? toPrincipalRecord(row) : undefined;
    }
    async findByName(kind, name) {
        const row = await this.db
            .selectFrom('principals')
            .selectAll()
            .where('kind', '=', kind)
            .where('name', '=', name)
            .executeTakeFirst();
        return row ? toPrincipalRecord(row) : undefined;
    }
    async list(kind) {
        let query = this.db.selectFrom('principals').selectAll().orderBy('created_at').orderBy('id');
        if (kind)
            query = query.where('kind', '=', kind);
        return (await query.execute()).map(toPrincipalRecord);
    }
    async update(id, patch) {
        const values = {};
        if (patch.displayName !== undefined)
            values.display_name = patch.displayName;
        if (patch.isAdmin !== undefined)
            values.is_admin = patch.isAdmin ? 1 : 0;
        if (patch.active !== undefined)
            values.active = patch.active ? 1 : 0;
        if (Object.keys(values).length === 0)
            return;
        await this.db.updateTable('principals').set(values).where('id', '=', id).execute();
    }
    /** Deletes the principal; its tokens, grants and memberships go with it (foreign-key cascade). */
    async delete(id) {
        const result = await this.db.deleteFrom('principals').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
    }
    /** Active principals with their own admin flag set, other than `exceptId`. */
    async countOtherActiveAdmins(exceptId) {
        const row = await this.db
            .selectFrom('principals')
            .select((eb) => eb.fn.countAll().as('count'))
            .where('is_admin', '=', 1)
            .where('active', '=', 1)
            .where('kind', '!=', 'group')
            .where('id', '!=', exceptId)
            .executeTakeFirst();
        return Number(row?.count ?? 0);
    }
    async addMembers(groupId, memberIds) {
        if (memberIds.length === 0)
            return;
        await this.db
            .insertInto('group_members')
            .values(memberIds.map((memberId) => ({ group_id: groupId, member_id: memberId })))
            .onConflict((conflict) => conflict.columns(['group_id', 'member_id']).doNothing())
            .execute();
    }
    async removeMembers(groupId, memberIds) {
        if (memberIds.length === 0)
            return;
        await this.db.deleteFrom('group_members').where('group_id', '=', groupId).where('member_id', 'in', memberIds).execute();
    }
    async members(groupId) {
        const rows = await this.db
            .selectFrom('group_members')
            .innerJoin('principals', 'principals.id', 'group_members.member_id')
            .selectAll('principals')
            .where('group_members.group_id', '=', groupId)
            .orderBy('principals.name')
            .execute();
        return rows.map(toPrincipalRecord);
    }
    /** Direct groups of a principal. */
    async groupsOf(memberId) {
        const rows = await this.db
            .selectFrom('group_members')
            .innerJoin('principals', 'principals.id', 'group_members.group_id')
            .selectAll('principals')
            .where('group_members.member_id', '=', memberId)
            .orderBy('principals.name')
            .execute();
        return rows.map(toPrincipalRecord);
    }
}
//# sourceMappingURL=principal-store.js.map