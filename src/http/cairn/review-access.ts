import type { Principal } from '../../auth/index.js';
import { errors } from '../../errors/index.js';
import type { EndpointScope } from '../../feedback/index.js';
import type { Services } from '../../services.js';
import { managedEndpoints, mayRead } from './inference-log-routes.js';

/**
 * Feedback and review items carry the call's payloads (prompts, answers, corrections), so reading them needs what
 * reading the inference log needs: CAN_MANAGE on the endpoint, or admin. These wrap the inference-log routes' own
 * helpers so the two surfaces cannot drift apart.
 */

const OBJECT = 'serving-endpoints';

/**
 * The endpoints a list may show. Admins: every endpoint (undefined). Others, with `endpointName`: 404 when they
 * may not even view it, 403 when they may view but not manage it; without: every endpoint they manage.
 */
export function readableScope(services: Services, principal: Principal, endpointName: string | undefined): EndpointScope | undefined {
  if (principal.isAdmin) return undefined;
  if (endpointName === undefined) return managedEndpoints(services, principal);
  return [{ name: endpointName, id: requireManage(services, principal, endpointName) }];
}

/** The endpoint's current id when the principal may read its payloads (admins: when it exists); else 404 / 403. */
export function requireManage(services: Services, principal: Principal, endpointName: string): string {
  const notFound = `Serving endpoint ${endpointName} does not exist.`;
  const id = services.serving.resolveEndpointId(endpointName);
  if (!id) throw errors.notFound(notFound);
  services.auth.require(principal, OBJECT, id, 'CAN_MANAGE', notFound);
  return id;
}

/** Whether the principal may read an object of this endpoint (same rule as one inference-log row). */
export function mayReadEndpointObject(services: Services, principal: Principal, object: { endpoint_name: string; endpoint_id: string | null }): boolean {
  return mayRead(services, principal, object);
}
