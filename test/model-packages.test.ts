import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/test-support/run-cli.js';
import { principalWithToken } from '../src/http/databricks/test-support/auth-fixtures.js';
import { packPackageFiles } from '../src/registry/packages/package-archive.js';
import { sha256Hex } from '../src/registry/packages/package-digest.js';
import {
  manifestWithLockfile,
  missingDependency,
  npmProject,
  packageFiles,
  rawArchive,
  writePackageFolder,
} from '../src/registry/packages/test-support/package-fixtures.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

const maxPackageBytes = 256 * 1024;

interface PackageBody {
  package: { digest: string; source: string; archive_sha256: string; size_bytes: number; manifest: Record<string, unknown>; files: Array<{ path: string; sha256: string; size: number }> };
}
interface VersionBody {
  model_version: { name: string; version: string; status: string; status_message?: string; source: string };
}

/**
 * Model packages over HTTP and the CLI, as a user registers one: upload (admins only), the version's background
 * install, download byte for byte, and serving refusing a version that is not READY.
 */
describe('model packages over HTTP', () => {
  let server: TestServer;
  let folders: string[];

  beforeAll(async () => {
    server = await startTestServer({ config: { models: { max_package_bytes: maxPackageBytes } } });
    folders = [];
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    for (const folder of folders ?? []) rmSync(folder, { recursive: true, force: true });
  });

  const upload = (body: Buffer, token?: string) =>
    server.request('/api/2.0/cairn/model-packages', { method: 'POST', body, headers: { 'content-type': 'application/gzip' }, ...(token ? { token } : {}) });

  async function register(name: string, archive: Buffer): Promise<VersionBody['model_version']> {
    const uploaded = (await (await upload(archive)).json()) as PackageBody;
    await server.request('/api/2.0/mlflow/registered-models/create', { method: 'POST', json: { name } });
    const created = await server.request('/api/2.0/mlflow/model-versions/create', { method: 'POST', json: { name, source: uploaded.package.source } });
    expect(created.status).toBe(200);
    const version = ((await created.json()) as VersionBody).model_version;
    await server.app.services.packages.whenSettled(name, version.version);
    return ((await (await server.request(`/api/2.0/mlflow/model-versions/get?name=${name}&version=${version.version}`)).json()) as VersionBody).model_version;
  }

  it('uploads a .tgz (idempotently) and shows its digest, manifest and files', async () => {
    const archive = packPackageFiles(packageFiles({ 'artifacts/vocabulary.txt': 'cairn\nmodel\n' }));
    const response = await upload(archive);
    expect(response.status).toBe(200);
    const body = (await response.json()) as PackageBody;
    expect(body.package).toMatchObject({ archive_sha256: sha256Hex(archive), size_bytes: archive.length, manifest: { flavors: { js: { entry: 'model.js' } } } });
    expect(body.package.source).toBe(`cairn-package://sha256:${body.package.digest}`);
    expect(body.package.files.map((file) => file.path)).toEqual(['MLmodel', 'artifacts/vocabulary.txt', 'model.js']);
    expect(((await (await upload(archive)).json()) as PackageBody).package.digest).toBe(body.package.digest);
    const fetched = await server.request(`/api/2.0/cairn/model-packages/${body.package.digest}`);
    expect(((await fetched.json()) as PackageBody).package.digest).toBe(body.package.digest);
  });

  it('refuses corrupt archives, zip-slip and symlink entries, bad manifests and oversize uploads with clear errors', async () => {
    const refusal = async (archive: Buffer, status: number, code: string, text: string) => {
      const response = await upload(archive);
      const body = (await response.json()) as { error_code: string; message: string };
      expect(response.status, body.message).toBe(status);
      expect(body.error_code).toBe(code);
      expect(body.message).toContain(text);
    };
    await refusal(Buffer.from('definitely not gzip'), 400, 'PACKAGE_INVALID', "not a gzip'd tar archive");
    await refusal(rawArchive([{ path: 'MLmodel', body: 'x' }, { path: '../../../etc/cron.d/own', body: 'x' }]), 400, 'PACKAGE_INVALID', '"../../../etc/cron.d/own" escapes the package folder');
    await refusal(rawArchive([{ path: 'model.js', type: 'SymbolicLink', linkpath: '/etc/passwd' }]), 400, 'PACKAGE_INVALID', '"model.js" is a SymbolicLink');
    await refusal(packPackageFiles(packageFiles({ MLmodel: 'flavors:\n  js: {entry: model.js}\n' })), 400, 'PACKAGE_INVALID', 'flavors.js.capabilities: is missing');
    await refusal(packPackageFiles(packageFiles({ MLmodel: 'flavors:\n  sklearn: {pickled_model: model.pkl}\n' })), 400, 'PACKAGE_INVALID', 'unknown flavour sklearn; Cairn serves: js');
    const oversize = await upload(randomBytes(maxPackageBytes + 1024));
    expect(oversize.status).toBe(413);
    expect(((await oversize.json()) as { error_code: string }).error_code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('SEC-SC-2: only admins upload packages and register package versions', async () => {
    const editor = await principalWithToken(server, 'package-editor@example.com');
    const archive = packPackageFiles(packageFiles({ 'artifacts/admin.txt': 'only admins' }));
    const refused = await upload(archive, editor.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error_code: string }).error_code).toBe('PERMISSION_DENIED');
    // Refused before the body is read: a non-admin's upload larger than the limit is a 403, not a 413.
    const large = await upload(randomBytes(maxPackageBytes + 1024), editor.token);
    expect(large.status).toBe(403);
    expect(((await large.json()) as { message: string }).message).toBe('Only workspace admins may call POST /api/2.0/cairn/model-packages.');
    const stored = ((await (await upload(archive)).json()) as PackageBody).package;
    await server.request('/api/2.0/mlflow/registered-models/create', { method: 'POST', json: { name: 'editors-model' }, token: editor.token });
    const version = await server.request('/api/2.0/mlflow/model-versions/create', { method: 'POST', json: { name: 'editors-model', source: stored.source }, token: editor.token });
    expect(version.status).toBe(403);
    expect(((await version.json()) as { message: string }).message).toContain('Only workspace admins');
    const unknown = await server.request('/api/2.0/mlflow/model-versions/create', { method: 'POST', json: { name: 'editors-model', source: `cairn-package://sha256:${'a'.repeat(64)}` } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_code: string }).error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('a registered version becomes READY and downloads byte for byte through get-download-uri', async () => {
    const archive = packPackageFiles(packageFiles({ 'artifacts/download.txt': 'byte for byte' }));
    const version = await register('downloadable', archive);
    expect(version.status).toBe('READY');
    const uri = (await (await server.request('/api/2.0/mlflow/model-versions/get-download-uri?name=downloadable&version=1')).json()) as { artifact_uri: string };
    expect(uri.artifact_uri).toBe(`${server.url}/api/2.0/cairn/model-versions/download?name=downloadable&version=1`);
    const download = await server.request(uri.artifact_uri.slice(server.url.length));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    expect(download.headers.get('x-cairn-package-digest')).toBe(`sha256:${version.source.split('sha256:')[1]}`);
    expect(download.headers.get('content-disposition')).toContain('downloadable-1.tgz');
    expect(sha256Hex(Buffer.from(await download.arrayBuffer()))).toBe(sha256Hex(archive));
  });

  it('a failed dependency install is FAILED_REGISTRATION with npm\'s message, and serving refuses to deploy it', async () => {
    const archive = packPackageFiles(packageFiles({ MLmodel: manifestWithLockfile(), ...npmProject(missingDependency) }));
    const version = await register('no-deps', archive);
    expect(version.status).toBe('FAILED_REGISTRATION');
    expect(version.status_message).toContain('dependency install failed: npm ci exited with code');
    const endpoint = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: { name: 'no-deps-endpoint', config: { served_entities: [{ name: 'main', entity_name: 'no-deps', entity_version: version.version }] } },
    });
    const body = (await endpoint.json()) as { error_code: string; message: string };
    expect(endpoint.status).toBe(400);
    expect(body.error_code).toBe('INVALID_STATE');
    expect(body.message).toContain(`version ${version.version} of no-deps is not READY (FAILED_REGISTRATION): dependency install failed`);
  }, 120_000);

  it('CLI: models package validates locally; register --wait uploads and waits; download gives the same bytes', async () => {
    const folder = writePackageFolder(packageFiles({ 'artifacts/cli.txt': 'from the cli', 'node_modules/ignored/index.js': 'never packed' }));
    const outDir = mkdtempSync(path.join(tmpdir(), 'cairn-cli-package-'));
    folders.push(folder, outDir);
    const cli = (args: string[]) => runCli(args, { CAIRN_HOST: server.url, CAIRN_TOKEN: server.adminToken });

    const packed = await cli(['models', 'package', folder, '--out', path.join(outDir, 'model.tgz'), '--json']);
    expect(packed.stderr).toBe('');
    expect(packed.code).toBe(0);
    const summary = JSON.parse(packed.stdout) as { digest: string; capabilities: string[]; files: number };
    expect(summary).toMatchObject({ capabilities: ['predict'], files: 3 });

    const broken = writePackageFolder(packageFiles({ MLmodel: 'flavors:\n  onnx: {}\n' }));
    folders.push(broken);
    const refused = await cli(['models', 'package', broken]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('unknown flavour onnx; Cairn serves: js');

    const registered = await cli(['models', 'register', 'cli-packaged', folder, '--wait', '--json']);
    expect(registered.stderr).toBe('');
    expect(registered.code).toBe(0);
    const result = JSON.parse(registered.stdout) as { package: { digest: string }; model_version: { version: string; status: string } };
    expect(result.package.digest).toBe(summary.digest);
    expect(result.model_version).toMatchObject({ version: '1', status: 'READY' });

    const downloaded = await cli(['models', 'download', 'cli-packaged', '1', '--out', path.join(outDir, 'back.tgz')]);
    expect(downloaded.code).toBe(0);
    expect(downloaded.stdout).toContain(`sha256:${summary.digest}`);
    expect(sha256Hex(readFileSync(path.join(outDir, 'back.tgz')))).toBe(sha256Hex(readFileSync(path.join(outDir, 'model.tgz'))));
  }, 120_000);
});
