import type { Principal } from '../../auth/types.js';
import { CairnError } from '../../errors/index.js';
import type { RegistryContext } from '../registry-context.js';
import { digestOfSource, packageSourcePrefix } from './manifest.js';

/**
 * For a model version whose source is a package (`cairn-package://sha256:<digest>`): the caller must be an admin
 * (SEC-SC-2: custom JS models run code on Cairn's servers) and the package must be in the store. Returns the digest,
 * or undefined for any other source.
 */
export async function checkPackageSource(context: RegistryContext, principal: Principal, source: string): Promise<string | undefined> {
  if (!source.startsWith('cairn-package:')) return undefined;
  if (!principal.isAdmin) {
    throw new CairnError('PERMISSION_DENIED', 'Only workspace admins may register model versions from model packages (custom JS models run code on the server).');
  }
  const digest = digestOfSource(source);
  if (!digest) {
    throw new CairnError('INVALID_PARAMETER_VALUE', `source ${source.slice(0, 200)} is not a model package source; expected ${packageSourcePrefix}<64 lowercase hex>.`, {
      details: { param: 'source' },
    });
  }
  if (!context.packages) throw new CairnError('INVALID_PARAMETER_VALUE', 'this server has no model package store.', { details: { param: 'source' } });
  if (!(await context.packages.get(digest))) {
    throw new CairnError('INVALID_PARAMETER_VALUE', `model package ${digest} does not exist; upload it first (POST /api/2.0/cairn/model-packages).`, {
      details: { param: 'source' },
    });
  }
  return digest;
}
