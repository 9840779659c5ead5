/**
 * Takes or renews the lease `name` for `holder` until `now + ttlMs`. True when `holder` holds it afterwards.
 * One instance at a time runs each background loop (alert evaluation, monitors, retention): the others try again on
 * their next tick and take over once the holder stops renewing. One conditional UPDATE decides, so two instances
 * can never both win on either dialect.
 */
export async function acquireLease(db, name, holder, ttlMs, now = Date.now()) {
    await db.insertInto('leases').values({ name, holder: '', expires_at: 0 }).onConflict((conflict) => conflict.column('name').doNothing()).execute();
    const result = await db
        .updateTable('leases')
        .set({ holder, expires_at: now + ttlMs })
        .where('name', '=', name)
        .where((where) => where.or([where('holder', '=', holder), where('expires_at', '<=', now)]))
        .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
}
/** Gives the lease up (on shutdown) so another instance takes over at once instead of after the TTL. */
export async function releaseLease(db, name, holder) {
    await db.updateTable('leases').set({ expires_at: 0 }).where('name', '=', name).where('holder', '=', holder).execute();
}
//# sourceMappingURL=lease.js.map