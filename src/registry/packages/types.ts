import type { Capability, JsFlavor, PackageFile, PackageManifest } from './manifest.js';

/** A package as the artifact store holds it (immutable: its digest names it). */
export interface StoredPackage {
  /** sha256 over the manifest's digest and every file's path and digest (see docs/model-packages.md). */
  digest: string;
  /** `cairn-package://sha256:<digest>`: what a model version's `source` holds. */
  source: string;
  /** sha256 of the uploaded .tgz, which the download route returns byte for byte. */
  archiveSha256: string;
  sizeBytes: number;
  manifest: PackageManifest;
  manifestSha256: string;
  files: PackageFile[];
  createdAt: number;
}

/**
 * A version's package on this instance's disk, verified and with its dependencies installed: what serving runs.
 * `dir` is the version's own directory (`<data_dir>/models/<model>/<version>/`), holding the package files and its
 * `node_modules`.
 */
export interface MaterializedPackage {
  digest: string;
  dir: string;
  manifest: PackageManifest;
  js: JsFlavor;
  capabilities: ReadonlySet<Capability>;
  /**
   * Re-hashes every package file in `dir` against the store's digests; throws CairnError PACKAGE_INTEGRITY_ERROR
   * naming the first file that differs (or is missing). Serving calls it before each replica start (SEC-SC-1).
   */
  verify(): Promise<void>;
}

/** What serving needs from the package store. */
export interface PackageResolver {
  /**
   * The verified package of a model version whose source is a package source. Throws PACKAGE_INTEGRITY_ERROR when
   * a file no longer matches its digest, INVALID_STATE when the version is not READY (dependencies still installing
   * or failed).
   */
  materialize(modelName: string, version: string, source: string): Promise<MaterializedPackage>;
}
