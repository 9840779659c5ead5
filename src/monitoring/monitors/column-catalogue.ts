import { type ColumnType, DESCRIPTOR_COLUMNS } from '../descriptors/index.js';

/** The descriptor columns drift monitors can compare, with the type that picks their default test. */
export interface ColumnCatalogue {
  /** Every numerical and categorical descriptor column: a drift monitor's default. */
  driftColumns: readonly string[];
  types: Readonly<Record<string, ColumnType>>;
}

export function descriptorCatalogue(): ColumnCatalogue {
  const columns = DESCRIPTOR_COLUMNS.filter((column) => column.type === 'numerical' || column.type === 'categorical');
  return {
    driftColumns: columns.map((column) => column.name),
    types: Object.fromEntries([
      ...columns.map((column) => [column.name, column.type] as const),
      ['prompt_embedding', 'embedding'] as const,
      ['response_embedding', 'embedding'] as const,
    ]),
  };
}
