import { CairnError, errors } from '../errors/index.js';
import { AttemptWindow } from './attempt-window.js';
import { recordAudit } from './audit.js';
import { AuthCache } from './auth-cache.js';
import { bootstrapAdmin } from './bootstrap.js';
import { levelSatisfies } from './permission-levels.js';
import { createPermissionAdmin } from './permission-admin.js';
import { PermissionStore } from './permission-store.js';
import { createPrincipalAdmin } from './principal-admin.js';
import { PrincipalStore } from './principal-store.js';
import { createTokenAdmin } from './token-admin.js';
import { TokenStore } from './token-store.js';
import { MAX_TOKEN_LENGTH, hashToken } from './token-value.js';
const MINUTE_MS = 60_000;
/** Throws PERMISSION_DENIED unless the principal is an admin. */
export function requireAdmin(principal) {
    if (!principal.isAdmin)
        throw errors.permissionDenied('Only admins may do this.');
}
export async function createAuth(dependencies) {
    const { db, changeFeed, logger, config } = dependencies;
    const now = dependencies.now ?? Date.now;
    const cache = new AuthCache(db, now, logger);
    const failures = new AttemptWindow(dependencies.limits?.failedAttemptsPerMinute ?? 20, MINUTE_MS, now);
    const creations = new AttemptWindow(dependencies.limits?.tokenCreationsPerMinute ?? 60, MINUTE_MS, now);
    const resolvers = new Map();
    let closed = false;
    const unsubscribe = changeFeed.subscribe((topic) => {
        if (topic !== 'auth' || closed)
            return;
        cache.refresh().catch((error) => logger.error({ err: error }, 'auth cache reload failed; serving the previous state'));
    });
    const context = {
        db,
        logger,
        now,
        cache,
        principals: new PrincipalStore(db),
        tokens: new TokenStore(db),
        permissions: new PermissionStore(db),
        async changed(key) {
            try {
                await changeFeed.publish('auth', key);
            }
            catch (error) {
                // The write is committed; at least this instance must see it. Others catch up on the next change.
                logger.error({ err: error }, 'publishing an auth change failed');
                void cache.refresh().catch(() => undefined);
            }
            await cache.settled();
        },
        audit: (entry) => recordAudit(db, entry, now()),
    };
    await cache.refresh();
    function principalOf(token) {
        if (token === undefined || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
            return undefined;
        const cached = cache.token(hashToken(token));
        if (!cached || (cached.expiresAt !== null && cached.expiresAt <= now()))
            return undefined;
        return cached.principal;
    }
    function levelOn(principal, objectType, objectId) {
        // Prefer the cache's current view: a grant or membership change applies to requests already authenticated.
        const cached = cache.principal(principal.id);
        if (cached ? cached.principal.isAdmin : principal.isAdmin)
            return 'CAN_MANAGE';
        return cache.grantedLevel(principal.id, cached?.effectiveGroupIds ?? principal.groupIds, objectType, objectId);
    }
    return {
        authenticate(token, sourceIp) {
            if (sourceIp !== undefined) {
                const waitMs = failures.blockedForMs(sourceIp);
                if (waitMs > 0) {
                    throw new CairnError('REQUEST_LIMIT_EXCEEDED', 'Too many failed authentication attempts; retry later.', {
                        headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) },
                    });
                }
            }
            const principal = principalOf(token);
            if (principal)
                return principal;
            // A missing token is not a guess; only presented tokens count towards the limit.
            if (sourceIp !== undefined && token)
                failures.note(sourceIp, token.length > MAX_TOKEN_LENGTH ? 'too-long' : hashToken(token));
            throw errors.unauthenticated();
        },
        levelOn,
        groupNamesOf(principal) {
            return cache.principal(principal.id)?.effectiveGroupNames ?? [];
        },
        require(principal, objectType, objectId, level, notFoundMessage) {
            const held = levelOn(principal, objectType, objectId);
            if (held === null)
                throw errors.notFound(notFoundMessage);
            if (!levelSatisfies(objectType, held, level)) {
                throw errors.permissionDenied(`${level} on this ${objectType === 'serving-endpoints' ? 'serving endpoint' : 'registered model'} is required.`);
            }
        },
        canCreate(principal) {
            if (principal.isAdmin)
                return true;
            return principal.kind === 'user';
        },
        async grantOwner(objectType, objectId, principalId) {
            if (!(await context.principals.get(principalId))) {
                logger.warn({ objectType, objectId, principalId }, 'owner grant skipped: principal does not exist');
                return;
            }
            await context.permissions.set(objectType, objectId, [{ principalId, level: 'CAN_MANAGE' }], false);
            await context.changed(`${objectType}/${objectId}`);
        },
        async removeObject(objectType, objectId) {
            await context.permissions.removeObject(objectType, objectId);
            await context.changed(`${objectType}/${objectId}`);
        },
        async bootstrapAdmin() {
            const { admin, newToken } = await bootstrapAdmin(context, config.admin_token);
            if (!admin)
                throw new Error('bootstrap produced no admin');
            const principal = cache.principal(admin.id)?.principal ?? {
                id: admin.id,
                kind: admin.kind,
                name: admin.name,
                displayName: admin.displayName,
                isAdmin: true,
                groupIds: [],
            };
            return { principal, newToken };
        },
        tokens: createTokenAdmin(context, creations),
        principals: createPrincipalAdmin(context),
        permissions: createPermissionAdmin(context),
        registerObjectResolver(objectType, resolver) {
            resolvers.set(objectType, resolver);
        },
        async objectExists(objectType, objectId) {
            const resolver = resolvers.get(objectType);
            return resolver ? resolver(objectId) : false;
        },
        refresh: () => cache.refresh(),
        close() {
            closed = true;
            unsubscribe();
        },
    };
}
//# sourceMappingURL=auth-service.js.map