import type { ColumnDefinitionBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** The few column details that differ between the two dialects, so migrations stay one file each. */
export interface MigrationContext {
  dialect: DialectName;
  /** 64-bit integer column type (timestamps in ms). */
  bigint: 'bigint' | 'integer';
  /** 8-byte float column type. */
  double: 'real' | 'double precision';
  autoIncrement: {
    type: 'integer' | 'bigserial';
    apply: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
}

export function migrationContext(dialect: DialectName): MigrationContext {
  return dialect === 'postgres'
    ? { dialect, bigint: 'bigint', double: 'double precision', autoIncrement: { type: 'bigserial', apply: (c) => c } }
    : { dialect, bigint: 'integer', double: 'real', autoIncrement: { type: 'integer', apply: (c) => c.autoIncrement() } };
}
