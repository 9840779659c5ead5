import { randomBytes, randomUUID } from 'node:crypto';
import { generateTokenValue, hashToken } from './token-value.js';
export const ADMIN_USER_NAME = 'admin';
/** Marks the token that mirrors `admin_token`, so changing the configured value revokes the old one. */
export const CONFIGURED_TOKEN_COMMENT = 'bootstrap admin token (CAIRN_ADMIN_TOKEN)';
const INITIAL_TOKEN_COMMENT = 'initial admin token';
async function ensureAdminUser(context) {
    const { principals } = context;
    // insert is a no-op when another instance created the user first
    await principals.insert({
        id: randomUUID(),
        kind: 'user',
        name: ADMIN_USER_NAME,
        displayName: 'Administrator',
        isAdmin: true,
        active: true,
        createdAt: context.now(),
    });
    const admin = await principals.findByName('user', ADMIN_USER_NAME);
    if (!admin)
        throw new Error('admin user vanished during bootstrap');
    if (!admin.isAdmin || !admin.active) {
        await principals.update(admin.id, { isAdmin: true, active: true });
        return { ...admin, isAdmin: true, active: true };
    }
    return admin;
}
async function insertToken(context, principalId, value, comment) {
    const id = randomBytes(16).toString('hex');
    await context.tokens.insert({
        id,
        principal_id: principalId,
        token_hash: hashToken(value),
        comment,
        created_at: context.now(),
        expires_at: null,
        created_by: null,
    });
    return id;
}
/**
 * With a configured admin token: makes sure user `admin` exists and that token is a live token of it
 * (idempotent across restarts and instances; a previously configured value is revoked). Without one:
 * creates `admin` and a fresh token when no active admin user exists, and returns its value once.
 */
export async function bootstrapAdmin(context, configuredToken) {
    if (configuredToken) {
        const admin = await ensureAdminUser(context);
        const tokenHash = hashToken(configuredToken);
        let existing = await context.tokens.findByHash(tokenHash);
        if (!existing) {
            try {
                await insertToken(context, admin.id, configuredToken, CONFIGURED_TOKEN_COMMENT);
            }
            catch (error) {
                // another instance inserted the same hash concurrently; use its row
                if (!(await context.tokens.findByHash(tokenHash)))
                    throw error;
            }
            existing = await context.tokens.findByHash(tokenHash);
        }
        if (!existing)
            throw new Error('configured admin token vanished during bootstrap');
        if (existing.principal_id !== admin.id || existing.revoked_at !== null || existing.expires_at !== null) {
            await context.tokens.reinstate(existing.id, admin.id, CONFIGURED_TOKEN_COMMENT);
        }
        await context.tokens.revokeByComment(admin.id, CONFIGURED_TOKEN_COMMENT, existing.id, context.now());
        await context.changed(`principal/${admin.id}`);
        return { admin, newToken: null };
    }
    const activeAdmins = (await context.principals.list('user')).filter((user) => user.isAdmin && user.active);
    if (activeAdmins.length > 0)
        return { admin: activeAdmins[0], newToken: null };
    const admin = await ensureAdminUser(context);
    const value = generateTokenValue();
    const tokenId = await insertToken(context, admin.id, value, INITIAL_TOKEN_COMMENT);
    await context.audit({ principalId: null, action: 'token.create', objectType: 'token', objectId: tokenId, details: { owner_id: admin.id, bootstrap: true } });
    await context.changed(`principal/${admin.id}`);
    return { admin, newToken: value };
}
//# sourceMappingURL=bootstrap.js.map