import type { ColumnType } from '../descriptors/index.js';
import { type ColumnDrift, compareDatasets, type DriftReport } from '../drift/index.js';
import { compareEmbeddingsOffThread } from './embedding-drift.js';
import type { DriftMonitorConfig } from './monitor-config.js';
import { yieldToLoop } from './yield-loop.js';

/** A drift run's outcome before it is stored: the series values and the result JSON. */
export interface RunOutcome {
  share_drifted: number | null;
  drifted: number | null;
  result: Record<string, unknown>;
}

export interface DriftInput {
  config: DriftMonitorConfig;
  /** Descriptor columns compared (embeddings are added from `config.embeddings`). */
  columns: readonly string[];
  columnTypes: Readonly<Record<string, ColumnType>>;
  /** Rows of descriptor values; `prompt_embedding` / `response_embedding` hold vectors when embeddings are compared. */
  reference: readonly Record<string, unknown>[];
  current: readonly Record<string, unknown>[];
  /** Rows in each window before sampling. */
  referenceTotal: number;
  currentTotal: number;
  seed: number;
}

function vectors(rows: readonly Record<string, unknown>[], key: string): number[][] {
  const out: number[][] = [];
  for (const row of rows) {
    const value = row[key];
    if (Array.isArray(value) && value.length > 0) out.push(value as number[]);
  }
  return out;
}

/** Keeps only the compared columns, so compareDatasets never sees embeddings or unrelated keys. */
function project(rows: readonly Record<string, unknown>[], columns: readonly string[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const column of columns) out[column] = row[column] ?? null;
    return out;
  });
}

/**
 * Reference against current: per-column tests (A's compareDatasets, Evidently's default test per column unless
 * `stattest` says otherwise) plus one column per compared embedding (domain classifier or MMD). The dataset
 * verdict counts embedding columns like any other: drifted when the share of drifted columns reaches `drift_share`.
 * Below `min_rows` on either side the outcome is `insufficient_data`, with no verdict.
 *
 * Runs on the main thread in slices: one column at a time (a column of 20,000 rows per side is a few ms; every
 * column at once was one long stall), with a yield between, and embeddings on a worker thread. Comparing column by
 * column gives the same columns as one compareDatasets call (each column's test is independent of the others).
 */
export async function driftOutcome(input: DriftInput): Promise<RunOutcome> {
  const { config } = input;
  const sizes = {
    reference_size: input.reference.length,
    current_size: input.current.length,
    reference_total: input.referenceTotal,
    current_total: input.currentTotal,
  };
  if (input.reference.length < config.min_rows || input.current.length < config.min_rows) {
    return { share_drifted: null, drifted: null, result: { status: 'insufficient_data', min_rows: config.min_rows, ...sizes } };
  }
  const columns: ColumnDrift[] = [];
  for (const column of input.columns) {
    await yieldToLoop();
    const report: DriftReport = compareDatasets(project(input.reference, [column]), project(input.current, [column]), {
      columns: [column],
      columnTypes: { ...input.columnTypes },
      ...(config.stattest !== undefined ? { stattest: config.stattest } : {}),
      ...(config.thresholds !== undefined ? { thresholds: config.thresholds } : {}),
      driftShare: config.drift_share,
      seed: input.seed,
    });
    columns.push(...report.columns);
  }
  const notes: string[] = [];
  for (const side of config.embeddings ?? []) {
    const key = `${side}_embedding`;
    const reference = vectors(input.reference, key);
    const current = vectors(input.current, key);
    if (reference.length < config.min_rows || current.length < config.min_rows) {
      notes.push(`${key}: ${reference.length} reference and ${current.length} current vectors, under min_rows ${config.min_rows}; not compared`);
      continue;
    }
    columns.push(
      await compareEmbeddingsOffThread(key, reference, current, {
        ...(config.embedding_test !== undefined ? { test: config.embedding_test } : {}),
        ...(config.embedding_threshold !== undefined ? { threshold: config.embedding_threshold } : {}),
        seed: input.seed,
      }),
    );
  }
  const drifted = columns.filter((column) => column.drifted).map((column) => column.column);
  const share = columns.length === 0 ? 0 : drifted.length / columns.length;
  const datasetDrifted = columns.length > 0 && share >= config.drift_share;
  const full: DriftReport = { columns, drifted_columns: drifted, share_drifted: share, drift_share_threshold: config.drift_share, dataset_drifted: datasetDrifted };
  return {
    share_drifted: share,
    drifted: datasetDrifted ? 1 : 0,
    result: { status: 'ok', ...full, ...sizes, ...(notes.length > 0 ? { notes } : {}) },
  };
}
