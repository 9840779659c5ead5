import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { errors } from '../errors/index.js';
import type { Database } from '../storage/index.js';
import type { EndpointScope } from './types.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** The cursor: the sort key of the previous page's last row. Opaque to clients (base64url JSON). */
const cursorSchema = z.object({ t: z.number().int(), id: z.string().max(256) }).strict();
export type Cursor = z.infer<typeof cursorSchema>;

export function encodePageToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodePageToken(token: string): Cursor {
  try {
    if (token.length > 1024) throw new Error('too long');
    return cursorSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw errors.invalid('page_token is not a token returned by this API.');
  }
}

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
