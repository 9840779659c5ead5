import type { Logger } from 'pino';
import type { Db, PrincipalKind } from '../storage/index.js';
import { higherLevel } from './permission-levels.js';
import type { ObjectType, PermissionLevel, Principal } from './types.js';

interface CachedToken {
  expiresAt: number | null;
  /** Frozen, with `tokenId` set: handed out as is on every request. */
  principal: Principal;
}

interface CachedPrincipal {
  principal: Principal;
  /** Direct and indirect groups (groups may contain groups). */
  effectiveGroupIds: ReadonlySet<string>;
  /** Names of those groups (what rate limits and budgets name). */
  effectiveGroupNames: readonly string[];
}

interface Snapshot {
  tokensByHash: ReadonlyMap<string, CachedToken>;
  principals: ReadonlyMap<string, CachedPrincipal>;
  /** `type\0id` → principal id → level. */
  grants: ReadonlyMap<string, ReadonlyMap<string, PermissionLevel>>;
}

const emptySnapshot: Snapshot = { tokensByHash: new Map(), principals: new Map(), grants: new Map() };

function objectKey(objectType: ObjectType, objectId: string): string {
  return `${objectType}\0${objectId}`;
}

/**
 * Everything the request path asks of auth, held in memory: tokens by hash, principals with their
 * groups, and grants. Rebuilt whole from the database on every `auth` change event — the tables are
 * small next to the cost of getting incremental invalidation subtly wrong — and swapped in atomically,
 * so a reader never sees half an update.
 */
export class AuthCache {
  private snapshot: Snapshot = emptySnapshot;
  private current: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /**
   * Schedules a reload that starts after this call, so it sees every write committed before it;
   * calls made while one is pending share it.
   */
  refresh(): Promise<void> {
    if (this.next) return this.next;
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
  async settled(): Promise<void> {
    const pending = this.next ?? this.current;
    if (pending) await pending.catch(() => undefined);
  }

  token(tokenHash: string): CachedToken | undefined {
    return this.snapshot.tokensByHash.get(tokenHash);
  }

  principal(id: string): CachedPrincipal | undefined {
    return this.snapshot.principals.get(id);
  }

  /** The highest direct or group-inherited grant; admin status is the caller's business. */
  grantedLevel(principalId: string, groupIds: Iterable<string>, objectType: ObjectType, objectId: string): PermissionLevel | null {
    const grants = this.snapshot.grants.get(objectKey(objectType, objectId));
    if (!grants) return null;
    let best = grants.get(principalId) ?? null;
    for (const groupId of groupIds) best = higherLevel(objectType, best, grants.get(groupId));
    return best;
  }

  private start(): Promise<void> {
    const running: Promise<void> = this.load().finally(() => {
      if (this.current === running) this.current = undefined;
    });
    this.current = running;
    return running;
  }

  private async load(): Promise<void> {
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

    const directGroups = new Map<string, string[]>();
    for (const row of memberRows) {
      const groups = directGroups.get(row.member_id);
      if (groups) groups.push(row.group_id);
      else directGroups.set(row.member_id, [row.group_id]);
    }
    const rowsById = new Map(principalRows.map((row) => [row.id, row]));
    const effectiveGroups = (id: string): Set<string> => {
      const seen = new Set<string>();
      const stack = [...(directGroups.get(id) ?? [])];
      while (stack.length > 0) {
        const groupId = stack.pop() as string;
        if (seen.has(groupId)) continue;
        seen.add(groupId);
        stack.push(...(directGroups.get(groupId) ?? []));
      }
      return seen;
    };

    const principals = new Map<string, CachedPrincipal>();
    for (const row of principalRows) {
      const effectiveGroupIds = effectiveGroups(row.id);
      // An admin group makes its members admins, so the flag is resolved through groups as well.
      const isAdmin = row.is_admin === 1 || [...effectiveGroupIds].some((groupId) => rowsById.get(groupId)?.is_admin === 1);
      const principal: Principal = Object.freeze({
        id: row.id,
        kind: row.kind as PrincipalKind,
        name: row.name,
        displayName: row.display_name,
        isAdmin,
        groupIds: Object.freeze([...(directGroups.get(row.id) ?? [])]),
      });
      const effectiveGroupNames = Object.freeze([...effectiveGroupIds].flatMap((groupId) => rowsById.get(groupId)?.name ?? []));
      principals.set(row.id, { principal, effectiveGroupIds, effectiveGroupNames });
    }

    const tokensByHash = new Map<string, CachedToken>();
    for (const row of tokenRows) {
      const owner = principals.get(row.principal_id);
      const ownerRow = rowsById.get(row.principal_id);
      // Groups never authenticate; deactivated principals' tokens stop working without being revoked.
      if (!owner || !ownerRow || ownerRow.active !== 1 || ownerRow.kind === 'group') continue;
      tokensByHash.set(row.token_hash, {
        expiresAt: row.expires_at === null ? null : Number(row.expires_at),
        principal: Object.freeze({ ...owner.principal, tokenId: row.id }),
      });
    }

    const grants = new Map<string, Map<string, PermissionLevel>>();
    for (const row of grantRows) {
      const key = objectKey(row.object_type as ObjectType, row.object_id);
      let levels = grants.get(key);
      if (!levels) grants.set(key, (levels = new Map()));
      levels.set(row.principal_id, row.level as PermissionLevel);
    }

    this.snapshot = { tokensByHash, principals, grants };
    this.logger.debug({ tokens: tokensByHash.size, principals: principals.size }, 'auth cache reloaded');
  }
}
