import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../capture/index.js';
import type { Database } from '../storage/index.js';
import type { EndpointScope } from './types.js';

export { decodePageToken, encodePageToken, MAX_PAGE_SIZE, type Cursor } from '../capture/index.js';

export function pageSize(maxResults: number | undefined): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(maxResults ?? DEFAULT_PAGE_SIZE)));
}

type ScopedTable = 'feedback' | 'review_items';

/**
 * Rows of the endpoints in scope: same name and the endpoint's current id (or no recorded id). Names can be reused
 * after a delete, and the id keeps a new endpoint's managers from reading what was said about an old one's calls.
 */
export function inScope<T extends ScopedTable>(eb: ExpressionBuilder<Database, T>, scope: EndpointScope): Expression<SqlBool> {
  if (scope.length === 0) return sql<SqlBool>`1 = 0`;
  const builder = eb as unknown as ExpressionBuilder<Database, 'feedback'>;
  return builder.or(
    scope.map((endpoint) =>
      builder.and([builder('endpoint_name', '=', endpoint.name), builder.or([builder('endpoint_id', 'is', null), builder('endpoint_id', '=', endpoint.id)])]),
    ),
  );
}
