import { stat, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Principal } from '../../auth/types.js';
import type { CairnConfig } from '../../config/index.js';
import { CairnError } from '../../errors/index.js';
import type { ChangeFeed, Db } from '../../storage/index.js';
import { ArtifactStore } from './artifact-store.js';
import { installDependencies } from './dependency-install.js';
import { digestOfSource, jsFlavorSchema, type PackageFile, type PackageManifest, packageSource, packageSourcePrefix } from './manifest.js';
import { type PackageLimits, packageLimitsOf, readPackageArchive } from './package-archive.js';
import { sha256Hex } from './package-digest.js';
import { validatePackageFiles } from './package-validation.js';
import type { MaterializedPackage, PackageResolver, StoredPackage } from './types.js';
import { buildVersionDirectory, markerDigest, verifyDirectory, versionDirectory } from './version-directory.js';

export interface PackageStoreDependencies {
  db: Db;
  dataDir: string;
  /** The `models` config section: limits, npm command and install timeout. */
  models: CairnConfig['models'];
  changeFeed: ChangeFeed;
  logger: Logger;
  now?: () => number;
  /** Replaces `npm ci` (tests); receives the directory holding the lockfile. */
  installDependencies?: (directory: string, signal: AbortSignal) => Promise<void>;
}

/**
 * The model package store: validated packages (rows in `model_packages`, bytes as blobs), and each version's own
 * directory with its dependencies installed. Implements serving's PackageResolver.
 */
export interface PackageStore extends PackageResolver {
  readonly limits: PackageLimits;
  /** Validates and stores an uploaded .tgz (admins only, SEC-SC-2); the same package uploaded again returns the stored one. */
  register(principal: Principal, archive: Buffer): Promise<StoredPackage>;
  get(digest: string): Promise<StoredPackage | undefined>;
  /** The uploaded archive, byte for byte (re-hashed against its sha256). */
  readArchive(digest: string): Promise<Buffer>;
  /**
   * Builds the version directory of a version just created as PENDING_REGISTRATION, in the background, then marks
   * it READY or FAILED_REGISTRATION (with npm's error) and publishes the change. Never throws.
   */
  scheduleInstall(modelName: string, version: string, source: string): void;
  /** Resolves when the version's background install (if any on this instance) has finished. */
  whenSettled(modelName: string, version: string): Promise<void>;
  /** Picks up versions left PENDING_REGISTRATION (a crash mid-install) and installs them again. */
  recoverPending(): Promise<number>;
  /** Cancels running installs (their versions stay PENDING and are retried at the next start). */
  close(): Promise<void>;
}

interface VersionRow {
  status: string;
  status_message: string;
  source: string;
}

function parsePackageRow(row: { digest: string; archive_sha256: string; size_bytes: number; manifest: string; manifest_sha256: string; files: string; created_at: number }): StoredPackage {
  return {
    digest: row.digest,
    source: packageSource(row.digest),
    archiveSha256: row.archive_sha256,
    sizeBytes: Number(row.size_bytes),
    manifest: JSON.parse(row.manifest) as PackageManifest,
    manifestSha256: row.manifest_sha256,
    files: JSON.parse(row.files) as PackageFile[],
    createdAt: Number(row.created_at),
  };
}

/** The REST shape of a stored package (`{package: …}`). */
export function packageView(stored: StoredPackage): Record<string, unknown> {
  return {
    digest: stored.digest,
    source: stored.source,
    archive_sha256: stored.archiveSha256,
    size_bytes: stored.sizeBytes,
    manifest_sha256: stored.manifestSha256,
    manifest: stored.manifest,
    files: stored.files,
    created_at: stored.createdAt,
  };
}

