/**
 * Inference log, second step:
 * - `endpoint_id`: the id of the endpoint that served the row. Names can be reused after a delete; the id tells
 *   the rows of a deleted endpoint from those of a new one with the same name, so a new owner never reads the old
 *   endpoint's payloads.
 * - indexes end in `request_id`, the tie-breaker of the newest-first keyset pagination, so a page is one index range.
 */
export async function up(db, _context) {
    await db.schema.alterTable('inference_log').addColumn('endpoint_id', 'text').execute();
    await db.schema.dropIndex('inference_log_endpoint_time').execute();
    await db.schema.dropIndex('inference_log_time').execute();
    await db.schema
        .createIndex('inference_log_endpoint_time_id')
        .on('inference_log')
        .columns(['endpoint_name', 'request_time', 'request_id'])
        .execute();
    await db.schema.createIndex('inference_log_time_id').on('inference_log').columns(['request_time', 'request_id']).execute();
}
//# sourceMappingURL=002-inference-log.js.map