import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as core from './001-core.js';
import * as inferenceLog from './002-inference-log.js';
import * as gateway from './003-gateway.js';
import * as monitoring from './004-monitoring.js';
import * as modelPackages from './005-model-packages.js';
import * as registryWebhooks from './006-registry-webhooks.js';
import { type DialectName, migrationContext } from './migration-context.js';

/** Ordered, in-code migrations: adding one means adding a file and a line here, never editing a landed one. */
const migrations = [
  ['001-core', core],
  ['002-inference-log', inferenceLog],
  ['003-gateway', gateway],
  ['004-monitoring', monitoring],
  ['005-model-packages', modelPackages],
  ['006-registry-webhooks', registryWebhooks],
] as const;

export function migrationProvider(dialect: DialectName): MigrationProvider {
  const context = migrationContext(dialect);
  return {
    async getMigrations() {
      const result: Record<string, Migration> = {};
      for (const [name, migration] of migrations) {
        result[name] = { up: (db: Kysely<unknown>) => migration.up(db, context) };
      }
      return result;
    },
  };
}

export type { DialectName } from './migration-context.js';
