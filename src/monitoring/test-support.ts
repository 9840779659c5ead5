import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DialectName, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, type TestDatabase } from '../storage/test-support/test-databases.js';

/** A suite's database: `storage` and `database` may be read once the suite's tests run (not while declaring them). */
export interface SuiteDatabase {
  readonly storage: StorageHandle;
  readonly database: TestDatabase;
}

/**
 * Test set-up shared by the monitoring suites: one fresh, migrated database of `dialect` per suite, opened before
 * its tests and closed and dropped after them. Call it inside `describe`, before hooks that use the database.
 */
export function useSuiteDatabase(dialect: DialectName): SuiteDatabase {
  let database: TestDatabase | undefined;
  let storage: StorageHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
  });
  afterAll(async () => {
    await storage?.close();
    await database?.cleanup();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite database is opened in beforeAll: read it inside a test');
    return value;
  };
  return {
    get storage() {
      return opened(storage);
    },
    get database() {
      return opened(database);
    },
  };
}
