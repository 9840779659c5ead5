import { sql } from 'kysely';
/**
 * The registry's dependencies carry only the Kysely instance; PostgreSQL numbers its placeholders (`$1`)
 * and SQLite does not, which tells the two apart through Kysely's public API.
 */
export function dialectOf(db) {
    const compiled = db.selectFrom('registered_models').select('id').where('id', '=', '').compile();
    return compiled.sql.includes('$1') ? 'postgres' : 'sqlite';
}
const plainOperators = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
/** MLflow LIKE: `%` and `_` are wildcards, every other character (backslash included) is literal. */
function postgresPattern(pattern) {
    return pattern.replaceAll('\\', '\\\\');
}
/** SQLite's LIKE ignores ASCII case, so case-sensitive LIKE becomes GLOB with its own metacharacters escaped. */
function globPattern(pattern) {
    let glob = '';
    for (const char of pattern) {
        if (char === '%')
            glob += '*';
        else if (char === '_')
            glob += '?';
        else if (char === '*' || char === '?' || char === '[')
            glob += `[${char}]`;
        else
            glob += char;
    }
    return glob;
}
function compare(dialect, column, comparator, value) {
    if (comparator === 'IN' || comparator === 'NOT IN') {
        const values = (Array.isArray(value) ? value : [value]).map((item) => sql `${item}`);
        return comparator === 'IN' ? sql `${column} in (${sql.join(values)})` : sql `${column} not in (${sql.join(values)})`;
    }
    const scalar = Array.isArray(value) ? value[0] : value;
    if (comparator === 'LIKE' || comparator === 'ILIKE') {
        const pattern = String(scalar);
        if (dialect === 'postgres') {
            return comparator === 'LIKE'
                ? sql `${column} like ${postgresPattern(pattern)}`
                : sql `${column} ilike ${postgresPattern(pattern)}`;
        }
        return comparator === 'LIKE'
            ? sql `${column} glob ${globPattern(pattern)}`
            : sql `${column} like ${postgresPattern(pattern)} escape '\\'`;
    }
    const operator = plainOperators[comparator];
    if (!operator)
        throw new Error(`unsupported comparator ${comparator}`);
    return sql `${column} ${sql.raw(operator)} ${scalar}`;
}
export const registeredModelTarget = {
    columns: { name: 'm.name', last_updated_timestamp: 'm.last_updated_timestamp', creation_timestamp: 'm.creation_timestamp' },
    tagExists: (key, condition) => sql `exists (select 1 from registered_model_tags t where t.model_id = m.id and t.key = ${key} and ${condition(sql.ref('t.value'))})`,
};
export const modelVersionTarget = {
    columns: {
        name: 'm.name',
        run_id: 'v.run_id',
        source_path: 'v.source',
        version_number: 'v.version',
        last_updated_timestamp: 'v.last_updated_timestamp',
        creation_timestamp: 'v.creation_timestamp',
    },
    tagExists: (key, condition) => sql `exists (select 1 from model_version_tags t where t.model_id = v.model_id and t.version = v.version and t.key = ${key} and ${condition(sql.ref('t.value'))})`,
};
export function clauseSql(dialect, target, clause) {
    if (clause.key.kind === 'tag') {
        return target.tagExists(clause.key.name, (column) => compare(dialect, column, clause.comparator, clause.value));
    }
    const column = target.columns[clause.key.name];
    if (!column)
        throw new Error(`no column for attribute ${clause.key.name}`);
    return compare(dialect, sql.ref(column), clause.comparator, clause.value);
}
//# sourceMappingURL=search-sql.js.map