import type { Selectable } from 'kysely';
import type { Database, Db } from '../storage/index.js';
import type { AlertRule, StoredRule } from './rule-schema.js';
import type { AlertEventKind, AlertState, AlertStateName } from './state-machine.js';

/** Rules, their per-group states, the event history and the remediation history (both dialects). */

export interface AlertEventRow {
  id: number;
  rule_id: string;
  rule_name: string;
  endpoint_name: string | null;
  series_key: string;
  kind: AlertEventKind;
  from_state: AlertStateName;
  to_state: AlertStateName;
  value: number | null;
  threshold: number | null;
  severity: string;
  time: number;
  details: Record<string, unknown>;
}

export interface AlertStateRow extends AlertState {
  ruleId: string;
  seriesKey: string;
  details: Record<string, unknown>;
}

export interface RemediationRow {
  id: number;
  rule_id: string;
  rule_name: string;
  event_id: number | null;
  endpoint_name: string | null;
  action: string;
  dry_run: boolean;
  status: 'applied' | 'dry_run' | 'failed' | 'skipped';
  time: number;
  details: Record<string, unknown>;
}

export interface HistoryFilter {
  ruleId?: string;
  /** Only rows of these endpoints (null: global rules); undefined: every row. */
  endpoints?: ReadonlyArray<string | null>;
  from?: number;
  to?: number;
  limit: number;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export class AlertStore {
  constructor(private readonly db: Db) {}

  async insertRule(rule: AlertRule): Promise<void> {
    await this.db
      .insertInto('alert_rules')
      .values({
        id: rule.id,
        name: rule.name,
        endpoint_name: rule.endpoint_name,
        config: JSON.stringify(configOf(rule)),
        enabled: rule.enabled ? 1 : 0,
        created_by: rule.created_by,
        created_at: rule.created_at,
        updated_at: rule.updated_at,
      })
      .execute();
  }

  async updateRule(rule: AlertRule): Promise<void> {
    await this.db
      .updateTable('alert_rules')
      .set({ name: rule.name, endpoint_name: rule.endpoint_name, config: JSON.stringify(configOf(rule)), enabled: rule.enabled ? 1 : 0, updated_at: rule.updated_at })
      .where('id', '=', rule.id)
      .execute();
  }

  async deleteRule(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('alert_states').where('rule_id', '=', id).execute();
      await trx.deleteFrom('alert_rules').where('id', '=', id).execute();
    });
  }

  async getRule(id: string): Promise<AlertRule | undefined> {
    const row = await this.db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  async findRuleByName(name: string): Promise<AlertRule | undefined> {
    const row = await this.db.selectFrom('alert_rules').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  async listRules(options: { enabledOnly?: boolean } = {}): Promise<AlertRule[]> {
    let query = this.db.selectFrom('alert_rules').selectAll();
    if (options.enabledOnly) query = query.where('enabled', '=', 1);
    const rows = await query.orderBy('name').execute();
    return rows.map(toRule);
  }

  async statesOf(ruleId: string): Promise<Map<string, AlertStateRow>> {
    const rows = await this.db.selectFrom('alert_states').selectAll().where('rule_id', '=', ruleId).execute();
    return new Map(rows.map((row) => [row.series_key, toStateRow(row)]));
  }

  async listStates(ruleIds?: readonly string[]): Promise<AlertStateRow[]> {
    if (ruleIds !== undefined && ruleIds.length === 0) return [];
    let query = this.db.selectFrom('alert_states').selectAll();
    if (ruleIds !== undefined) query = query.where('rule_id', 'in', [...ruleIds]);
    const rows = await query.orderBy('rule_id').orderBy('series_key').execute();
    return rows.map(toStateRow);
  }

  async saveState(ruleId: string, seriesKey: string, state: AlertState, details: Record<string, unknown>): Promise<void> {
    const values = {
      state: state.state,
      since: state.since,
      last_value: state.lastValue,
      last_evaluated_at: state.lastEvaluatedAt,
      last_notified_at: state.lastNotifiedAt,
      details: JSON.stringify(details),
    };
    await this.db
      .insertInto('alert_states')
      .values({ rule_id: ruleId, series_key: seriesKey, ...values })
      .onConflict((conflict) => conflict.columns(['rule_id', 'series_key']).doUpdateSet(values))
      .execute();
  }

  async dropState(ruleId: string, seriesKey: string): Promise<void> {
    await this.db.deleteFrom('alert_states').where('rule_id', '=', ruleId).where('series_key', '=', seriesKey).execute();
  }

  async dropStates(ruleId: string): Promise<void> {
    await this.db.deleteFrom('alert_states').where('rule_id', '=', ruleId).execute();
  }

  async appendEvent(event: Omit<AlertEventRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('alert_events')
      .values({ ...event, details: JSON.stringify(event.details) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async listEvents(filter: HistoryFilter): Promise<AlertEventRow[]> {
    const rows = await historyRows(this.db, 'alert_events', filter);
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      kind: row.kind as AlertEventKind,
      from_state: row.from_state as AlertStateName,
      to_state: row.to_state as AlertStateName,
      details: parseJson(row.details),
    }));
  }

  async appendRemediation(row: Omit<RemediationRow, 'id'>): Promise<number> {
    const inserted = await this.db
      .insertInto('remediation_actions')
      .values({ ...row, dry_run: row.dry_run ? 1 : 0, details: JSON.stringify(row.details) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  /** Recent actions of one kind by one rule, newest first (for the cool-down). */
  async recentRemediations(ruleId: string, action: string, since: number): Promise<RemediationRow[]> {
    return this.listRemediations({ ruleId, from: since, limit: 100 }).then((rows) => rows.filter((row) => row.action === action));
  }

  async listRemediations(filter: HistoryFilter): Promise<RemediationRow[]> {
    const rows = await historyRows(this.db, 'remediation_actions', filter);
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      event_id: row.event_id === null ? null : Number(row.event_id),
      dry_run: row.dry_run === 1,
      status: row.status as RemediationRow['status'],
      details: parseJson(row.details),
    }));
  }
}

/**
 * The newest `filter.limit` rows of one history table (events or remediations, which filter alike): by rule, by
 * the endpoints the caller may see (null: global rules; none visible: no rows), by time.
 */
async function historyRows<T extends 'alert_events' | 'remediation_actions'>(
  db: Db,
  table: T,
  filter: HistoryFilter,
): Promise<Selectable<Database[T]>[]> {
  let query = db.selectFrom(table as 'alert_events' | 'remediation_actions').selectAll();
  if (filter.ruleId !== undefined) query = query.where('rule_id', '=', filter.ruleId);
  if (filter.endpoints !== undefined) {
    const names = filter.endpoints.filter((name): name is string => name !== null);
    const global = filter.endpoints.includes(null);
    if (names.length === 0 && !global) return [];
    query = query.where((where) =>
      where.or([...(names.length > 0 ? [where('endpoint_name', 'in', names)] : []), ...(global ? [where('endpoint_name', 'is', null)] : [])]),
    );
  }
  if (filter.from !== undefined) query = query.where('time', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('time', '<', filter.to);
  const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  // Kysely cannot type a query over a generic table name: it runs on the one table named, so rows are its rows.
  return rows as Selectable<Database[T]>[];
}

function configOf(rule: AlertRule): StoredRule {
  const { id: _id, created_by: _by, created_at: _at, updated_at: _updated, ...config } = rule;
  return config;
}

function toRule(row: { id: string; name: string; endpoint_name: string | null; config: string; enabled: number; created_by: string | null; created_at: number; updated_at: number }): AlertRule {
  const config = JSON.parse(row.config) as Partial<StoredRule>;
  // Lists default to empty, so a row written by hand (or by an older version) still reads as a rule.
  return {
    ...(config as StoredRule),
    filter: config.filter ?? {},
    channels: Array.isArray(config.channels) ? config.channels : [],
    actions: Array.isArray(config.actions) ? config.actions : [],
    name: row.name,
    endpoint_name: row.endpoint_name,
    enabled: Number(row.enabled) === 1,
    id: row.id,
    created_by: row.created_by,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

function toStateRow(row: {
  rule_id: string; series_key: string; state: string; since: number; last_value: number | null; last_evaluated_at: number; last_notified_at: number | null; details: string;
}): AlertStateRow {
  return {
    ruleId: row.rule_id,
    seriesKey: row.series_key,
    state: row.state as AlertStateName,
    since: Number(row.since),
    lastValue: row.last_value === null ? null : Number(row.last_value),
    lastEvaluatedAt: Number(row.last_evaluated_at),
    lastNotifiedAt: row.last_notified_at === null ? null : Number(row.last_notified_at),
    details: parseJson(row.details),
  };
}
