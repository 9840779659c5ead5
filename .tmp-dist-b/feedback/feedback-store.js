import { decodePageToken, encodePageToken, inScope, pageSize } from './page-token.js';
/**
 * The `feedback` table has no labels column (migration 004), so comment and labels share the `comment` column as a
 * small JSON envelope `{"comment": …, "labels": […]}`. Every write goes through `encodeNotes`, so a user's comment
 * text is always inside the envelope and can never be mistaken for one; text that does not parse as an envelope
 * (written by hand) reads as a plain comment.
 */
export function encodeNotes(comment, labels) {
    if (comment === undefined && labels.length === 0)
        return null;
    return JSON.stringify({ comment: comment ?? null, labels });
}
export function decodeNotes(text) {
    if (text === null)
        return { comment: null, labels: [] };
    try {
        const value = JSON.parse(text);
        if (typeof value === 'object' && value !== null && 'labels' in value && Array.isArray(value.labels)) {
            return {
                comment: typeof value.comment === 'string' ? value.comment : null,
                labels: value.labels.filter((label) => typeof label === 'string'),
            };
        }
    }
    catch {
        // Not an envelope: a plain comment.
    }
    return { comment: text, labels: [] };
}
export function toFeedback(row) {
    const notes = decodeNotes(row.comment);
    return {
        id: row.id,
        request_id: row.request_id,
        endpoint_name: row.endpoint_name,
        served_entity_name: row.served_entity_name,
        principal_id: row.principal_id,
        thumbs: row.thumbs === 'up' || row.thumbs === 'down' ? row.thumbs : null,
        rating: row.rating === null ? null : Number(row.rating),
        correction: row.correction,
        comment: notes.comment,
        labels: notes.labels,
        created_at: Number(row.created_at),
    };
}
export async function insertFeedback(db, row) {
    await db.insertInto('feedback').values(row).execute();
}
/** Feedback newest first, keyset-paginated on (created_at, id). */
export async function listFeedback(db, query) {
    const limit = pageSize(query.max_results);
    const cursor = query.page_token ? decodePageToken(query.page_token) : undefined;
    const { endpoints } = query;
    if (endpoints && endpoints.length === 0)
        return { feedback: [] };
    let select = db.selectFrom('feedback').selectAll();
    if (query.request_id !== undefined)
        select = select.where('request_id', '=', query.request_id);
    if (query.endpoint_name !== undefined)
        select = select.where('endpoint_name', '=', query.endpoint_name);
    if (endpoints)
        select = select.where((eb) => inScope(eb, endpoints));
    if (cursor) {
        select = select.where((eb) => eb.or([eb('created_at', '<', cursor.t), eb.and([eb('created_at', '=', cursor.t), eb('id', '<', cursor.id)])]));
    }
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit).map(toFeedback);
    const last = page.at(-1);
    return rows.length > limit && last ? { feedback: page, next_page_token: encodePageToken({ t: last.created_at, id: last.id }) } : { feedback: page };
}
/** Every piece of feedback on one call, oldest first. */
export async function feedbackOf(db, requestId) {
    const rows = await db.selectFrom('feedback').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toFeedback);
}
//# sourceMappingURL=feedback-store.js.map