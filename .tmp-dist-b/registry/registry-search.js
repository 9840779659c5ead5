import { sql } from 'kysely';
import { DELETED_STAGE } from './registry-rows.js';
import { clauseSql, modelVersionTarget, registeredModelTarget } from './search-sql.js';
/** The SQL side of both searches: filtered, totally ordered, fetched in offset windows. */
/**
 * Text sorts by code point on both dialects (PostgreSQL would otherwise use the database's locale), so one
 * search gives the same order, and the same pages, whichever backend runs it.
 */
function sortExpression(dialect, column) {
    const textColumns = new Set(['m.name', 'v.run_id']);
    return dialect === 'postgres' && textColumns.has(column) ? sql `${sql.ref(column)} collate "C"` : sql.ref(column);
}
export function fetchModelRows(db, dialect, query, offset, limit) {
    let builder = db.selectFrom('registered_models as m').selectAll('m');
    for (const clause of query.clauses)
        builder = builder.where(clauseSql(dialect, registeredModelTarget, clause));
    for (const key of query.order)
        builder = builder.orderBy(sortExpression(dialect, registeredModelTarget.columns[key.attribute]), key.direction);
    return builder.limit(limit).offset(offset).execute();
}
export function fetchVersionRows(db, dialect, query, offset, limit) {
    let builder = db
        .selectFrom('model_versions as v')
        .innerJoin('registered_models as m', 'm.id', 'v.model_id')
        .selectAll('v')
        .select('m.name as name')
        .where('v.current_stage', '!=', DELETED_STAGE);
    for (const clause of query.clauses)
        builder = builder.where(clauseSql(dialect, modelVersionTarget, clause));
    for (const key of query.order)
        builder = builder.orderBy(sortExpression(dialect, modelVersionTarget.columns[key.attribute]), key.direction);
    return builder.limit(limit).offset(offset).execute();
}
/**
 * Collects up to `maxResults` rows the caller may read, starting at `startOffset` of the ordered result.
 * Permissions are answered from memory, so unreadable rows are skipped here rather than in SQL; the next
 * offset points just past the last row returned, so the following page starts exactly where this one ended.
 */
export async function collectReadablePage(fetch, isReadable, startOffset, maxResults) {
    // One batch is enough when most rows are readable; for a caller who may read few, batches grow so a
    // large registry is scanned in a handful of queries rather than hundreds.
    let batchSize = Math.max(maxResults + 1, 100);
    const page = [];
    let offset = startOffset;
    for (;;) {
        const rows = await fetch(offset, batchSize);
        for (const [index, row] of rows.entries()) {
            if (!isReadable(row))
                continue;
            if (page.length === maxResults)
                return { rows: page, nextOffset: offset + index };
            page.push(row);
        }
        if (rows.length < batchSize)
            return { rows: page };
        offset += rows.length;
        batchSize = Math.min(batchSize * 2, 5000);
    }
}
//# sourceMappingURL=registry-search.js.map