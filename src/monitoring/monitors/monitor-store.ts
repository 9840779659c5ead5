import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db, MonitorResultsTable, MonitorsTable } from '../../storage/index.js';
import { type MonitorConfig, parseMonitorConfig } from './monitor-config.js';
import type { MonitorRunResult } from './types.js';
import { Slicer } from './yield-loop.js';

/** A stored monitor with its parsed config. */
export interface MonitorRecord extends Omit<Selectable<MonitorsTable>, 'kind' | 'config'> {
  /** The endpoint's id when the monitor was created: names can be reused after a delete, ids cannot. */
  endpoint_id: string | null;
  kind: MonitorConfig['kind'];
  config: MonitorConfig;
}

/** Rows inserted per statement (SQLite caps bound parameters; PostgreSQL at 65 535). */
const INSERT_BATCH = 300;

function toRecord(row: Selectable<MonitorsTable>): MonitorRecord {
  const stored = JSON.parse(row.config) as Record<string, unknown>;
  const { endpoint_id: endpointId, ...config } = stored;
  return {
    id: row.id,
    endpoint_name: row.endpoint_name,
    endpoint_id: typeof endpointId === 'string' ? endpointId : null,
    name: row.name,
    kind: row.kind as MonitorConfig['kind'],
    config: parseMonitorConfig(config),
    created_by: row.created_by,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    last_run_at: row.last_run_at === null ? null : Number(row.last_run_at),
  };
}

function toResult(row: Selectable<MonitorResultsTable>): MonitorRunResult {
  return {
    id: Number(row.id),
    monitor_id: row.monitor_id,
    endpoint_name: row.endpoint_name,
    time: Number(row.time),
    window_start: Number(row.window_start),
    window_end: Number(row.window_end),
    share_drifted: row.share_drifted === null ? null : Number(row.share_drifted),
    drifted: row.drifted === null ? null : Number(row.drifted),
    result: JSON.parse(row.result) as Record<string, unknown>,
  };
}

/** Persistence of monitors, their uploaded reference rows and their results. */
export class MonitorStore {
  constructor(private readonly db: Db) {}

  async insert(input: { config: MonitorConfig; endpointId: string | null; createdBy: string | null; now: number }): Promise<MonitorRecord> {
    const id = randomUUID();
    const { config } = input;
    await this.db
      .insertInto('monitors')
      .values({
        id,
        endpoint_name: config.endpoint_name,
        name: config.name,
        kind: config.kind,
        config: JSON.stringify({ ...config, endpoint_id: input.endpointId }),
        created_by: input.createdBy,
        created_at: input.now,
        updated_at: input.now,
        last_run_at: null,
      })
      .execute();
    return (await this.get(id))!;
  }

  async exists(endpointName: string, name: string): Promise<boolean> {
    const row = await this.db.selectFrom('monitors').select('id').where('endpoint_name', '=', endpointName).where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  async get(id: string): Promise<MonitorRecord | undefined> {
    const row = await this.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(endpointName?: string): Promise<MonitorRecord[]> {
    let query = this.db.selectFrom('monitors').selectAll().orderBy('endpoint_name').orderBy('name');
    if (endpointName !== undefined) query = query.where('endpoint_name', '=', endpointName);
    const rows = await query.execute();
    const records: MonitorRecord[] = [];
    for (const row of rows) {
      try {
        records.push(toRecord(row));
      } catch {
        // A row that no longer parses (written by a newer version) is skipped rather than failing every list.
      }
    }
    return records;
  }

  async update(record: MonitorRecord, config: MonitorConfig, now: number): Promise<MonitorRecord> {
    await this.db
      .updateTable('monitors')
      .set({ name: config.name, config: JSON.stringify({ ...config, endpoint_id: record.endpoint_id }), updated_at: now })
      .where('id', '=', record.id)
      .execute();
    return (await this.get(record.id))!;
  }

  /** Marks a config change that does not change the config itself (a new reference upload): caches key on it. */
  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('monitors').set({ updated_at: now }).where('id', '=', id).execute();
  }

  async setLastRun(id: string, time: number): Promise<void> {
    await this.db.updateTable('monitors').set({ last_run_at: time }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('monitor_reference_rows').where('monitor_id', '=', id).execute();
      await trx.deleteFrom('monitor_results').where('monitor_id', '=', id).execute();
      await trx.deleteFrom('monitors').where('id', '=', id).execute();
    });
  }

  /** Replaces the uploaded reference dataset in one transaction (readers see the old rows or the new ones). */
  async replaceReference(id: string, rows: readonly Record<string, unknown>[], now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('monitor_reference_rows').where('monitor_id', '=', id).execute();
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        const batch = rows.slice(start, start + INSERT_BATCH).map((values, offset) => ({ monitor_id: id, row_index: start + offset, values: JSON.stringify(values) }));
        await trx.insertInto('monitor_reference_rows').values(batch).execute();
      }
      await trx.updateTable('monitors').set({ updated_at: now }).where('id', '=', id).execute();
    });
  }

  async referenceCount(id: string): Promise<number> {
    const row = await this.db.selectFrom('monitor_reference_rows').select((eb) => eb.fn.countAll<number>().as('count')).where('monitor_id', '=', id).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Every uploaded row, in upload order (uploads are capped, so this is bounded). */
  async referenceRows(id: string): Promise<Record<string, unknown>[]> {
    const rows = await this.db.selectFrom('monitor_reference_rows').select('values').where('monitor_id', '=', id).orderBy('row_index').execute();
    // Up to 50,000 rows (with embeddings, tens of MB of JSON): parsed in time slices, not in one stall.
    const slicer = new Slicer();
    const parsed: Record<string, unknown>[] = [];
    for (let index = 0; index < rows.length; index++) {
      if (index % 50 === 0) await slicer.tick();
      parsed.push(JSON.parse(rows[index]!.values) as Record<string, unknown>);
    }
    return parsed;
  }

  async insertResult(result: Omit<MonitorRunResult, 'id'>): Promise<MonitorRunResult> {
    const inserted = await this.db
      .insertInto('monitor_results')
      .values({
        monitor_id: result.monitor_id,
        endpoint_name: result.endpoint_name,
        time: result.time,
        window_start: result.window_start,
        window_end: result.window_end,
        share_drifted: result.share_drifted,
        drifted: result.drifted,
        result: JSON.stringify(result.result),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...result, id: Number(inserted.id) };
  }

  /** Results with time in [from, to), newest first. */
  async results(monitorIds: readonly string[], from: number, to: number, limit: number): Promise<MonitorRunResult[]> {
    if (monitorIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('monitor_results')
      .selectAll()
      .where('monitor_id', 'in', [...monitorIds])
      .where('time', '>=', from)
      .where('time', '<', to)
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toResult);
  }
}