export function createPackageStore(dependencies: PackageStoreDependencies): PackageStore {
  const { db, dataDir, models, changeFeed, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const blobs = new ArtifactStore(dataDir);
  const limits = packageLimitsOf(models);
  const shutdown = new AbortController();
  /** Background installs by `name\0version`. */
  const installs = new Map<string, Promise<void>>();
  /** Directory builds in flight on this instance, by directory: one build per version at a time. */
  const builds = new Map<string, Promise<void>>();

  const install =
    dependencies.installDependencies ??
    ((directory: string, signal: AbortSignal) =>
      installDependencies({ cwd: directory, npmCommand: models.npm_command, timeoutMs: models.npm_install_timeout_ms, signal }));

  async function get(digest: string): Promise<StoredPackage | undefined> {
    if (!/^[0-9a-f]{64}$/.test(digest)) return undefined;
    const row = await db.selectFrom('model_packages').selectAll().where('digest', '=', digest).executeTakeFirst();
    return row ? parsePackageRow(row) : undefined;
  }

  async function requirePackage(source: string): Promise<StoredPackage> {
    const digest = digestOfSource(source);
    if (!digest) throw new CairnError('INVALID_PARAMETER_VALUE', `source ${source.slice(0, 200)} is not a model package source (${packageSourcePrefix}<64 hex>).`);
    const stored = await get(digest);
    if (!stored) throw new CairnError('INVALID_PARAMETER_VALUE', `model package ${digest} is not in the artifact store; upload it first (POST /api/2.0/cairn/model-packages).`);
    return stored;
  }

  async function versionRow(modelName: string, version: string): Promise<VersionRow | undefined> {
    return db
      .selectFrom('model_versions')
      .innerJoin('registered_models', 'registered_models.id', 'model_versions.model_id')
      .select(['model_versions.status', 'model_versions.status_message', 'model_versions.source'])
      .where('registered_models.name', '=', modelName)
      .where('model_versions.version', '=', Number(version))
      .executeTakeFirst();
  }

  /**
   * Makes sure this instance holds the package's blobs: an instance that did not take the upload (another machine, a
   * fresh data dir) unpacks them from the archive kept in the database. The archive is checked against its sha256;
   * every file is checked against its own when it is read.
   */
  async function hydrateBlobs(stored: StoredPackage): Promise<void> {
    const needed = [stored.archiveSha256, ...stored.files.map((file) => file.sha256)];
    const present = await Promise.all(needed.map((sha256) => blobs.has(sha256)));
    if (present.every(Boolean)) return;
    const row = await db.selectFrom('model_package_archives').select('bytes').where('archive_sha256', '=', stored.archiveSha256).executeTakeFirst();
    if (!row) throw new CairnError('PACKAGE_INTEGRITY_ERROR', `the archive of package ${stored.digest} is missing from this instance's artifact store and from the database.`);
    const archive = Buffer.from(row.bytes);
    if (sha256Hex(archive) !== stored.archiveSha256) {
      throw new CairnError('PACKAGE_INTEGRITY_ERROR', `the archive of package ${stored.digest} in the database does not match its sha256 digest.`);
    }
    await blobs.put(archive);
    for (const [, bytes] of await readPackageArchive(archive, limits)) await blobs.put(bytes);
    logger.info({ digest: stored.digest }, 'model package blobs restored from the database');
  }

  /** The version directory, built (files from blobs, dependencies installed) when this instance has none yet. */
  async function ensureDirectory(modelName: string, version: string, stored: StoredPackage): Promise<string> {
    const directory = versionDirectory(dataDir, modelName, version);
    const existing = await stat(directory).catch(() => undefined);
    if (existing?.isDirectory()) {
      if ((await markerDigest(directory)) === stored.digest) return directory;
      // A directory left by a deleted model of the same name, or a build cut short: never serve it.
      logger.warn({ model: modelName, version }, 'replacing a version directory that holds another package');
      await rm(directory, { recursive: true, force: true });
    }
    const inFlight = builds.get(directory);
    if (inFlight) {
      await inFlight;
      return directory;
    }
    await hydrateBlobs(stored);
    const lockfile = stored.manifest.dependencies?.npm?.lockfile;
    const build = buildVersionDirectory(directory, stored.digest, stored.files, blobs, async (temporary) => {
      if (lockfile) await install(path.join(temporary, path.dirname(lockfile)), shutdown.signal);
    }).finally(() => builds.delete(directory));
    builds.set(directory, build);
    await build;
    return directory;
  }

  function materialized(stored: StoredPackage, directory: string): MaterializedPackage {
    const js = jsFlavorSchema.parse(stored.manifest.flavors.js);
    return {
      digest: stored.digest,
      dir: directory,
      manifest: stored.manifest,
      js,
      capabilities: new Set(js.capabilities),
      verify: () => verifyDirectory(directory, stored.files),
    };
  }

  async function setStatus(modelName: string, version: string, source: string, status: 'READY' | 'FAILED_REGISTRATION', message: string): Promise<void> {
    const model = await db.selectFrom('registered_models').select('id').where('name', '=', modelName).executeTakeFirst();
    if (!model) return;
    const result = await db
      .updateTable('model_versions')
      .set({ status, status_message: message.slice(0, 4000), last_updated_timestamp: now() })
      .where('model_id', '=', model.id)
      .where('version', '=', Number(version))
      .where('source', '=', source)
      .where('status', '=', 'PENDING_REGISTRATION')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    try {
      await changeFeed.publish('registry', modelName);
    } catch (error) {
      logger.error({ err: error, model: modelName }, 'registry change publish failed');
    }
  }

  async function runInstall(modelName: string, version: string, source: string): Promise<void> {
    try {
      const stored = await requirePackage(source);
      const directory = await ensureDirectory(modelName, version, stored);
      await verifyDirectory(directory, stored.files);
      if (shutdown.signal.aborted) return;
      await setStatus(modelName, version, source, 'READY', '');
      logger.info({ model: modelName, version, digest: stored.digest }, 'model package installed');
    } catch (error) {
      // Cancelled by close(): the version stays PENDING and the next start retries it.
      if (shutdown.signal.aborted) return;
      const message = error instanceof CairnError ? error.message : `install failed: ${(error as Error).message}`;
      logger.warn({ model: modelName, version, reason: message }, 'model package install failed');
      await setStatus(modelName, version, source, 'FAILED_REGISTRATION', message).catch((statusError: unknown) => {
        logger.error({ err: statusError, model: modelName, version }, 'could not record a failed package install');
      });
    }
  }

  const store: PackageStore = {
    limits,

    async register(principal, archive) {
      if (!principal.isAdmin) {
        throw new CairnError('PERMISSION_DENIED', 'Only workspace admins may upload model packages: a package is code that runs on Cairn\'s servers.');
      }
      const files = await readPackageArchive(archive, limits);
      const validated = validatePackageFiles(files);
      const existing = await get(validated.digest);
      if (existing) return existing;
      for (const [, bytes] of files) await blobs.put(bytes);
      const archiveSha256 = await blobs.put(archive);
      await db
        .insertInto('model_package_archives')
        .values({ archive_sha256: archiveSha256, bytes: archive })
        .onConflict((conflict) => conflict.column('archive_sha256').doNothing())
        .execute();
      await db
        .insertInto('model_packages')
        .values({
          digest: validated.digest,
          archive_sha256: archiveSha256,
          size_bytes: archive.length,
          manifest: JSON.stringify(validated.manifest),
          manifest_sha256: validated.manifestSha256,
          files: JSON.stringify(validated.files),
          created_by: principal.id,
          created_at: now(),
        })
        .onConflict((conflict) => conflict.column('digest').doNothing())
        .execute();
      return (await get(validated.digest))!;
    },

    get,

    async readArchive(digest) {
      const stored = await get(digest);
      if (!stored) throw new CairnError('RESOURCE_DOES_NOT_EXIST', `model package ${digest} does not exist.`);
      await hydrateBlobs(stored);
      return blobs.read(stored.archiveSha256, `the archive of package ${digest}`);
    },

    async materialize(modelName, version, source) {
      const row = await versionRow(modelName, version);
      if (!row) throw new CairnError('RESOURCE_DOES_NOT_EXIST', `Model Version (name=${modelName}, version=${version}) not found.`);
      if (row.source !== source) throw new CairnError('INVALID_STATE', `version ${version} of ${modelName} has another source than ${source}.`);
      if (row.status !== 'READY') {
        const why = row.status === 'PENDING_REGISTRATION' ? 'its dependencies are still being installed' : row.status_message || row.status;
        throw new CairnError('INVALID_STATE', `version ${version} of ${modelName} is not READY (${row.status}): ${why}`);
      }
      const stored = await requirePackage(source);
      const directory = await ensureDirectory(modelName, version, stored);
      const result = materialized(stored, directory);
      await result.verify();
      return result;
    },

    scheduleInstall(modelName, version, source) {
      const key = `${modelName}\u0000${version}`;
      const previous = installs.get(key) ?? Promise.resolve();
      const next = previous.then(() => runInstall(modelName, version, source));
      installs.set(key, next);
      void next.finally(() => {
        if (installs.get(key) === next) installs.delete(key);
      });
    },

    async whenSettled(modelName, version) {
      await installs.get(`${modelName}\u0000${version}`);
    },

    async recoverPending() {
      const pending = await db
        .selectFrom('model_versions')
        .innerJoin('registered_models', 'registered_models.id', 'model_versions.model_id')
        .select(['registered_models.name', 'model_versions.version', 'model_versions.source'])
        .where('model_versions.status', '=', 'PENDING_REGISTRATION')
        .where('model_versions.source', 'like', `${packageSourcePrefix}%`)
        .execute();
      for (const row of pending) store.scheduleInstall(row.name, String(row.version), row.source);
      return pending.length;
    },

    async close() {
      shutdown.abort();
      await Promise.allSettled([...installs.values(), ...builds.values()]);
    },
  };
  return store;
}
