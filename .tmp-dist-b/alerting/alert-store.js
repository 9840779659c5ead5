function parseJson(text) {
    try {
        const value = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    }
    catch {
        return {};
    }
}
export class AlertStore {
    db;
    constructor(db) {
        this.db = db;
    }
    async insertRule(rule) {
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
    async updateRule(rule) {
        await this.db
            .updateTable('alert_rules')
            .set({ name: rule.name, endpoint_name: rule.endpoint_name, config: JSON.stringify(configOf(rule)), enabled: rule.enabled ? 1 : 0, updated_at: rule.updated_at })
            .where('id', '=', rule.id)
            .execute();
    }
    async deleteRule(id) {
        await this.db.transaction().execute(async (trx) => {
            await trx.deleteFrom('alert_states').where('rule_id', '=', id).execute();
            await trx.deleteFrom('alert_rules').where('id', '=', id).execute();
        });
    }
    async getRule(id) {
        const row = await this.db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? toRule(row) : undefined;
    }
    async findRuleByName(name) {
        const row = await this.db.selectFrom('alert_rules').selectAll().where('name', '=', name).executeTakeFirst();
        return row ? toRule(row) : undefined;
    }
    async listRules(options = {}) {
        let query = this.db.selectFrom('alert_rules').selectAll();
        if (options.enabledOnly)
            query = query.where('enabled', '=', 1);
        const rows = await query.orderBy('name').execute();
        return rows.map(toRule);
    }
    async statesOf(ruleId) {
        const rows = await this.db.selectFrom('alert_states').selectAll().where('rule_id', '=', ruleId).execute();
        return new Map(rows.map((row) => [row.series_key, toStateRow(row)]));
    }
    async listStates(ruleIds) {
        if (ruleIds !== undefined && ruleIds.length === 0)
            return [];
        let query = this.db.selectFrom('alert_states').selectAll();
        if (ruleIds !== undefined)
            query = query.where('rule_id', 'in', [...ruleIds]);
        const rows = await query.orderBy('rule_id').orderBy('series_key').execute();
        return rows.map(toStateRow);
    }
    async saveState(ruleId, seriesKey, state, details) {
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
    async dropState(ruleId, seriesKey) {
        await this.db.deleteFrom('alert_states').where('rule_id', '=', ruleId).where('series_key', '=', seriesKey).execute();
    }
    async dropStates(ruleId) {
        await this.db.deleteFrom('alert_states').where('rule_id', '=', ruleId).execute();
    }
    async appendEvent(event) {
        const row = await this.db
            .insertInto('alert_events')
            .values({ ...event, details: JSON.stringify(event.details) })
            .returning('id')
            .executeTakeFirstOrThrow();
        return Number(row.id);
    }
    async listEvents(filter) {
        let query = this.db.selectFrom('alert_events').selectAll();
        if (filter.ruleId !== undefined)
            query = query.where('rule_id', '=', filter.ruleId);
        if (filter.endpoints !== undefined) {
            const names = filter.endpoints.filter((name) => name !== null);
            const global = filter.endpoints.includes(null);
            if (names.length === 0 && !global)
                return [];
            query = query.where((where) => where.or([...(names.length > 0 ? [where('endpoint_name', 'in', names)] : []), ...(global ? [where('endpoint_name', 'is', null)] : [])]));
        }
        if (filter.from !== undefined)
            query = query.where('time', '>=', filter.from);
        if (filter.to !== undefined)
            query = query.where('time', '<', filter.to);
        const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
        return rows.map((row) => ({
            ...row,
            id: Number(row.id),
            kind: row.kind,
            from_state: row.from_state,
            to_state: row.to_state,
            details: parseJson(row.details),
        }));
    }
    async appendRemediation(row) {
        const inserted = await this.db
            .insertInto('remediation_actions')
            .values({ ...row, dry_run: row.dry_run ? 1 : 0, details: JSON.stringify(row.details) })
            .returning('id')
            .executeTakeFirstOrThrow();
        return Number(inserted.id);
    }
    /** Recent actions of one kind by one rule, newest first (for the cool-down). */
    async recentRemediations(ruleId, action, since) {
        return this.listRemediations({ ruleId, from: since, limit: 100 }).then((rows) => rows.filter((row) => row.action === action));
    }
    async listRemediations(filter) {
        let query = this.db.selectFrom('remediation_actions').selectAll();
        if (filter.ruleId !== undefined)
            query = query.where('rule_id', '=', filter.ruleId);
        if (filter.endpoints !== undefined) {
            const names = filter.endpoints.filter((name) => name !== null);
            const global = filter.endpoints.includes(null);
            if (names.length === 0 && !global)
                return [];
            query = query.where((where) => where.or([...(names.length > 0 ? [where('endpoint_name', 'in', names)] : []), ...(global ? [where('endpoint_name', 'is', null)] : [])]));
        }
        if (filter.from !== undefined)
            query = query.where('time', '>=', filter.from);
        if (filter.to !== undefined)
            query = query.where('time', '<', filter.to);
        const rows = await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
        return rows.map((row) => ({
            ...row,
            id: Number(row.id),
            event_id: row.event_id === null ? null : Number(row.event_id),
            dry_run: row.dry_run === 1,
            status: row.status,
            details: parseJson(row.details),
        }));
    }
}
function configOf(rule) {
    const { id: _id, created_by: _by, created_at: _at, updated_at: _updated, ...config } = rule;
    return config;
}
function toRule(row) {
    const config = JSON.parse(row.config);
    // Lists default to empty, so a row written by hand (or by an older version) still reads as a rule.
    return {
        ...config,
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
function toStateRow(row) {
    return {
        ruleId: row.rule_id,
        seriesKey: row.series_key,
        state: row.state,
        since: Number(row.since),
        lastValue: row.last_value === null ? null : Number(row.last_value),
        lastEvaluatedAt: Number(row.last_evaluated_at),
        lastNotifiedAt: row.last_notified_at === null ? null : Number(row.last_notified_at),
        details: parseJson(row.details),
    };
}
//# sourceMappingURL=alert-store.js.map