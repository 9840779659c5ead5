import { CairnError } from '../errors/index.js';

/** `order_by`, `max_results` and `page_token` of the MLflow search APIs. Pure functions. */

export type SortDirection = 'asc' | 'desc';

export interface SortKey {
  /** Canonical attribute, a key of the spec's `attributes`. */
  attribute: string;
  direction: SortDirection;
}

export interface OrderSpec {
  /** Accepted spellings → canonical attribute (`timestamp` → `last_updated_timestamp`, as MLflow). */
  attributes: Readonly<Record<string, string>>;
  /** Appended after the caller's keys so every order is total and pages never overlap. */
  tiebreak: readonly SortKey[];
  /** Used when the caller gives no order_by. */
  defaults: readonly SortKey[];
}

export const registeredModelOrderSpec: OrderSpec = {
  attributes: {
    name: 'name',
    timestamp: 'last_updated_timestamp',
    last_updated_timestamp: 'last_updated_timestamp',
    creation_timestamp: 'creation_timestamp',
  },
  tiebreak: [{ attribute: 'name', direction: 'asc' }],
  defaults: [{ attribute: 'name', direction: 'asc' }],
};

export const modelVersionOrderSpec: OrderSpec = {
  attributes: {
    name: 'name',
    version_number: 'version_number',
    timestamp: 'last_updated_timestamp',
    last_updated_timestamp: 'last_updated_timestamp',
    creation_timestamp: 'creation_timestamp',
    run_id: 'run_id',
  },
  tiebreak: [
    { attribute: 'name', direction: 'asc' },
    { attribute: 'version_number', direction: 'desc' },
  ],
  defaults: [{ attribute: 'last_updated_timestamp', direction: 'desc' }],
};

export const pageLimits = { defaultResults: 100, maxResults: 1000, maxOrderBy: 8 } as const;

function invalid(param: string, message: string): CairnError {
  return new CairnError('INVALID_PARAMETER_VALUE', message, { details: { param } });
}

/** Parses `["name ASC", "last_updated_timestamp DESC"]`; the tiebreak keys complete the order. */
export function parseOrderBy(orderBy: readonly string[] | undefined, spec: OrderSpec): SortKey[] {
  const requested = orderBy ?? [];
  if (requested.length > pageLimits.maxOrderBy) throw invalid('order_by', `At most ${pageLimits.maxOrderBy} order_by clauses are allowed.`);
  const keys: SortKey[] = [];
  for (const clause of requested) {
    const match = /^\s*(?:attribute\.)?([A-Za-z_]+)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    const attribute = match && Object.hasOwn(spec.attributes, match[1]!) ? spec.attributes[match[1]!] : undefined;
    if (!match || !attribute) {
      const known = Object.keys(spec.attributes).join(', ');
      throw invalid('order_by', `Invalid order_by clause ${JSON.stringify(clause.slice(0, 100))}; expected '<attribute> [ASC|DESC]' with one of ${known}.`);
    }
    if (keys.some((key) => key.attribute === attribute)) throw invalid('order_by', `order_by names ${attribute} twice.`);
    keys.push({ attribute, direction: (match[2]?.toLowerCase() ?? 'asc') as SortDirection });
  }
  const result = keys.length > 0 ? keys : [...spec.defaults];
  for (const key of spec.tiebreak) {
    if (!result.some((existing) => existing.attribute === key.attribute)) result.push(key);
  }
  return result;
}

/**
 * `max_results` from a JSON number or a query-string string. Values above the cap are clamped rather than
 * rejected: MLflow's Python client asks for up to 200 000 model versions by default, and the page token
 * lets it continue.
 */
export function parseMaxResults(value: number | string | undefined): number {
  if (value === undefined || value === '') return pageLimits.defaultResults;
  const number = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw invalid('max_results', `max_results must be a positive integer, got ${JSON.stringify(value)}.`);
  return Math.min(number, pageLimits.maxResults);
}

/**
 * Page tokens are opaque to clients: base64url of `{offset}` into the filtered, ordered result, plus a
 * fingerprint of the query so a token cannot be replayed against a different filter or order.
 */
export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, query: fingerprint }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined, fingerprint: string): number {
  if (token === undefined || token === '') return 0;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const candidate = decoded as { offset?: unknown; query?: unknown } | undefined;
  if (typeof candidate !== 'object' || candidate === null || !Number.isSafeInteger(candidate.offset) || (candidate.offset as number) < 0) {
    throw invalid('page_token', 'Invalid page_token.');
  }
  if (candidate.query !== fingerprint) throw invalid('page_token', 'page_token belongs to a search with a different filter or order_by.');
  return candidate.offset as number;
}

/** A short, stable fingerprint of a search's filter and order (not a secret; only guards against mix-ups). */
export function queryFingerprint(filter: string | undefined, orderBy: readonly SortKey[]): string {
  const text = JSON.stringify([filter ?? '', orderBy]);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
