import type { ActionRunner } from './types.js';

/** Makes the endpoint answer 503 ENDPOINT_DISABLED (on every instance) until someone re-enables it. */
export const runDisable: ActionRunner<'disable'> = async (action, firing, dependencies) => {
  const endpoint = firing.endpointName;
  if (endpoint === null) return { status: 'skipped', message: 'A global rule has no endpoint to disable.' };
  const view = await dependencies.serving.get(dependencies.admin, endpoint);
  if ((view.state as { disabled?: unknown } | undefined)?.disabled === true) {
    return { status: 'skipped', message: `Serving endpoint ${endpoint} is already disabled.` };
  }
  const reason = action.reason ?? `Alert rule ${firing.ruleName} fired: ${firing.series} ${firing.comparator} ${firing.threshold} (value ${firing.value ?? 'no data'}).`;
  if (dependencies.dryRun) return { status: 'dry_run', message: `Would disable ${endpoint}: ${reason}`, changes: { reason } };
  await dependencies.serving.setDisabled(dependencies.admin, endpoint, reason);
  return { status: 'applied', message: `Disabled ${endpoint}: ${reason} Re-enable with POST /api/2.0/cairn/serving-endpoints/${endpoint}/enable.`, changes: { reason } };
};
