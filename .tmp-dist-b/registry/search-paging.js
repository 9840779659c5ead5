import { CairnError } from '../errors/index.js';
export const registeredModelOrderSpec = {
    attributes: {
        name: 'name',
        timestamp: 'last_updated_timestamp',
        last_updated_timestamp: 'last_updated_timestamp',
        creation_timestamp: 'creation_timestamp',
    },
    tiebreak: [{ attribute: 'name', direction: 'asc' }],
    defaults: [{ attribute: 'name', direction: 'asc' }],
};
export const modelVersionOrderSpec = {
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
export const pageLimits = { defaultResults: 100, maxResults: 1000, maxOrderBy: 8 };
function invalid(param, message) {
    return new CairnError('INVALID_PARAMETER_VALUE', message, { details: { param } });
}
/** Parses `["name ASC", "last_updated_timestamp DESC"]`; the tiebreak keys complete the order. */
export function parseOrderBy(orderBy, spec) {
    const requested = orderBy ?? [];
    if (requested.length > pageLimits.maxOrderBy)
        throw invalid('order_by', `At most ${pageLimits.maxOrderBy} order_by clauses are allowed.`);
    const keys = [];
    for (const clause of requested) {
        const match = /^\s*(?:attribute\.)?([A-Za-z_]+)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
        const attribute = match && Object.hasOwn(spec.attributes, match[1]) ? spec.attributes[match[1]] : undefined;
        if (!match || !attribute) {
            const known = Object.keys(spec.attributes).join(', ');
            throw invalid('order_by', `Invalid order_by clause ${JSON.stringify(clause.slice(0, 100))}; expected '<attribute> [ASC|DESC]' with one of ${known}.`);
        }
        if (keys.some((key) => key.attribute === attribute))
            throw invalid('order_by', `order_by names ${attribute} twice.`);
        keys.push({ attribute, direction: (match[2]?.toLowerCase() ?? 'asc') });
    }
    const result = keys.length > 0 ? keys : [...spec.defaults];
    for (const key of spec.tiebreak) {
        if (!result.some((existing) => existing.attribute === key.attribute))
            result.push(key);
    }
    return result;
}
/**
 * `max_results` from a JSON number or a query-string string. Values above the cap are clamped rather than
 * rejected: MLflow's Python client asks for up to 200 000 model versions by default, and the page token
 * lets it continue.
 */
export function parseMaxResults(value) {
    if (value === undefined || value === '')
        return pageLimits.defaultResults;
    const number = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < 1)
        throw invalid('max_results', `max_results must be a positive integer, got ${JSON.stringify(value)}.`);
    return Math.min(number, pageLimits.maxResults);
}
/**
 * Page tokens are opaque to clients: base64url of `{offset}` into the filtered, ordered result, plus a
 * fingerprint of the query so a token cannot be replayed against a different filter or order.
 */
export function encodePageToken(offset, fingerprint) {
    return Buffer.from(JSON.stringify({ offset, query: fingerprint }), 'utf8').toString('base64url');
}
export function decodePageToken(token, fingerprint) {
    if (token === undefined || token === '')
        return 0;
    let decoded;
    try {
        decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    }
    catch {
        decoded = undefined;
    }
    const candidate = decoded;
    if (typeof candidate !== 'object' || candidate === null || !Number.isSafeInteger(candidate.offset) || candidate.offset < 0) {
        throw invalid('page_token', 'Invalid page_token.');
    }
    if (candidate.query !== fingerprint)
        throw invalid('page_token', 'page_token belongs to a search with a different filter or order_by.');
    return candidate.offset;
}
/** A short, stable fingerprint of a search's filter and order (not a secret; only guards against mix-ups). */
export function queryFingerprint(filter, orderBy) {
    const text = JSON.stringify([filter ?? '', orderBy]);
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index += 1) {
        hash ^= text.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(36);
}
//# sourceMappingURL=search-paging.js.map