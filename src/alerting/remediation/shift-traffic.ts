import type { EndpointConfigInput } from '../../serving/index.js';
import { shiftTraffic, type TrafficRoute } from './traffic-shift.js';
import type { ActionRunner } from './types.js';

interface ConfigView {
  config_version?: number;
  served_entities?: Array<Record<string, unknown> & { name: string }>;
  traffic_config?: { routes?: TrafficRoute[] };
}

/** The entity to move traffic away from: the action's, else the firing group's, else the rule's filter. */
function targetEntity(actionEntity: string | undefined, firing: Parameters<ActionRunner<'shift_traffic'>>[1]): string | undefined {
  if (actionEntity) return actionEntity;
  if (firing.groupBy === 'served_entity' && firing.seriesKey !== '') return firing.seriesKey;
  return firing.filter.served_entity_name;
}

/** Sets one served entity's traffic to 0 and spreads its share over the others (a new config version). */
export const runShiftTraffic: ActionRunner<'shift_traffic'> = async (action, firing, dependencies) => {
  const endpoint = firing.endpointName;
  if (endpoint === null) return { status: 'skipped', message: 'A global rule has no endpoint to shift traffic on.' };
  const entity = targetEntity(action.served_entity_name, firing);
  if (!entity) return { status: 'skipped', message: 'No served entity to shift traffic away from (the rule is not grouped by served entity).' };
  const view = await dependencies.serving.get(dependencies.admin, endpoint);
  const config = view.config as ConfigView | undefined;
  const entities = config?.served_entities ?? [];
  const routes = config?.traffic_config?.routes ?? [];
  const result = shiftTraffic(routes, entities.map((served) => served.name), entity);
  if (!result.ok) return { status: 'skipped', message: result.reason, changes: { served_entity_name: entity } };
  const changes = { served_entity_name: entity, from_version: config?.config_version ?? null, before: routes, after: result.routes };
  const summary = result.routes.map((route) => `${route.served_model_name} ${route.traffic_percentage}%`).join(', ');
  if (dependencies.dryRun) return { status: 'dry_run', message: `Would shift ${endpoint}'s traffic away from ${entity}: ${summary}.`, changes };
  // The stored entities go back unchanged (secrets stay references); only the routes change.
  const input = { served_entities: entities, traffic_config: { routes: result.routes } } as unknown as EndpointConfigInput;
  const after = await dependencies.serving.updateConfig(dependencies.admin, endpoint, input);
  const newVersion = (after.config as ConfigView | undefined)?.config_version ?? (after.pending_config as ConfigView | undefined)?.config_version ?? null;
  return { status: 'applied', message: `Shifted ${endpoint}'s traffic away from ${entity}: ${summary}.`, changes: { ...changes, new_version: newVersion } };
};
