import type { Insertable, Selectable } from 'kysely';
import type { Db, FeedbackTable } from '../storage/index.js';
import { parseLabels } from './feedback-input.js';
import { decodePageToken, encodePageToken, inScope, pageSize } from './page-token.js';
import type { FeedbackListQuery, FeedbackRecord } from './types.js';

export function toFeedback(row: Selectable<FeedbackTable>): FeedbackRecord {
  return {
    id: row.id,
    request_id: row.request_id,
    endpoint_name: row.endpoint_name,
    served_entity_name: row.served_entity_name,
    principal_id: row.principal_id,
    thumbs: row.thumbs === 'up' || row.thumbs === 'down' ? row.thumbs : null,
    rating: row.rating === null ? null : Number(row.rating),
    correction: row.correction,
    comment: row.comment,
    labels: parseLabels(row.labels),
    created_at: Number(row.created_at),
  };
}

export async function insertFeedback(db: Db, row: Insertable<FeedbackTable>): Promise<void> {
  await db.insertInto('feedback').values(row).execute();
}

/** Feedback newest first, keyset-paginated on (created_at, id). */
export async function listFeedback(db: Db, query: FeedbackListQuery): Promise<{ feedback: FeedbackRecord[]; next_page_token?: string }> {
  const limit = pageSize(query.max_results);
  const cursor = query.page_token ? decodePageToken(query.page_token) : undefined;
  const { endpoints } = query;
  if (endpoints && endpoints.length === 0) return { feedback: [] };
  let select = db.selectFrom('feedback').selectAll();
  if (query.request_id !== undefined) select = select.where('request_id', '=', query.request_id);
  if (query.endpoint_name !== undefined) select = select.where('endpoint_name', '=', query.endpoint_name);
  if (endpoints) select = select.where((eb) => inScope(eb, endpoints));
  if (cursor) {
    select = select.where((eb) => eb.or([eb('created_at', '<', cursor.t), eb.and([eb('created_at', '=', cursor.t), eb('id', '<', cursor.id)])]));
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit).map(toFeedback);
  const last = page.at(-1);
  return rows.length > limit && last ? { feedback: page, next_page_token: encodePageToken({ t: last.created_at, id: last.id }) } : { feedback: page };
}

/** Every piece of feedback on one call, oldest first. */
export async function feedbackOf(db: Db, requestId: string): Promise<FeedbackRecord[]> {
  const rows = await db.selectFrom('feedback').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toFeedback);
}
