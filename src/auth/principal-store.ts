import type { Db, PrincipalKind, PrincipalsTable } from '../storage/index.js';
import type { PrincipalRecord } from './types.js';

export function toPrincipalRecord(row: PrincipalsTable): PrincipalRecord {
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

/** What is inserted is exactly what is read back. */
export type NewPrincipal = PrincipalRecord;

/** Rows of `principals` and `group_members`. Knows nothing about caches or change events. */
export class PrincipalStore {
  constructor(private readonly db: Db) {}

  /** Inserts the principal; returns false when one of that kind and name exists already. */
  async insert(principal: NewPrincipal): Promise<boolean> {
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

  async get(id: string): Promise<PrincipalRecord | undefined> {
    const row = await this.db.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPrincipalRecord(row) : undefined;
  }

  async findByName(kind: PrincipalKind, name: string): Promise<PrincipalRecord | undefined> {
    const row = await this.db
      .selectFrom('principals')
      .selectAll()
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toPrincipalRecord(row) : undefined;
  }

  async list(kind?: PrincipalKind): Promise<PrincipalRecord[]> {
    let query = this.db.selectFrom('principals').selectAll().orderBy('created_at').orderBy('id');
    if (kind) query = query.where('kind', '=', kind);
    return (await query.execute()).map(toPrincipalRecord);
  }

  async update(id: string, patch: { displayName?: string; isAdmin?: boolean; active?: boolean }): Promise<void> {
    const values: Partial<Pick<PrincipalsTable, 'display_name' | 'is_admin' | 'active'>> = {};
    if (patch.displayName !== undefined) values.display_name = patch.displayName;
    if (patch.isAdmin !== undefined) values.is_admin = patch.isAdmin ? 1 : 0;
    if (patch.active !== undefined) values.active = patch.active ? 1 : 0;
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('principals').set(values).where('id', '=', id).execute();
  }

  /** Deletes the principal; its tokens, grants and memberships go with it (foreign-key cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('principals').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Active principals with their own admin flag set, other than `exceptId`. */
  async countOtherActiveAdmins(exceptId: string): Promise<number> {
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

  async addMembers(groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.db
      .insertInto('group_members')
      .values(memberIds.map((memberId) => ({ group_id: groupId, member_id: memberId })))
      .onConflict((conflict) => conflict.columns(['group_id', 'member_id']).doNothing())
      .execute();
  }

  async removeMembers(groupId: string, memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.db.deleteFrom('group_members').where('group_id', '=', groupId).where('member_id', 'in', memberIds).execute();
  }

  async members(groupId: string): Promise<PrincipalRecord[]> {
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
  async groupsOf(memberId: string): Promise<PrincipalRecord[]> {
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
