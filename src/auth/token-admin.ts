import { randomBytes, randomUUID } from 'node:crypto';
import { CairnError, errors } from '../errors/index.js';
import type { AttemptWindow } from './attempt-window.js';
import type { AuthContext } from './auth-context.js';
import { generateTokenValue, hashToken } from './token-value.js';
import type { CreatedToken, TokenInfo } from './types.js';

/** Longest token lifetime accepted: ten years, far beyond any sane rotation policy. */
export const MAX_TOKEN_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;

export interface CreateTokenOptions {
  comment?: string;
  /** Seconds until expiry; absent or 0 means the token never expires. */
  lifetimeSeconds?: number;
  /** Principal id of the creator (audited; the one rate-limited); null for internal calls. */
  createdBy: string | null;
}

export interface TokenAdmin {
  create(ownerId: string, options: CreateTokenOptions): Promise<CreatedToken>;
  /** Live (unrevoked) tokens, optionally of one owner or one creator. */
  list(filter?: { principalId?: string; createdBy?: string }): Promise<TokenInfo[]>;
  /** Throws RESOURCE_DOES_NOT_EXIST for unknown or revoked ids. */
  get(id: string): Promise<TokenInfo>;
  /** Revokes; takes effect on every instance within `cache_refresh_ms`. Throws RESOURCE_DOES_NOT_EXIST. */
  revoke(id: string, actorId: string | null): Promise<void>;
}

export function createTokenAdmin(context: AuthContext, creations: AttemptWindow): TokenAdmin {
  const notFound = (id: string) => errors.notFound(`Token ${id} does not exist.`);
  return {
    async create(ownerId, options) {
      const owner = await context.principals.get(ownerId);
      if (!owner || owner.kind === 'group') throw errors.invalid('Tokens can be created for users and service principals only.');
      if (!owner.active) throw errors.invalid(`Principal ${owner.name} is deactivated.`);
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
      const info: TokenInfo = {
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
      if (!info) throw notFound(id);
      return info;
    },

    async revoke(id, actorId) {
      if (!(await context.tokens.revoke(id, context.now()))) throw notFound(id);
      await context.audit({ principalId: actorId, action: 'token.revoke', objectType: 'token', objectId: id });
      await context.changed(`token/${id}`);
    },
  };
}
