import type { Db, EndpointsTable } from '../storage/index.js';
import type { StoredEndpointConfig } from './endpoint-config.js';

export interface EndpointTag {
  key: string;
  value?: string;
}

export interface EndpointRecord {
  id: string;
  name: string;
  creator: string | null;
  createdAt: number;
  updatedAt: number;
  tags: EndpointTag[];
  currentConfigVersion: number;
  configUpdate: 'NOT_UPDATING' | 'IN_PROGRESS' | 'UPDATE_FAILED';
  configUpdateMessage: string | null;
  aiGateway: unknown;
  /** Set while a remediation (or an operator) has disabled the endpoint: queries answer 503 ENDPOINT_DISABLED. */
  disabled: EndpointDisabled | null;
}

export interface EndpointDisabled {
  reason: string | null;
  /** Principal name that disabled it. */
  by: string | null;
  at: number;
}

function parseDisabled(text: string | null): EndpointDisabled | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<EndpointDisabled>;
    return { reason: typeof value.reason === 'string' ? value.reason : null, by: typeof value.by === 'string' ? value.by : null, at: Number(value.at ?? 0) };
  } catch {
    // Unreadable but set: still disabled (fail closed).
    return { reason: null, by: null, at: 0 };
  }
}

export interface ConfigVersionRecord {
  version: number;
  config: StoredEndpointConfig;
  createdAt: number;
  createdBy: string | null;
}

function toRecord(row: EndpointsTable): EndpointRecord {
  return {
    id: row.id,
    name: row.name,
    creator: row.creator,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tags: JSON.parse(row.tags) as EndpointTag[],
    currentConfigVersion: row.current_config_version,
    configUpdate: row.config_update as EndpointRecord['configUpdate'],
    configUpdateMessage: row.config_update_message,
    aiGateway: row.ai_gateway ? (JSON.parse(row.ai_gateway) as unknown) : null,
    disabled: parseDisabled(row.disabled ?? null),
  };
}

/** Endpoints and their immutable config versions. Config JSON never holds plaintext secrets. */
export class EndpointRepository {
  constructor(private readonly db: Db) {}

  async findByName(name: string): Promise<EndpointRecord | undefined> {
    const row = await this.db.selectFrom('endpoints').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async findById(id: string): Promise<EndpointRecord | undefined> {
    const row = await this.db.selectFrom('endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(): Promise<EndpointRecord[]> {
    const rows = await this.db.selectFrom('endpoints').selectAll().orderBy('name').execute();
    return rows.map(toRecord);
  }

  async create(input: { id: string; name: string; creator: string; tags: EndpointTag[]; config: StoredEndpointConfig; aiGateway: unknown; now: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('endpoints')
        .values({
          id: input.id,
          name: input.name,
          creator: input.creator,
          created_at: input.now,
          updated_at: input.now,
          tags: JSON.stringify(input.tags),
          current_config_version: 1,
          config_update: 'IN_PROGRESS',
          config_update_message: null,
          ai_gateway: input.aiGateway === undefined ? null : JSON.stringify(input.aiGateway),
        })
        .execute();
      await trx
        .insertInto('endpoint_configs')
        .values({ endpoint_id: input.id, version: 1, config: JSON.stringify(input.config), created_at: input.now, created_by: input.creator })
        .execute();
    });
  }

  /** Stores a new config version and marks the endpoint as updating; returns the new version number. */
  async addConfigVersion(endpointId: string, config: StoredEndpointConfig, createdBy: string, now: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const latest = await trx
        .selectFrom('endpoint_configs')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
      const version = Number(latest?.version ?? 0) + 1;
      await trx
        .insertInto('endpoint_configs')
        .values({ endpoint_id: endpointId, version, config: JSON.stringify(config), created_at: now, created_by: createdBy })
        .execute();
      await trx
        .updateTable('endpoints')
        .set({ config_update: 'IN_PROGRESS', config_update_message: null, updated_at: now })
        .where('id', '=', endpointId)
        .execute();
      return version;
    });
  }

  async getConfigVersion(endpointId: string, version: number): Promise<ConfigVersionRecord | undefined> {
    const row = await this.db
      .selectFrom('endpoint_configs')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? { version: row.version, config: JSON.parse(row.config) as StoredEndpointConfig, createdAt: row.created_at, createdBy: row.created_by } : undefined;
  }

  async latestConfigVersion(endpointId: string): Promise<number> {
    const row = await this.db
      .selectFrom('endpoint_configs')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  async listConfigVersions(endpointId: string): Promise<ConfigVersionRecord[]> {
    const rows = await this.db
      .selectFrom('endpoint_configs')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row) => ({ version: row.version, config: JSON.parse(row.config) as StoredEndpointConfig, createdAt: row.created_at, createdBy: row.created_by }));
  }

  async markApplied(endpointId: string, version: number, now: number): Promise<void> {
    await this.db
      .updateTable('endpoints')
      .set({ current_config_version: version, config_update: 'NOT_UPDATING', config_update_message: null, updated_at: now })
      .where('id', '=', endpointId)
      .execute();
  }

  async markFailed(endpointId: string, message: string, now: number): Promise<void> {
    await this.db
      .updateTable('endpoints')
      .set({ config_update: 'UPDATE_FAILED', config_update_message: message, updated_at: now })
      .where('id', '=', endpointId)
      .execute();
  }

  async setTags(endpointId: string, tags: EndpointTag[], now: number): Promise<void> {
    await this.db.updateTable('endpoints').set({ tags: JSON.stringify(tags), updated_at: now }).where('id', '=', endpointId).execute();
  }

  async setAiGateway(endpointId: string, aiGateway: unknown, now: number): Promise<void> {
    await this.db
      .updateTable('endpoints')
      .set({ ai_gateway: JSON.stringify(aiGateway), updated_at: now })
      .where('id', '=', endpointId)
      .execute();
  }

  async setDisabled(endpointId: string, disabled: EndpointDisabled | null, now: number): Promise<void> {
    await this.db
      .updateTable('endpoints')
      .set({ disabled: disabled === null ? null : JSON.stringify(disabled), updated_at: now })
      .where('id', '=', endpointId)
      .execute();
  }

  async delete(endpointId: string): Promise<void> {
    await this.db.deleteFrom('endpoints').where('id', '=', endpointId).execute();
  }

  async audit(entry: { principalId: string | null; action: string; objectId: string; details: Record<string, unknown>; now: number }): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        time: entry.now,
        principal_id: entry.principalId,
        action: entry.action,
        object_type: 'serving-endpoints',
        object_id: entry.objectId,
        details: JSON.stringify(entry.details),
      })
      .execute();
  }
}
