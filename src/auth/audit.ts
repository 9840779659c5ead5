import type { Db } from '../storage/index.js';

export interface AuditEntry {
  principalId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  /** Never secrets or token values. */
  details?: Record<string, unknown>;
}

/** Appends to `audit_log`: who created or revoked tokens, changed principals, grants or secrets. */
export async function recordAudit(db: Db, entry: AuditEntry, now: number): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      time: now,
      principal_id: entry.principalId,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
