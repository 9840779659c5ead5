import * as core from './001-core.js';
import * as inferenceLog from './002-inference-log.js';
import * as gateway from './003-gateway.js';
import * as monitoring from './004-monitoring.js';
import { migrationContext } from './migration-context.js';
/** Ordered, in-code migrations: adding one means adding a file and a line here, never editing a landed one. */
const migrations = [
    ['001-core', core],
    ['002-inference-log', inferenceLog],
    ['003-gateway', gateway],
    ['004-monitoring', monitoring],
];
export function migrationProvider(dialect) {
    const context = migrationContext(dialect);
    return {
        async getMigrations() {
            const result = {};
            for (const [name, migration] of migrations) {
                result[name] = { up: (db) => migration.up(db, context) };
            }
            return result;
        },
    };
}
//# sourceMappingURL=index.js.map