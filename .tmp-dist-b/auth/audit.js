/** Appends to `audit_log`: who created or revoked tokens, changed principals, grants or secrets. */
export async function recordAudit(db, entry, now) {
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
//# sourceMappingURL=audit.js.map