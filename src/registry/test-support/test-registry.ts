import pino from 'pino';
import { ChangeFeed, type Db, type DialectName, openDatabase, type StorageHandle } from '../../storage/index.js';
import { createTestDatabase, type TestDatabase } from '../../storage/test-support/test-databases.js';
import { createRegistry, type RegistryService } from '../index.js';
import { createFakeAuthorizer, type FakeAuthorizer } from './fake-authorizer.js';

export interface TestRegistry {
  registry: RegistryService;
  auth: FakeAuthorizer;
  db: Db;
  changeFeed: ChangeFeed;
  /** Change events published so far, as `topic:key`. */
  changes: string[];
  /** Advances the injected clock by `ms` (it also ticks 1 ms per read, so writes are strictly ordered). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** A registry over a fresh database of the dialect, with a fake authorizer and an exact clock. */
export async function openTestRegistry(dialect: DialectName): Promise<TestRegistry> {
  const database: TestDatabase = await createTestDatabase(dialect);
  const storage: StorageHandle = await openDatabase(database.url, database.dataDir);
  const changeFeed = new ChangeFeed(storage.db, 60_000);
  const changes: string[] = [];
  changeFeed.subscribe((topic, key) => changes.push(`${topic}:${key}`));
  const auth = createFakeAuthorizer();
  let time = 1_700_000_000_000;
  const registry = createRegistry({ db: storage.db, changeFeed, auth, logger: pino({ level: 'silent' }), now: () => (time += 1) });
  return {
    registry,
    auth,
    db: storage.db,
    changeFeed,
    changes,
    advance: (ms) => void (time += ms),
    async close() {
      changeFeed.stop();
      await storage.close();
      await database.cleanup();
    },
  };
}
