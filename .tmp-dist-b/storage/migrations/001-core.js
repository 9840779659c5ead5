// Migrations take `Kysely<unknown>`: they must not depend on today's table types.
export async function up(db, context) {
    const { autoIncrement, bigint, double } = context;
    await db.schema
        .createTable('registered_models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('creation_timestamp', bigint, (c) => c.notNull())
        .addColumn('last_updated_timestamp', bigint, (c) => c.notNull())
        .addColumn('user_id', 'text')
        .execute();
    await db.schema
        .createTable('model_versions')
        .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('run_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('run_link', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_message', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('current_stage', 'text', (c) => c.notNull().defaultTo('None'))
        .addColumn('user_id', 'text')
        .addColumn('creation_timestamp', bigint, (c) => c.notNull())
        .addColumn('last_updated_timestamp', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('model_versions_pk', ['model_id', 'version'])
        .execute();
    await db.schema
        .createTable('registered_model_tags')
        .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('registered_model_tags_pk', ['model_id', 'key'])
        .execute();
    await db.schema
        .createTable('model_version_tags')
        .addColumn('model_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('model_version_tags_pk', ['model_id', 'version', 'key'])
        .addForeignKeyConstraint('model_version_tags_fk', ['model_id', 'version'], 'model_versions', ['model_id', 'version'], (c) => c.onDelete('cascade'))
        .execute();
    await db.schema
        .createTable('registered_model_aliases')
        .addColumn('model_id', 'text', (c) => c.notNull().references('registered_models.id').onDelete('cascade'))
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('registered_model_aliases_pk', ['model_id', 'alias'])
        .execute();
    await db.schema
        .createTable('principals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addUniqueConstraint('principals_kind_name_unique', ['kind', 'name'])
        .execute();
    await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addColumn('member_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'member_id'])
        .execute();
    await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('principal_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('expires_at', bigint)
        .addColumn('revoked_at', bigint)
        .addColumn('created_by', 'text')
        .execute();
    await db.schema
        .createTable('permissions')
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text', (c) => c.notNull().references('principals.id').onDelete('cascade'))
        .addColumn('level', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('permissions_pk', ['object_type', 'object_id', 'principal_id'])
        .execute();
    await db.schema
        .createTable('secret_scopes')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
    await db.schema
        .createTable('secrets')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('secrets_pk', ['scope', 'key'])
        .execute();
    await db.schema
        .createTable('endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('creator', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('updated_at', bigint, (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('current_config_version', 'integer', (c) => c.notNull())
        .addColumn('config_update', 'text', (c) => c.notNull().defaultTo('NOT_UPDATING'))
        .addColumn('config_update_message', 'text')
        .addColumn('ai_gateway', 'text')
        .execute();
    await db.schema
        .createTable('endpoint_configs')
        .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addPrimaryKeyConstraint('endpoint_configs_pk', ['endpoint_id', 'version'])
        .execute();
    await db.schema
        .createTable('inference_log')
        .addColumn('request_id', 'text', (c) => c.primaryKey())
        .addColumn('client_request_id', 'text')
        .addColumn('trace_id', 'text')
        .addColumn('request_time', bigint, (c) => c.notNull())
        .addColumn('request_date', 'text', (c) => c.notNull())
        .addColumn('endpoint_name', 'text', (c) => c.notNull())
        .addColumn('config_version', 'integer')
        .addColumn('served_entity_id', 'text')
        .addColumn('served_entity_name', 'text')
        .addColumn('model_name', 'text')
        .addColumn('model_version', 'text')
        .addColumn('requester', 'text')
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('execution_duration_ms', double, (c) => c.notNull())
        .addColumn('ttft_ms', double)
        .addColumn('overhead_ms', double)
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('stream', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('request', 'text')
        .addColumn('response', 'text')
        .addColumn('logging_error_codes', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    await db.schema
        .createIndex('inference_log_endpoint_time')
        .on('inference_log')
        .columns(['endpoint_name', 'request_time'])
        .execute();
    await db.schema.createIndex('inference_log_time').on('inference_log').column('request_time').execute();
    await db.schema
        .createTable('change_events')
        .addColumn('seq', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('key', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
    await db.schema
        .createTable('audit_log')
        .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
        .addColumn('time', bigint, (c) => c.notNull())
        .addColumn('principal_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
}
//# sourceMappingURL=001-core.js.map