function toTokenInfo(row) {
    return {
        id: row.id,
        principalId: row.principal_id,
        comment: row.comment,
        createdAt: Number(row.created_at),
        expiresAt: row.expires_at === null ? null : Number(row.expires_at),
        createdBy: row.created_by,
    };
}
// Every read selects these columns only, so a token hash can never reach an API response by accident.
const infoColumns = ['id', 'principal_id', 'comment', 'created_at', 'expires_at', 'created_by'];
/** Rows of `tokens`. Revoked tokens stay (for the audit trail) but are invisible here. */
export class TokenStore {
    db;
    constructor(db) {
        this.db = db;
    }
    async insert(row) {
        await this.db.insertInto('tokens').values({ ...row, revoked_at: null }).execute();
    }
    async get(id) {
        const row = await this.db
            .selectFrom('tokens')
            .select(infoColumns)
            .where('id', '=', id)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
        return row ? toTokenInfo(row) : undefined;
    }
    async list(filter = {}) {
        let query = this.db.selectFrom('tokens').select(infoColumns).where('revoked_at', 'is', null);
        if (filter.principalId !== undefined)
            query = query.where('principal_id', '=', filter.principalId);
        if (filter.createdBy !== undefined)
            query = query.where('created_by', '=', filter.createdBy);
        return (await query.orderBy('created_at').orderBy('id').execute()).map(toTokenInfo);
    }
    /** Marks the token revoked; false when it does not exist or was revoked already. */
    async revoke(id, at) {
        const result = await this.db
            .updateTable('tokens')
            .set({ revoked_at: at })
            .where('id', '=', id)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
    }
    /** Revokes every live token of the principal with this comment, except `keepId`. */
    async revokeByComment(principalId, comment, keepId, at) {
        await this.db
            .updateTable('tokens')
            .set({ revoked_at: at })
            .where('principal_id', '=', principalId)
            .where('comment', '=', comment)
            .where('id', '!=', keepId)
            .where('revoked_at', 'is', null)
            .execute();
    }
    async findByHash(tokenHash) {
        return this.db
            .selectFrom('tokens')
            .select(['id', 'principal_id', 'revoked_at', 'expires_at'])
            .where('token_hash', '=', tokenHash)
            .executeTakeFirst();
    }
    /** Points an existing token row (found by hash) at the principal again, live and without expiry. */
    async reinstate(id, principalId, comment) {
        await this.db
            .updateTable('tokens')
            .set({ principal_id: principalId, revoked_at: null, expires_at: null, comment })
            .where('id', '=', id)
            .execute();
    }
}
//# sourceMappingURL=token-store.js.map