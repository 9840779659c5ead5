/** Row types of the model package tables (migration 005). Same conventions as tables.ts. */

/** One immutable model package; its digest names it (see docs/model-packages.md). */
export interface ModelPackagesTable {
  /** sha256 hex of the package's file list (path + sha256 of every file). */
  digest: string;
  /** sha256 hex of the uploaded .tgz, kept byte for byte in the artifact store. */
  archive_sha256: string;
  /** Size of the uploaded archive. */
  size_bytes: number;
  /** JSON of the parsed `MLmodel` manifest. */
  manifest: string;
  manifest_sha256: string;
  /** JSON array of {path, size, sha256}, sorted by path. */
  files: string;
  /** Principal id of the uploader. */
  created_by: string | null;
  created_at: number;
}

/** The uploaded archive of a package, byte for byte: the source every instance rebuilds its local blobs from. */
export interface ModelPackageArchivesTable {
  archive_sha256: string;
  bytes: Buffer;
}
