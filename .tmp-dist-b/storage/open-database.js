import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import { startSqliteCheckpointer } from './sqlite-checkpointer.js';
// PostgreSQL returns int8 as string to avoid precision loss; our int8 columns are ms timestamps and
// sequence numbers, all far below 2^53, so numbers are safe and keep one row type for both dialects.
pg.types.setTypeParser(20, (value) => Number(value));
export function isPostgresUrl(url) {
    return /^postgres(ql)?:\/\//i.test(url);
}
function redact(url) {
    try {
        const parsed = new URL(url);
        if (parsed.password)
            parsed.password = '***';
        return parsed.toString();
    }
    catch {
        return '(unparseable url)';
    }
}
/** Opens SQLite or PostgreSQL, chosen by the URL, and runs pending migrations. */
export async function openDatabase(databaseUrl, dataDir) {
    let handle;
    if (databaseUrl && isPostgresUrl(databaseUrl)) {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
        const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
        handle = { db, dialect: 'postgres', location: redact(databaseUrl), close: () => db.destroy() };
    }
    else {
        const file = databaseUrl ? databaseUrl.replace(/^sqlite:(\/\/)?/, '') : path.join(dataDir, 'cairn.db');
        if (file !== ':memory:')
            mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        const sqlite = new SQLite(file);
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('synchronous = NORMAL');
        sqlite.pragma('foreign_keys = ON');
        sqlite.pragma('busy_timeout = 5000');
        const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
        let checkpointer;
        if (file !== ':memory:') {
            // Checkpoints move to a worker thread so no COMMIT on the request path's thread has to do one.
            sqlite.pragma('wal_autocheckpoint = 0');
            checkpointer = startSqliteCheckpointer(path.resolve(file));
        }
        handle = {
            db,
            dialect: 'sqlite',
            location: file,
            async close() {
                await checkpointer?.stop();
                await db.destroy();
            },
        };
    }
    await migrate(handle);
    return handle;
}
async function migrate(handle) {
    const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`database migration ${failed} failed: ${error.message ?? String(error)}`);
    }
}
//# sourceMappingURL=open-database.js.map