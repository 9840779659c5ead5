import { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import { digestOfSource, packageView } from '../../registry/index.js';
import type { Services } from '../../services.js';
import { type AnyRoute, defineRoute } from '../route.js';
import { nameField, versionField } from '../mlflow/mlflow-schemas.js';

const packagesPath = '/api/2.0/cairn/model-packages';
const downloadPath = '/api/2.0/cairn/model-versions/download';
const tag = 'cairn-model-packages';

const packageFileSchema = z.object({ path: z.string(), size: z.number().int(), sha256: z.string() });
const packageSchema = z.object({
  digest: z.string(),
  source: z.string(),
  archive_sha256: z.string(),
  size_bytes: z.number().int(),
  manifest_sha256: z.string(),
  manifest: z.record(z.string(), z.unknown()),
  files: z.array(packageFileSchema),
  created_at: z.number().int(),
});
const packageResponse = z.object({ package: packageSchema });

function requireAdmin(isAdmin: boolean, what: string): void {
  if (!isAdmin) throw new CairnError('PERMISSION_DENIED', `Only workspace admins may ${what}: a model package is code that runs on Cairn's servers.`);
}

/**
 * Model packages: upload (a .tgz as the raw body; admins only, SEC-SC-2), look one up by digest, and the download
 * of a version's package (byte for byte, CAN_READ on the model) with MLflow's `get-download-uri` pointing at it.
 */
export function modelPackageRoutes(services: Services): AnyRoute[] {
  const { packages } = services;
  const versions = services.registry.modelVersions;
  return [
    defineRoute({
      method: 'POST',
      path: packagesPath,
      summary: 'Upload a model package (.tgz as the request body); validated, stored by digest, idempotent. Admins only.',
      tag,
      auth: 'admin',
      rawBody: { limitBytes: services.config.models.max_package_bytes, binary: true },
      response: packageResponse,
      handler: async ({ principal, body }) => {
        requireAdmin(principal.isAdmin, 'upload model packages');
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new CairnError('PACKAGE_INVALID', "send the package as a gzip'd tar archive (.tgz) in the request body (content-type application/gzip).");
        }
        return { package: packageView(await packages.register(principal, body)) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${packagesPath}/:digest`,
      summary: 'Get a stored model package (manifest and file digests) by its digest. Admins only.',
      tag,
      params: z.object({ digest: z.string().max(200) }),
      response: packageResponse,
      handler: async ({ principal, params }) => {
        requireAdmin(principal.isAdmin, 'read model packages by digest');
        const digest = params.digest.replace(/^sha256:/, '');
        const stored = await packages.get(digest);
        if (!stored) throw new CairnError('RESOURCE_DOES_NOT_EXIST', `model package ${digest.slice(0, 80)} does not exist.`);
        return { package: packageView(stored) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/2.0/mlflow/model-versions/get-download-uri',
      summary: "Where a model version's artifacts can be downloaded: the package download route for package sources, else the source.",
      tag: 'mlflow-model-versions',
      body: z.object({ name: nameField, version: versionField }),
      response: z.object({ artifact_uri: z.string() }),
      handler: async ({ principal, body, request }) => {
        const version = await versions.get(principal, body);
        if (!digestOfSource(version.source)) return { artifact_uri: version.source };
        const query = new URLSearchParams({ name: version.name, version: version.version });
        return { artifact_uri: `${request.protocol}://${request.host}${downloadPath}?${query.toString()}` };
      },
    }),
    defineRoute({
      method: 'GET',
      path: downloadPath,
      summary: "Download a model version's package: the uploaded .tgz byte for byte (header x-cairn-package-digest).",
      tag,
      body: z.object({ name: nameField, version: versionField }),
      produces: ['application/gzip'],
      handler: async ({ principal, body, reply }) => {
        const version = await versions.get(principal, body);
        const digest = digestOfSource(version.source);
        if (!digest) {
          throw new CairnError('INVALID_PARAMETER_VALUE', `version ${version.version} of ${version.name} is not a model package (source ${version.source.slice(0, 200)}).`);
        }
        const archive = await packages.readArchive(digest);
        const fileName = `${version.name}-${version.version}.tgz`.replace(/[^A-Za-z0-9._-]/g, '_');
        reply
          .type('application/gzip')
          .header('x-cairn-package-digest', `sha256:${digest}`)
          .header('content-disposition', `attachment; filename="${fileName}"`);
        return reply.send(archive);
      },
    }),
  ];
}
