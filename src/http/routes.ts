import type { Services } from '../services.js';
import { healthRoutes } from './health-routes.js';
import type { AnyRoute } from './route.js';

/** Every API surface's routes; `/openapi.json` is generated from this same list. */
export function allRoutes(services: Services, openApiDocument: () => unknown): AnyRoute[] {
  return [...healthRoutes(services, openApiDocument)];
}
