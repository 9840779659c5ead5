import type { Db, TokensTable } from '../storage/index.js';
import type { TokenInfo } from './types.js';

function toTokenInfo(row: Omit<TokensTable, 'token_hash' | 'revoked_at'>): TokenInfo {
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
const infoColumns = ['id', 'principal_id', 'comment', 'created_at', 'expires_at', 'created_by'] as const;

/** Rows of `tokens`. Revoked tokens stay (for the audit trail) but are invisible here. */
export class TokenStore {
  constructor(private readonly db: Db) {}

  async insert(row: Omit<TokensTable, 'revoked_at'>): Promise<void> {
    await this.db.insertInto('tokens').values({ ...row, revoked_at: null }).execute();
  }

  async get(id: string): Promise<TokenInfo | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .select(infoColumns)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toTokenInfo(row) : undefined;
  }

  async list(filter: { principalId?: string; createdBy?: string } = {}): Promise<TokenInfo[]> {
    let query = this.db.selectFrom('tokens').select(infoColumns).where('revoked_at', 'is', null);
    if (filter.principalId !== undefined) query = query.where('principal_id', '=', filter.principalId);
    if (filter.createdBy !== undefined) query = query.where('created_by', '=', filter.createdBy);
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toTokenInfo);
  }

  /** Marks the token revoked; false when it does not exist or was revoked already. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every live token of the principal with this comment, except `keepId`. */
  async revokeByComment(principalId: string, comment: string, keepId: string, at: number): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ revoked_at: at })
      .where('principal_id', '=', principalId)
      .where('comment', '=', comment)
      .where('id', '!=', keepId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async findByHash(tokenHash: string): Promise<Pick<TokensTable, 'id' | 'principal_id' | 'revoked_at' | 'expires_at'> | undefined> {
    return this.db
      .selectFrom('tokens')
      .select(['id', 'principal_id', 'revoked_at', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Points an existing token row (found by hash) at the principal again, live and without expiry. */
  async reinstate(id: string, principalId: string, comment: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ principal_id: principalId, revoked_at: null, expires_at: null, comment })
      .where('id', '=', id)
      .execute();
  }
}
