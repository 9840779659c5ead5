import { higherLevel } from './permission-levels.js';
const emptySnapshot = { tokensByHash: new Map(), principals: new Map(), grants: new Map() };
function objectKey(objectType, objectId) {
    return `${objectType}\0${objectId}`;
}
/**
 * Everything the request path asks of auth, held in memory: tokens by hash, principals with their
 * groups, and grants. Rebuilt whole from the database on every `auth` change event — the tables are
 * small next to the cost of getting incremental invalidation subtly wrong — and swapped in atomically,
 * so a reader never sees half an update.
 */
export class AuthCache {
    db;
    now;
    logger;
    snapshot = emptySnapshot;
    current;
    next;
    constructor(db, now, logger) {
        this.db = db;
        this.now = now;
        this.logger = logger;
    }
    /**
     * Schedules a reload that starts after this call, so it sees every write committed before it;
     * calls made while one is pending share it.
     */
    refresh() {
        if (this.next)
            return this.next;
        if (this.current) {
            this.next = this.current
                .catch(() => undefined)
                .then(() => {
                this.next = undefined;
                return this.start();
            });
            return this.next;
        }
        return this.start();
    }
    /** Resolves when every reload requested so far has finished (errors are logged, not thrown). */
    async settled() {
        const pending = this.next ?? this.current;
        if (pending)
            await pending.catch(() => undefined);
    }
    token(tokenHash) {
        return this.snapshot.tokensByHash.get(tokenHash);
    }
    principal(id) {
        return this.snapshot.principals.get(id);
    }
    /** The highest direct or group-inherited grant; admin status is the caller's business. */
    grantedLevel(principalId, groupIds, objectType, objectId) {
        const grants = this.snapshot.grants.get(objectKey(objectType, objectId));
        if (!grants)
            return null;
        let best = grants.get(principalId) ?? null;
        for (const groupId of groupIds)
            best = higherLevel(objectType, best, grants.get(groupId));
        return best;
    }
    start() {
        const running = this.load().finally(() => {
            if (this.current === running)
                this.current = undefined;
        });
        this.current = running;
        return running;
    }
    async load() {
        const now = this.now();
        const [principalRows, memberRows, tokenRows, grantRows] = await Promise.all([
            this.db.selectFrom('principals').select(['id', 'kind', 'name', 'display_name', 'is_admin', 'active']).execute(),
            this.db.selectFrom('group_members').select(['group_id', 'member_id']).execute(),
            this.db
                .selectFrom('tokens')
                .select(['id', 'principal_id', 'token_hash', 'expires_at'])
                .where('revoked_at', 'is', null)
                .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
                .execute(),
            this.db.selectFrom('permissions').select(['object_type', 'object_id', 'principal_id', 'level']).execute(),
        ]);
        const directGroups = new Map();
        for (const row of memberRows) {
            const groups = directGroups.get(row.member_id);
            if (groups)
                groups.push(row.group_id);
            else
                directGroups.set(row.member_id, [row.group_id]);
        }
        const rowsById = new Map(principalRows.map((row) => [row.id, row]));
        const effectiveGroups = (id) => {
            const seen = new Set();
            const stack = [...(directGroups.get(id) ?? [])];
            while (stack.length > 0) {
                const groupId = stack.pop();
                if (seen.has(groupId))
                    continue;
                seen.add(groupId);
                stack.push(...(directGroups.get(groupId) ?? []));
            }
            return seen;
        };
        const principals = new Map();
        for (const row of principalRows) {
            const effectiveGroupIds = effectiveGroups(row.id);
            // An admin group makes its members admins, so the flag is resolved through groups as well.
            const isAdmin = row.is_admin === 1 || [...effectiveGroupIds].some((groupId) => rowsById.get(groupId)?.is_admin === 1);
            const principal = Object.freeze({
                id: row.id,
                kind: row.kind,
                name: row.name,
                displayName: row.display_name,
                isAdmin,
                groupIds: Object.freeze([...(directGroups.get(row.id) ?? [])]),
            });
            const effectiveGroupNames = Object.freeze([...effectiveGroupIds].flatMap((groupId) => rowsById.get(groupId)?.name ?? []));
            principals.set(row.id, { principal, effectiveGroupIds, effectiveGroupNames });
        }
        const tokensByHash = new Map();
        for (const row of tokenRows) {
            const owner = principals.get(row.principal_id);
            const ownerRow = rowsById.get(row.principal_id);
            // Groups never authenticate; deactivated principals' tokens stop working without being revoked.
            if (!owner || !ownerRow || ownerRow.active !== 1 || ownerRow.kind === 'group')
                continue;
            tokensByHash.set(row.token_hash, {
                expiresAt: row.expires_at === null ? null : Number(row.expires_at),
                principal: Object.freeze({ ...owner.principal, tokenId: row.id }),
            });
        }
        const grants = new Map();
        for (const row of grantRows) {
            const key = objectKey(row.object_type, row.object_id);
            let levels = grants.get(key);
            if (!levels)
                grants.set(key, (levels = new Map()));
            levels.set(row.principal_id, row.level);
        }
        this.snapshot = { tokensByHash, principals, grants };
        this.logger.debug({ tokens: tokensByHash.size, principals: principals.size }, 'auth cache reloaded');
    }
}
//# sourceMappingURL=auth-cache.js.map