import type { ActionRunner } from './types.js';

function configVersionOf(view: Record<string, unknown>): number | undefined {
  const config = view.config as { config_version?: unknown } | undefined;
  const version = Number(config?.config_version);
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

/** Re-applies the config version before the current one (as a new version: history stays append-only). */
export const runRollback: ActionRunner<'rollback'> = async (_action, firing, dependencies) => {
  const endpoint = firing.endpointName;
  if (endpoint === null) return { status: 'skipped', message: 'A global rule has no endpoint to roll back.' };
  const view = await dependencies.serving.get(dependencies.admin, endpoint);
  const current = configVersionOf(view);
  if (current === undefined || current < 2) {
    return { status: 'skipped', message: `Serving endpoint ${endpoint} has no earlier config version to roll back to.`, changes: { current_version: current ?? null } };
  }
  const changes = { from_version: current, to_version: current - 1 };
  if (dependencies.dryRun) {
    return { status: 'dry_run', message: `Would roll ${endpoint} back from config version ${current} to ${current - 1}.`, changes };
  }
  const after = await dependencies.serving.rollback(dependencies.admin, endpoint, current - 1);
  const applied = configVersionOf(after);
  return {
    status: 'applied',
    message: `Rolled ${endpoint} back from config version ${current} to ${current - 1}${applied !== undefined ? ` (now version ${applied})` : ''}.`,
    changes: { ...changes, new_version: applied ?? null },
  };
};
