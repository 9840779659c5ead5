/**
 * Registry events, in MLflow 3's webhook shape: an `entity` and an `action` (`model_version` + `created`) with
 * MLflow's payload fields as `data`. Emitted after the change has committed, never for a change that rolled back.
 * `model_version_stage.transitioned` is Cairn's own (MLflow OSS has no webhook for stage moves).
 */
export type RegistryEvent =
  | { entity: 'registered_model'; action: 'created'; data: { name: string; tags: Record<string, string>; description: string | null } }
  | {
      entity: 'model_version';
      action: 'created';
      data: { name: string; version: string; source: string; run_id: string | null; tags: Record<string, string>; description: string | null };
    }
  | { entity: 'model_version_tag'; action: 'set'; data: { name: string; version: string; key: string; value: string } }
  | { entity: 'model_version_tag'; action: 'deleted'; data: { name: string; version: string; key: string } }
  | { entity: 'model_version_alias'; action: 'created'; data: { name: string; alias: string; version: string } }
  | { entity: 'model_version_alias'; action: 'deleted'; data: { name: string; alias: string } }
  | {
      entity: 'model_version_stage';
      action: 'transitioned';
      data: { name: string; version: string; from_stage: string; to_stage: string; archived_versions: string[] };
    };

/** `entity.action` of each event (distributed over the union, so only real pairs). */
export type RegistryEventName = RegistryEvent extends infer Event ? (Event extends { entity: infer Entity extends string; action: infer Action extends string } ? `${Entity}.${Action}` : never) : never;

/** Every event a webhook may subscribe to, as `entity.action`. */
export const registryEventNames = [
  'registered_model.created',
  'model_version.created',
  'model_version_tag.set',
  'model_version_tag.deleted',
  'model_version_alias.created',
  'model_version_alias.deleted',
  'model_version_stage.transitioned',
] as const satisfies readonly RegistryEventName[];

export function eventName(event: Pick<RegistryEvent, 'entity' | 'action'>): RegistryEventName {
  return `${event.entity}.${event.action}` as RegistryEventName;
}

/** Receives every registry event; must not throw or block (webhook delivery stores a row and returns). */
export type RegistryEventListener = (event: RegistryEvent) => void;

/** Tags as MLflow's payloads carry them: an object, not a list of pairs. */
export function tagObject(tags: ReadonlyArray<{ key: string; value: string }>): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
}
