import { seededRandom } from '../../lib/seeded-random.js';
import type { Db } from '../../storage/index.js';
import { MAX_SAMPLE_ROWS, Reservoir } from './sampling.js';
import { Slicer, yieldToLoop } from './yield-loop.js';

/** Which calls of an endpoint a monitor reads. */
export interface CallScope {
  endpointName: string;
  /** Rows written under another endpoint of the same name (deleted and recreated) are not this monitor's. */
  endpointId: string | null;
  served_entity_name?: string | undefined;
  model_version?: string | undefined;
}

/** One call_descriptors row, parsed: its descriptors and, when asked for, its embeddings. */
export interface DescriptorRow {
  request_id: string;
  request_time: number;
  served_entity_name: string | null;
  endpoint_id: string | null;
  descriptors: Record<string, unknown>;
  prompt_embedding?: number[] | null;
  response_embedding?: number[] | null;
}

export interface WindowSample {
  rows: DescriptorRow[];
  /** Rows in the window before sampling. */
  total: number;
}

/**
 * Rows read per query; pages follow (request_time, request_id) so no row is read twice or skipped. Small enough
 * that one page (read and parsed) takes a few ms: the SQLite driver is synchronous, so a page is a stall.
 */
const PAGE_SIZE = 500;
/** Rows parsed between checks of the time slice. */
const PARSE_CHUNK = 50;

function parseEmbedding(text: string | null): number[] | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.every((item) => typeof item === 'number') ? (value as number[]) : null;
  } catch {
    return null;
  }
}

/**
 * The window's rows [from, to), reservoir-sampled down to `maxRows` with a PRNG seeded by `seed` (so a rerun over
 * the same rows compares the same sample). Memory stays bounded by `maxRows` whatever the window holds.
 */
export async function sampleWindow(
  db: Db,
  scope: CallScope,
  from: number,
  to: number,
  options: { seed: number; embeddings?: boolean; maxRows?: number },
): Promise<WindowSample> {
  const reservoir = new Reservoir<DescriptorRow>(options.maxRows ?? MAX_SAMPLE_ROWS, seededRandom(options.seed));
  let after: { time: number; id: string } | null = null;
  const slicer = new Slicer();
  for (;;) {
    let query = db
      .selectFrom('call_descriptors')
      .select(['request_id', 'request_time', 'served_entity_name', 'endpoint_id', 'descriptors'])
      .$if(options.embeddings === true, (q) => q.select(['prompt_embedding', 'response_embedding']))
      .where('endpoint_name', '=', scope.endpointName)
      .where('request_time', '>=', from)
      .where('request_time', '<', to);
    if (scope.endpointId !== null) {
      const id = scope.endpointId;
      query = query.where((eb) => eb.or([eb('endpoint_id', '=', id), eb('endpoint_id', 'is', null)]));
    }
    if (scope.served_entity_name !== undefined) query = query.where('served_entity_name', '=', scope.served_entity_name);
    if (scope.model_version !== undefined) query = query.where('model_version', '=', scope.model_version);
    if (after !== null) {
      const cursor: { time: number; id: string } = after;
      // A row-value comparison: SQLite and PostgreSQL both read it as one range of call_descriptors_endpoint_time
      // (endpoint_name, request_time, request_id), with no sort; the equivalent OR form re-scans the window.
      query = query.where((eb) => eb(eb.refTuple('request_time', 'request_id'), '>', eb.tuple(cursor.time, cursor.id)));
    }
    const page = await query.orderBy('request_time').orderBy('request_id').limit(PAGE_SIZE).execute();
    for (let index = 0; index < page.length; index++) {
      if (index % PARSE_CHUNK === 0) await slicer.tick();
      const row = page[index]!;
      let descriptors: Record<string, unknown>;
      try {
        descriptors = JSON.parse(row.descriptors) as Record<string, unknown>;
      } catch {
        continue;
      }
      const record = row as typeof row & { prompt_embedding?: string | null; response_embedding?: string | null };
      reservoir.add({
        request_id: row.request_id,
        request_time: Number(row.request_time),
        served_entity_name: row.served_entity_name,
        endpoint_id: row.endpoint_id,
        descriptors,
        ...(options.embeddings === true
          ? { prompt_embedding: parseEmbedding(record.prompt_embedding ?? null), response_embedding: parseEmbedding(record.response_embedding ?? null) }
          : {}),
      });
    }
    if (page.length < PAGE_SIZE) break;
    const last = page[page.length - 1]!;
    after = { time: Number(last.request_time), id: last.request_id };
    await slicer.yield();
  }
  return { rows: reservoir.rows, total: reservoir.seen };
}

/** Time of the first call in scope (the start of a model version's traffic), or null when there is none. */
export async function firstCallTime(db: Db, scope: CallScope): Promise<number | null> {
  let query = db
    .selectFrom('call_descriptors')
    .select((eb) => eb.fn.min<number>('request_time').as('first'))
    .where('endpoint_name', '=', scope.endpointName);
  if (scope.endpointId !== null) {
    const id = scope.endpointId;
    query = query.where((eb) => eb.or([eb('endpoint_id', '=', id), eb('endpoint_id', 'is', null)]));
  }
  if (scope.served_entity_name !== undefined) query = query.where('served_entity_name', '=', scope.served_entity_name);
  if (scope.model_version !== undefined) query = query.where('model_version', '=', scope.model_version);
  const row = await query.executeTakeFirst();
  return row?.first === null || row?.first === undefined ? null : Number(row.first);
}

/** Stored request/response JSON of calls, by id (chunked IN lists), for the judge and diversity. */
export async function callPayloads(db: Db, requestIds: readonly string[]): Promise<Map<string, { request: string | null; response: string | null; endpoint_id: string | null }>> {
  const result = new Map<string, { request: string | null; response: string | null; endpoint_id: string | null }>();
  for (let start = 0; start < requestIds.length; start += 500) {
    if (start > 0) await yieldToLoop();
    const chunk = requestIds.slice(start, start + 500);
    const rows = await db.selectFrom('inference_log').select(['request_id', 'request', 'response', 'endpoint_id']).where('request_id', 'in', chunk).execute();
    for (const row of rows) result.set(row.request_id, { request: row.request, response: row.response, endpoint_id: row.endpoint_id });
  }
  return result;
}
