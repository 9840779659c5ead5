import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/index.js';
import { CairnError } from '../../errors/index.js';
import { ChangeFeed, type DialectName, openDatabase, type StorageHandle } from '../../storage/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../storage/test-support/test-databases.js';
import { createRegistry, type RegistryService } from '../index.js';
import { createFakeAuthorizer } from '../test-support/fake-authorizer.js';
import { principal } from '../test-support/fake-authorizer.js';
import { installEnvironment, npmCiArguments } from './dependency-install.js';
import { packPackageFiles } from './package-archive.js';
import { sha256Hex } from './package-digest.js';
import { createPackageStore, type PackageStore, type PackageStoreDependencies } from './package-store.js';
import { manifestWithLockfile, missingDependency, npmProject, packageFiles, realTinyDependency } from './test-support/package-fixtures.js';

const admin = principal('admin-id', { name: 'admin', isAdmin: true });
const editor = principal('editor-id', { name: 'editor' });

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

interface World {
  database: TestDatabase;
  storage: StorageHandle;
  changeFeed: ChangeFeed;
  changes: string[];
  store: PackageStore;
  registry: RegistryService;
  /** Another store over the same database and data dir (a restarted instance). */
  openStore(overrides?: Partial<PackageStoreDependencies>): PackageStore;
  close(): Promise<void>;
}

async function openWorld(dialect: DialectName, overrides: Partial<PackageStoreDependencies> = {}): Promise<World> {
  const database = await createTestDatabase(dialect);
  const storage = await openDatabase(database.url, database.dataDir);
  const changeFeed = new ChangeFeed(storage.db, 60_000);
  const changes: string[] = [];
  changeFeed.subscribe((topic, key) => changes.push(`${topic}:${key}`));
  const logger = pino({ level: 'silent' });
  const models = configSchema.parse({}).models;
  const stores: PackageStore[] = [];
  const openStore = (more: Partial<PackageStoreDependencies> = {}) => {
    const store = createPackageStore({ db: storage.db, dataDir: database.dataDir, models: { ...models, npm_install_timeout_ms: 120_000 }, changeFeed, logger, ...overrides, ...more });
    stores.push(store);
    return store;
  };
  const store = openStore();
  const registry = createRegistry({ db: storage.db, changeFeed, auth: createFakeAuthorizer(), logger, packages: store });
  return {
    database, storage, changeFeed, changes, store, registry, openStore,
    async close() {
      await Promise.all(stores.map((each) => each.close()));
      changeFeed.stop();
      await storage.close();
      await database.cleanup();
    },
  };
}

