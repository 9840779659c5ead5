export const MAX_LIST = 1000;
function channelName(channel) {
    try {
        const parsed = JSON.parse(channel);
        return typeof parsed.name === 'string' ? parsed.name : '';
    }
    catch {
        return '';
    }
}
export function toView(row) {
    return {
        id: row.id,
        event_id: Number(row.event_id),
        rule_id: row.rule_id,
        endpoint_name: row.endpoint_name ?? null,
        kind: row.kind,
        channel: channelName(row.channel),
        status: row.status,
        attempts: Number(row.attempts),
        next_attempt_at: Number(row.next_attempt_at),
        last_error: row.last_error,
        created_at: Number(row.created_at),
        delivered_at: row.delivered_at === null ? null : Number(row.delivered_at),
    };
}
/**
 * alert_deliveries. Several instances deliver from the same table: a row is claimed by one conditional UPDATE that
 * moves `next_attempt_at` past the attempt's timeout, and only the instance whose UPDATE matched sends. Outcomes
 * are written under the same condition, so a late writer whose claim had expired cannot overwrite a newer state.
 */
export function createDeliveryStore(db) {
    return {
        async insert(rows) {
            if (rows.length > 0)
                await db.insertInto('alert_deliveries').values(rows).execute();
        },
        /** Due rows, oldest first; candidates only, not yet claimed. */
        async due(now, limit) {
            return db
                .selectFrom('alert_deliveries')
                .selectAll()
                .where('status', '=', 'pending')
                .where('next_attempt_at', '<=', now)
                .orderBy('next_attempt_at')
                .limit(limit)
                .execute();
        },
        /** True when this caller won the row until `claimUntil`. */
        async claim(id, seenNextAttemptAt, claimUntil) {
            const result = await db
                .updateTable('alert_deliveries')
                .set({ next_attempt_at: claimUntil })
                .where('id', '=', id)
                .where('status', '=', 'pending')
                .where('next_attempt_at', '=', seenNextAttemptAt)
                .executeTakeFirst();
            return Number(result.numUpdatedRows) === 1;
        },
        async settle(id, claimUntil, outcome) {
            const result = await db
                .updateTable('alert_deliveries')
                .set({
                status: outcome.status,
                attempts: outcome.attempts,
                next_attempt_at: outcome.nextAttemptAt,
                last_error: outcome.lastError,
                delivered_at: outcome.deliveredAt,
            })
                .where('id', '=', id)
                .where('status', '=', 'pending')
                .where('next_attempt_at', '=', claimUntil)
                .executeTakeFirst();
            return Number(result.numUpdatedRows) === 1;
        },
        async get(id) {
            const row = await db
                .selectFrom('alert_deliveries')
                .leftJoin('alert_rules', 'alert_rules.id', 'alert_deliveries.rule_id')
                .selectAll('alert_deliveries')
                .select('alert_rules.endpoint_name')
                .where('alert_deliveries.id', '=', id)
                .executeTakeFirst();
            return row ? toView(row) : undefined;
        },
        async list(filter) {
            if (filter.ruleIds !== undefined && filter.ruleIds.length === 0)
                return [];
            let query = db
                .selectFrom('alert_deliveries')
                .leftJoin('alert_rules', 'alert_rules.id', 'alert_deliveries.rule_id')
                .selectAll('alert_deliveries')
                .select('alert_rules.endpoint_name');
            if (filter.ruleId !== undefined)
                query = query.where('alert_deliveries.rule_id', '=', filter.ruleId);
            if (filter.ruleIds !== undefined)
                query = query.where('alert_deliveries.rule_id', 'in', [...filter.ruleIds]);
            if (filter.status !== undefined)
                query = query.where('alert_deliveries.status', '=', filter.status);
            const limit = Math.min(Math.max(1, filter.limit ?? 100), MAX_LIST);
            const rows = await query.orderBy('alert_deliveries.created_at', 'desc').orderBy('alert_deliveries.id', 'desc').limit(limit).execute();
            return rows.map(toView);
        },
        /** dead → pending, due now, with a fresh retry schedule. False when the row is not dead. */
        async requeue(id, now) {
            const result = await db
                .updateTable('alert_deliveries')
                .set({ status: 'pending', attempts: 0, next_attempt_at: now })
                .where('id', '=', id)
                .where('status', '=', 'dead')
                .executeTakeFirst();
            return Number(result.numUpdatedRows) === 1;
        },
        /** The endpoint a rule watches: undefined when there is no such rule, null for a rule without endpoint. */
        async ruleEndpoint(ruleId) {
            const row = await db.selectFrom('alert_rules').select('endpoint_name').where('id', '=', ruleId).executeTakeFirst();
            return row ? row.endpoint_name : undefined;
        },
        /** Ids of the rules on these endpoints. */
        async rulesOn(endpointNames) {
            if (endpointNames.length === 0)
                return [];
            const rows = await db.selectFrom('alert_rules').select('id').where('endpoint_name', 'in', [...endpointNames]).execute();
            return rows.map((row) => row.id);
        },
    };
}
//# sourceMappingURL=delivery-store.js.map