import type { Selectable } from 'kysely';
import { z } from 'zod';
import { errors } from '../errors/index.js';
import type { Db, InferenceLogTable } from '../storage/index.js';
import type { InferenceLogEntry, InferenceLogPage, InferenceLogQuery, InferenceLogReader, StatusClass } from './types.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * The cursor of a newest-first keyset page: the (time, id) of the previous page's last row. Opaque to clients
 * (base64url JSON). Also used by the feedback and review lists, which page the same way.
 */
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

const statusRanges: Readonly<Record<StatusClass, [number, number]>> = {
  '1xx': [100, 199],
  '2xx': [200, 299],
  '3xx': [300, 399],
  '4xx': [400, 499],
  '5xx': [500, 599],
  error: [400, 999],
};

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function parseCodes(text: string): string[] {
  const parsed = parseJson(text);
  return Array.isArray(parsed) ? parsed.filter((code): code is string => typeof code === 'string') : [];
}

function parseArray(text: string | null): unknown[] | null {
  const parsed = parseJson(text);
  return Array.isArray(parsed) ? parsed : null;
}

export function toEntry(row: Selectable<InferenceLogTable>): InferenceLogEntry {
  return {
    request_id: row.request_id,
    client_request_id: row.client_request_id,
    trace_id: row.trace_id,
    request_time: Number(row.request_time),
    request_date: row.request_date,
    endpoint_name: row.endpoint_name,
    endpoint_id: row.endpoint_id,
    config_version: row.config_version,
    served_entity_id: row.served_entity_id,
    served_entity_name: row.served_entity_name,
    model_name: row.model_name,
    model_version: row.model_version,
    requester: row.requester,
    status_code: row.status_code,
    error_code: row.error_code,
    execution_duration_ms: row.execution_duration_ms,
    ttft_ms: row.ttft_ms,
    overhead_ms: row.overhead_ms,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    stream: Boolean(row.stream),
    request: parseJson(row.request),
    response: parseJson(row.response),
    logging_error_codes: parseCodes(row.logging_error_codes),
    cost_usd: row.cost_usd,
    usage_estimated: row.usage_estimated === null ? null : Boolean(row.usage_estimated),
    guardrail_results: parseArray(row.guardrail_results),
    attempts: parseArray(row.attempts),
  };
}

/** Reads the inference table back: filters, newest first, keyset pagination on (request_time, request_id). */
export function createInferenceLogReader(db: Db): InferenceLogReader {
  return {
    async query(filters: InferenceLogQuery): Promise<InferenceLogPage> {
      const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(filters.max_results ?? DEFAULT_PAGE_SIZE)));
      const cursor = filters.page_token ? decodePageToken(filters.page_token) : undefined;
      if (filters.endpoints && filters.endpoints.length === 0) return { rows: [] };

      let query = db.selectFrom('inference_log').selectAll();
      if (filters.endpoint_name !== undefined) query = query.where('endpoint_name', '=', filters.endpoint_name);
      if (filters.endpoints) {
        const names = [...new Set(filters.endpoints.map((endpoint) => endpoint.name))];
        const ids = filters.endpoints.map((endpoint) => endpoint.id).filter((id): id is string => id !== null);
        query = query.where('endpoint_name', 'in', names);
        // Rows of an earlier endpoint that had the same name carry its (different) id and stay hidden.
        if (ids.length > 0) query = query.where((eb) => eb.or([eb('endpoint_id', 'is', null), eb('endpoint_id', 'in', ids)]));
      }
      if (filters.served_entity_name !== undefined) query = query.where('served_entity_name', '=', filters.served_entity_name);
      if (filters.requester !== undefined) query = query.where('requester', '=', filters.requester);
      if (filters.status_code !== undefined) query = query.where('status_code', '=', filters.status_code);
      if (filters.status_class !== undefined) {
        const [low, high] = statusRanges[filters.status_class];
        query = query.where('status_code', '>=', low).where('status_code', '<=', high);
      }
      if (filters.start_time_ms !== undefined) query = query.where('request_time', '>=', filters.start_time_ms);
      if (filters.end_time_ms !== undefined) query = query.where('request_time', '<=', filters.end_time_ms);
      if (cursor) {
        query = query.where((eb) =>
          eb.or([eb('request_time', '<', cursor.t), eb.and([eb('request_time', '=', cursor.t), eb('request_id', '<', cursor.id)])]),
        );
      }
      const rows = await query.orderBy('request_time', 'desc').orderBy('request_id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit).map(toEntry);
      const last = page[page.length - 1];
      return rows.length > limit && last ? { rows: page, next_page_token: encodePageToken({ t: last.request_time, id: last.request_id }) } : { rows: page };
    },

    async get(requestId: string): Promise<InferenceLogEntry | undefined> {
      const row = await db.selectFrom('inference_log').selectAll().where('request_id', '=', requestId).executeTakeFirst();
      return row ? toEntry(row) : undefined;
    },
  };
}
