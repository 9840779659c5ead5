import { randomBytes, randomUUID } from 'node:crypto';
import { CairnError, errors } from '../errors/index.js';
import { generateTokenValue, hashToken } from './token-value.js';
/** Longest token lifetime accepted: ten years, far beyond any sane rotation policy. */
export const MAX_TOKEN_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;
export function createTokenAdmin(context, creations) {
    const notFound = (id) => errors.notFound(`Token ${id} does not exist.`);
    return {
        async create(ownerId, options) {
            const owner = await context.principals.get(ownerId);
            if (!owner || owner.kind === 'group')
                throw errors.invalid('Tokens can be created for users and service principals only.');
            if (!owner.active)
                throw errors.invalid(`Principal ${owner.name} is deactivated.`);
            const lifetime = options.lifetimeSeconds ?? 0;
            if (!Number.isInteger(lifetime) || lifetime < 0 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
                throw errors.invalid(`lifetime_seconds must be an integer between 0 and ${MAX_TOKEN_LIFETIME_SECONDS}.`);
            }
            // SEC API6: token creation is a sensitive flow, so it is rate limited per creator.
            const limitKey = options.createdBy ?? ownerId;
            const waitMs = creations.blockedForMs(limitKey);
            if (waitMs > 0) {
                throw new CairnError('REQUEST_LIMIT_EXCEEDED', 'Too many tokens created recently; retry later.', {
                    headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) },
                });
            }
            creations.note(limitKey, randomUUID());
            const value = generateTokenValue();
            const createdAt = context.now();
            const info = {
                id: randomBytes(16).toString('hex'),
                principalId: owner.id,
                comment: options.comment ?? '',
                createdAt,
                expiresAt: lifetime > 0 ? createdAt + lifetime * 1000 : null,
                createdBy: options.createdBy,
            };
            await context.tokens.insert({
                id: info.id,
                principal_id: info.principalId,
                token_hash: hashToken(value),
                comment: info.comment,
                created_at: info.createdAt,
                expires_at: info.expiresAt,
                created_by: info.createdBy,
            });
            await context.audit({
                principalId: options.createdBy,
                action: 'token.create',
                objectType: 'token',
                objectId: info.id,
                details: { owner_id: owner.id, expires_at: info.expiresAt },
            });
            await context.changed(`token/${info.id}`);
            return { value, info };
        },
        list: (filter) => context.tokens.list(filter),
        async get(id) {
            const info = await context.tokens.get(id);
            if (!info)
                throw notFound(id);
            return info;
        },
        async revoke(id, actorId) {
            if (!(await context.tokens.revoke(id, context.now())))
                throw notFound(id);
            await context.audit({ principalId: actorId, action: 'token.revoke', objectType: 'token', objectId: id });
            await context.changed(`token/${id}`);
        },
    };
}
//# sourceMappingURL=token-admin.js.map