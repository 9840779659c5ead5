import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../storage/index.js';
import type { Comparator, FilterClause, FilterValue } from './search-filter.js';

/**
 * Turns parsed filter clauses into SQL. Every value is a bound parameter; column names and operators come
 * from fixed tables below, never from the filter text.
 */

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * The registry's dependencies carry only the Kysely instance; PostgreSQL numbers its placeholders (`$1`)
 * and SQLite does not, which tells the two apart through Kysely's public API.
 */
export function dialectOf(db: Db): SqlDialect {
  const compiled = db.selectFrom('registered_models').select('id').where('id', '=', '').compile();
  return compiled.sql.includes('$1') ? 'postgres' : 'sqlite';
}

const plainOperators: Partial<Record<Comparator, string>> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** MLflow LIKE: `%` and `_` are wildcards, every other character (backslash included) is literal. */
function postgresPattern(pattern: string): string {
  return pattern.replaceAll('\\', '\\\\');
}

/** SQLite's LIKE ignores ASCII case, so case-sensitive LIKE becomes GLOB with its own metacharacters escaped. */
function globPattern(pattern: string): string {
  let glob = '';
  for (const char of pattern) {
    if (char === '%') glob += '*';
    else if (char === '_') glob += '?';
    else if (char === '*' || char === '?' || char === '[') glob += `[${char}]`;
    else glob += char;
  }
  return glob;
}

function compare(dialect: SqlDialect, column: RawBuilder<unknown>, comparator: Comparator, value: FilterValue | FilterValue[]): RawBuilder<SqlBool> {
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const values = (Array.isArray(value) ? value : [value]).map((item) => sql`${item}`);
    return comparator === 'IN' ? sql<SqlBool>`${column} in (${sql.join(values)})` : sql<SqlBool>`${column} not in (${sql.join(values)})`;
  }
  const scalar = Array.isArray(value) ? value[0]! : value;
  if (comparator === 'LIKE' || comparator === 'ILIKE') {
    const pattern = String(scalar);
    if (dialect === 'postgres') {
      return comparator === 'LIKE'
        ? sql<SqlBool>`${column} like ${postgresPattern(pattern)}`
        : sql<SqlBool>`${column} ilike ${postgresPattern(pattern)}`;
    }
    return comparator === 'LIKE'
      ? sql<SqlBool>`${column} glob ${globPattern(pattern)}`
      : sql<SqlBool>`${column} like ${postgresPattern(pattern)} escape '\\'`;
  }
  const operator = plainOperators[comparator];
  if (!operator) throw new Error(`unsupported comparator ${comparator}`);
  return sql<SqlBool>`${column} ${sql.raw(operator)} ${scalar}`;
}

export interface FilterTarget {
  /** Canonical attribute → qualified column, e.g. `name` → `m.name`. */
  columns: Readonly<Record<string, string>>;
  /** The EXISTS subquery head for tag clauses, correlated with the outer row. */
  tagExists: (key: string, valueCondition: (column: RawBuilder<unknown>) => RawBuilder<SqlBool>) => RawBuilder<SqlBool>;
}

export const registeredModelTarget: FilterTarget = {
  columns: { name: 'm.name', last_updated_timestamp: 'm.last_updated_timestamp', creation_timestamp: 'm.creation_timestamp' },
  tagExists: (key, condition) =>
    sql<SqlBool>`exists (select 1 from registered_model_tags t where t.model_id = m.id and t.key = ${key} and ${condition(sql.ref('t.value'))})`,
};

export const modelVersionTarget: FilterTarget = {
  columns: {
    name: 'm.name',
    run_id: 'v.run_id',
    source_path: 'v.source',
    version_number: 'v.version',
    last_updated_timestamp: 'v.last_updated_timestamp',
    creation_timestamp: 'v.creation_timestamp',
  },
  tagExists: (key, condition) =>
    sql<SqlBool>`exists (select 1 from model_version_tags t where t.model_id = v.model_id and t.version = v.version and t.key = ${key} and ${condition(sql.ref('t.value'))})`,
};

export function clauseSql(dialect: SqlDialect, target: FilterTarget, clause: FilterClause): RawBuilder<SqlBool> {
  if (clause.key.kind === 'tag') {
    return target.tagExists(clause.key.name, (column) => compare(dialect, column, clause.comparator, clause.value));
  }
  const column = target.columns[clause.key.name];
  if (!column) throw new Error(`no column for attribute ${clause.key.name}`);
  return compare(dialect, sql.ref(column), clause.comparator, clause.value);
}
