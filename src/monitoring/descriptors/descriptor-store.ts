import type { Insertable } from 'kysely';
import type { CallDescriptorsTable, Db } from '../../storage/index.js';
import type { CallDescriptors, DescribedCall } from './types.js';

/** Rows per INSERT statement: 10 columns each stays far under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 200;

/** Writes one batch in one transaction; a row already there (a retried batch) is left as it is. */
export async function writeDescriptorRows(db: Db, rows: ReadonlyArray<Insertable<CallDescriptorsTable>>): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (transaction) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await transaction
        .insertInto('call_descriptors')
        .values(rows.slice(start, start + ROWS_PER_STATEMENT))
        .onConflict((conflict) => conflict.column('request_id').doNothing())
        .execute();
    }
  });
}

export interface DescriptorQuery {
  endpoint_name: string;
  /** Rows of this endpoint id or of unknown id (a reused name must not show an old endpoint's rows). */
  endpoint_id?: string | null;
  from?: number;
  to?: number;
  max_results?: number;
  include_embeddings?: boolean;
}

/** A stored row with its JSON columns parsed; embeddings only when asked for. */
export interface DescriptorEntry extends DescribedCall {
  status_code: number;
  prompt_embedding?: number[] | null;
  response_embedding?: number[] | null;
}

export const DEFAULT_DESCRIPTOR_PAGE = 100;
export const MAX_DESCRIPTOR_PAGE = 1000;

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Newest first, within [from, to] (inclusive, ms). */
export async function queryDescriptorRows(db: Db, query: DescriptorQuery): Promise<DescriptorEntry[]> {
  const limit = Math.min(Math.max(1, query.max_results ?? DEFAULT_DESCRIPTOR_PAGE), MAX_DESCRIPTOR_PAGE);
  let select = db
    .selectFrom('call_descriptors')
    .select(['request_id', 'endpoint_name', 'endpoint_id', 'served_entity_name', 'model_version', 'request_time', 'status_code', 'descriptors'])
    .where('endpoint_name', '=', query.endpoint_name);
  if (query.include_embeddings) select = select.select(['prompt_embedding', 'response_embedding']);
  if (query.endpoint_id !== undefined && query.endpoint_id !== null) {
    const id = query.endpoint_id;
    select = select.where((eb) => eb.or([eb('endpoint_id', '=', id), eb('endpoint_id', 'is', null)]));
  }
  if (query.from !== undefined) select = select.where('request_time', '>=', query.from);
  if (query.to !== undefined) select = select.where('request_time', '<=', query.to);
  const rows = await select.orderBy('request_time', 'desc').orderBy('request_id', 'desc').limit(limit).execute();
  return rows.map((row) => {
    const entry: DescriptorEntry = {
      request_id: row.request_id,
      endpoint_name: row.endpoint_name,
      endpoint_id: row.endpoint_id,
      served_entity_name: row.served_entity_name,
      model_version: row.model_version,
      request_time: Number(row.request_time),
      status_code: Number(row.status_code),
      descriptors: parseJson<CallDescriptors>(row.descriptors, {}),
    };
    if (query.include_embeddings) {
      const withEmbeddings = row as typeof row & { prompt_embedding: string | null; response_embedding: string | null };
      entry.prompt_embedding = parseJson<number[] | null>(withEmbeddings.prompt_embedding, null);
      entry.response_embedding = parseJson<number[] | null>(withEmbeddings.response_embedding, null);
    }
    return entry;
  });
}
