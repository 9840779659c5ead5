const KEY_COLUMNS = ['endpoint_name', 'served_entity_name', 'model_version', 'minute', 'instance_id'];
/** 20 columns a row: 400 rows stay far below SQLite's 32 766 and PostgreSQL's 65 535 bound parameters. */
const ROWS_PER_STATEMENT = 400;
/**
 * Writes an instance's rows with their full cumulative state, in one transaction. Overwriting (not adding) makes a
 * retry after a commit that did land harmless, and rows of other instances are never touched.
 */
export async function upsertRollupRows(db, rows) {
    if (rows.length === 0)
        return;
    await db.transaction().execute(async (trx) => {
        for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
            await trx
                .insertInto('rollup_minutes')
                .values(rows.slice(start, start + ROWS_PER_STATEMENT))
                .onConflict((conflict) => conflict.columns([...KEY_COLUMNS]).doUpdateSet((update) => ({
                request_count: update.ref('excluded.request_count'),
                error_count: update.ref('excluded.error_count'),
                errors_by_code: update.ref('excluded.errors_by_code'),
                latency_hist: update.ref('excluded.latency_hist'),
                ttft_hist: update.ref('excluded.ttft_hist'),
                input_tokens: update.ref('excluded.input_tokens'),
                output_tokens: update.ref('excluded.output_tokens'),
                cost_usd: update.ref('excluded.cost_usd'),
                guardrail_triggers: update.ref('excluded.guardrail_triggers'),
                guardrails_by_name: update.ref('excluded.guardrails_by_name'),
                feedback_positive: update.ref('excluded.feedback_positive'),
                feedback_negative: update.ref('excluded.feedback_negative'),
                rating_sum: update.ref('excluded.rating_sum'),
                rating_count: update.ref('excluded.rating_count'),
                updated_at: update.ref('excluded.updated_at'),
            })))
                .execute();
        }
    });
}
/** Every instance's rows in the window (the `(endpoint_name, minute)` index serves it). */
export async function readRollupRows(db, filter) {
    let query = db.selectFrom('rollup_minutes').selectAll().where('minute', '>=', filter.fromMinute).where('minute', '<', filter.to);
    if (filter.endpointName !== null)
        query = query.where('endpoint_name', '=', filter.endpointName);
    if (filter.served_entity_name !== undefined)
        query = query.where('served_entity_name', '=', filter.served_entity_name);
    if (filter.model_version !== undefined)
        query = query.where('model_version', '=', filter.model_version);
    return query.execute();
}
//# sourceMappingURL=rollup-store.js.map