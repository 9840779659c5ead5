import type { Db } from '../storage/index.js';

/**
 * Display names of the principals that claimed or decided review items, by id, in one query. Claims and decisions
 * store the principal id (names are unique only per kind: a user and a service principal may share one), and the
 * API shows the name beside it. Auth keeps principals in memory but exposes no lookup by id, and a page of items
 * names only a handful of reviewers, so one small `IN` query per page is the cheap honest answer.
 */
export async function principalNames(db: Db, ids: Iterable<string | null>): Promise<ReadonlyMap<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('principals').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The name to show for a reviewer id: a deleted principal shows as its id. */
export function displayName(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}