describe.each(testDialects)('package store on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(dialect, { installDependencies: async () => undefined });
  }, 30_000);
  afterAll(async () => {
    await world?.close();
  });

  it('stores a package by digest (blobs + row), idempotently, for admins only, and gives the archive back byte for byte', async () => {
    const archive = packPackageFiles(packageFiles({ 'artifacts/notes.txt': 'store me' }));
    expect((await rejection(world.store.register(editor, archive))).code).toBe('PERMISSION_DENIED');
    const stored = await world.store.register(admin, archive);
    expect(stored.source).toBe(`cairn-package://sha256:${stored.digest}`);
    expect(stored.archiveSha256).toBe(sha256Hex(archive));
    expect(stored.files.map((file) => file.path)).toEqual(['MLmodel', 'artifacts/notes.txt', 'model.js']);
    for (const file of stored.files) {
      expect(existsSync(path.join(world.database.dataDir, 'artifacts', 'sha256', file.sha256.slice(0, 2), file.sha256))).toBe(true);
    }
    const again = await world.store.register(admin, archive);
    expect(again).toEqual(stored);
    expect(sha256Hex(await world.store.readArchive(stored.digest))).toBe(sha256Hex(archive));
    expect(await world.store.get('f'.repeat(64))).toBeUndefined();
  });

  it('a package version is PENDING, then READY once installed; its directory holds the files and verifies', async () => {
    const stored = await world.store.register(admin, packPackageFiles(packageFiles({ 'artifacts/a.txt': 'ready' })));
    await world.registry.registeredModels.create(admin, { name: 'keywords' });
    const created = await world.registry.modelVersions.create(admin, { name: 'keywords', source: stored.source });
    expect(created.status).toBe('PENDING_REGISTRATION');
    await world.store.whenSettled('keywords', created.version);
    const ready = await world.registry.getModelVersion('keywords', created.version);
    expect(ready.status).toBe('READY');
    expect(world.changes.filter((change) => change === 'registry:keywords').length).toBeGreaterThanOrEqual(3);

    const materialized = await world.store.materialize('keywords', created.version, stored.source);
    expect(materialized.dir).toBe(path.join(world.database.dataDir, 'models', 'keywords', created.version));
    expect(readFileSync(path.join(materialized.dir, 'artifacts/a.txt'), 'utf8')).toBe('ready');
    expect(materialized.js.entry).toBe('model.js');
    expect([...materialized.capabilities]).toEqual(['predict']);
    await materialized.verify();

    // SEC-SC-1: a file changed on disk refuses to load, naming the file and both digests.
    const original = readFileSync(path.join(materialized.dir, 'model.js'));
    writeFileSync(path.join(materialized.dir, 'model.js'), 'export function predict() { return "pwned"; }');
    const tampered = await rejection(materialized.verify());
    expect(tampered.code).toBe('PACKAGE_INTEGRITY_ERROR');
    expect(tampered.message).toMatch(/^package file model\.js does not match its sha256 digest \(expected [0-9a-f]{64}, found [0-9a-f]{64}\)/);
    expect((await rejection(world.store.materialize('keywords', created.version, stored.source))).code).toBe('PACKAGE_INTEGRITY_ERROR');
    writeFileSync(path.join(materialized.dir, 'model.js'), original);
    await world.store.materialize('keywords', created.version, stored.source);
  });

  it('refuses package versions from non-admins and for packages not in the store', async () => {
    const stored = await world.store.register(admin, packPackageFiles(packageFiles({ 'artifacts/b.txt': 'b' })));
    await world.registry.registeredModels.create(admin, { name: 'guarded' });
    expect((await rejection(world.registry.modelVersions.create(editor, { name: 'guarded', source: stored.source }))).code).toBe('PERMISSION_DENIED');
    const missing = await rejection(world.registry.modelVersions.create(admin, { name: 'guarded', source: `cairn-package://sha256:${'0'.repeat(64)}` }));
    expect(missing.code).toBe('INVALID_PARAMETER_VALUE');
    expect(missing.message).toContain('does not exist');
    expect((await rejection(world.registry.modelVersions.create(admin, { name: 'guarded', source: 'cairn-package://sha256:nothex' }))).code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('a failed install marks the version FAILED_REGISTRATION with the reason, and it cannot be materialized', async () => {
    const failing = world.openStore({ installDependencies: async () => Promise.reject(new CairnError('PACKAGE_INVALID', 'dependency install failed: npm error 404 Not Found')) });
    const registry = createRegistry({ db: world.storage.db, changeFeed: world.changeFeed, auth: createFakeAuthorizer(), logger: pino({ level: 'silent' }), packages: failing });
    const files = packageFiles({ MLmodel: manifestWithLockfile(), ...npmProject(missingDependency) });
    const stored = await failing.register(admin, packPackageFiles(files));
    await registry.registeredModels.create(admin, { name: 'broken' });
    const created = await registry.modelVersions.create(admin, { name: 'broken', source: stored.source });
    await failing.whenSettled('broken', created.version);
    const failed = await registry.getModelVersion('broken', created.version);
    expect(failed.status).toBe('FAILED_REGISTRATION');
    expect(failed.status_message).toContain('npm error 404 Not Found');
    const refused = await rejection(failing.materialize('broken', created.version, stored.source));
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.message).toContain('is not READY (FAILED_REGISTRATION): dependency install failed');
    expect(existsSync(path.join(world.database.dataDir, 'models', 'broken', created.version))).toBe(false);
  });

  it('another instance with an empty data dir rebuilds the package from the database, verified, and downloads the same bytes', async () => {
    const archive = packPackageFiles(packageFiles({ 'artifacts/elsewhere.txt': 'no shared storage needed' }));
    const stored = await world.store.register(admin, archive);
    await world.registry.registeredModels.create(admin, { name: 'elsewhere' });
    const created = await world.registry.modelVersions.create(admin, { name: 'elsewhere', source: stored.source });
    await world.store.whenSettled('elsewhere', created.version);

    const otherDataDir = mkdtempSync(path.join(tmpdir(), 'cairn-other-instance-'));
    try {
      const other = world.openStore({ dataDir: otherDataDir });
      const materialized = await other.materialize('elsewhere', created.version, stored.source);
      expect(materialized.dir.startsWith(otherDataDir)).toBe(true);
      expect(readFileSync(path.join(materialized.dir, 'artifacts/elsewhere.txt'), 'utf8')).toBe('no shared storage needed');
      expect(sha256Hex(await other.readArchive(stored.digest))).toBe(sha256Hex(archive));

      // A database copy that no longer matches its digest is refused, never unpacked.
      const third = mkdtempSync(path.join(tmpdir(), 'cairn-third-instance-'));
      try {
        await world.storage.db.updateTable('model_package_archives').set({ bytes: Buffer.from('tampered') }).where('archive_sha256', '=', stored.archiveSha256).execute();
        const error = await rejection(world.openStore({ dataDir: third }).readArchive(stored.digest));
        expect(error.code).toBe('PACKAGE_INTEGRITY_ERROR');
        expect(error.message).toContain('does not match its sha256 digest');
      } finally {
        rmSync(third, { recursive: true, force: true });
      }
    } finally {
      rmSync(otherDataDir, { recursive: true, force: true });
    }
  });

  it('a version left PENDING by a stopped instance is installed by the next one; odd model names stay inside models/', async () => {
    const hanging = world.openStore({
      installDependencies: (_directory, signal) =>
        new Promise((_resolve, reject) => {
          if (signal.aborted) reject(new Error('aborted'));
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    const registry = createRegistry({ db: world.storage.db, changeFeed: world.changeFeed, auth: createFakeAuthorizer(), logger: pino({ level: 'silent' }), packages: hanging });
    const stored = await hanging.register(admin, packPackageFiles(packageFiles({ MLmodel: manifestWithLockfile(), ...npmProject(realTinyDependency) })));
    await registry.registeredModels.create(admin, { name: '..' });
    const created = await registry.modelVersions.create(admin, { name: '..', source: stored.source });
    await hanging.close();
    expect((await registry.getModelVersion('..', created.version)).status).toBe('PENDING_REGISTRATION');

    const restarted = world.openStore({ installDependencies: async () => undefined });
    expect(await restarted.recoverPending()).toBeGreaterThanOrEqual(1);
    await restarted.whenSettled('..', created.version);
    expect((await registry.getModelVersion('..', created.version)).status).toBe('READY');
    const materialized = await restarted.materialize('..', created.version, stored.source);
    expect(materialized.dir).toBe(path.join(world.database.dataDir, 'models', '%2E.', created.version));
  });
});

describe('dependency install with the real npm (scripts off, into the version directory)', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld('sqlite');
  }, 30_000);
  afterAll(async () => {
    await world?.close();
  });

  it('runs npm ci with scripts off and without Cairn\'s secrets in its environment', () => {
    expect(npmCiArguments).toEqual(['ci', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund']);
    const environment = installEnvironment({ PATH: '/bin', CAIRN_SECRET_KEY: 'k', OPENAI_API_KEY: 'sk', CAIRN_DATABASE_URL: 'postgres://x', npm_config_registry: 'https://r', HOME: '/h' });
    expect(environment).toMatchObject({ PATH: '/bin', HOME: '/h', npm_config_registry: 'https://r', npm_config_ignore_scripts: 'true' });
    expect(Object.keys(environment)).not.toContain('CAIRN_SECRET_KEY');
    expect(Object.keys(environment)).not.toContain('OPENAI_API_KEY');
    expect(Object.keys(environment)).not.toContain('CAIRN_DATABASE_URL');
  });

  it('installs a tiny real dependency into the version directory, never running the package\'s scripts', async () => {
    const project = npmProject(realTinyDependency, { postinstall: "node -e \"require('fs').writeFileSync('postinstall-ran','yes')\"" });
    const stored = await world.store.register(admin, packPackageFiles(packageFiles({ MLmodel: manifestWithLockfile(), ...project })));
    await world.registry.registeredModels.create(admin, { name: 'with-deps' });
    const created = await world.registry.modelVersions.create(admin, { name: 'with-deps', source: stored.source });
    await world.store.whenSettled('with-deps', created.version);
    const version = await world.registry.getModelVersion('with-deps', created.version);
    expect(version.status_message ?? '').toBe('');
    expect(version.status).toBe('READY');
    const materialized = await world.store.materialize('with-deps', created.version, stored.source);
    expect(materialized.dir.startsWith(world.database.dataDir)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(materialized.dir, 'node_modules', 'ms', 'package.json'), 'utf8'))).toMatchObject({ name: 'ms', version: '2.1.3' });
    expect(existsSync(path.join(materialized.dir, 'postinstall-ran'))).toBe(false);
    await materialized.verify();
  }, 150_000);

  it('a lockfile naming a package that does not exist fails the version with npm\'s error', async () => {
    const stored = await world.store.register(admin, packPackageFiles(packageFiles({ MLmodel: manifestWithLockfile(), ...npmProject(missingDependency) })));
    await world.registry.registeredModels.create(admin, { name: 'missing-deps' });
    const created = await world.registry.modelVersions.create(admin, { name: 'missing-deps', source: stored.source });
    await world.store.whenSettled('missing-deps', created.version);
    const version = await world.registry.getModelVersion('missing-deps', created.version);
    expect(version.status).toBe('FAILED_REGISTRATION');
    expect(version.status_message).toContain('dependency install failed: npm ci exited with code');
    expect(version.status_message).toMatch(/npm error.*(404|cairn-no-such-package-xyz-123)/);
    expect(existsSync(path.join(world.database.dataDir, 'models', 'missing-deps', created.version))).toBe(false);
  }, 150_000);
});
