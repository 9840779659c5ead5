import type { RegistryEvent, RegistryEventName } from '../events.js';

/** What the test endpoint sends for each event: MLflow's example payloads (plus Cairn's stage event). */
export function examplePayload(name: RegistryEventName): RegistryEvent['data'] {
  switch (name) {
    case 'registered_model.created':
      return { name: 'example_model', tags: { example_key: 'example_value' }, description: 'An example registered model' };
    case 'model_version.created':
      return {
        name: 'example_model',
        version: '1',
        source: 'models:/example_model/1',
        run_id: 'abcd1234abcd5678',
        tags: { example_key: 'example_value' },
        description: 'An example model version',
      };
    case 'model_version_tag.set':
      return { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' };
    case 'model_version_tag.deleted':
      return { name: 'example_model', version: '1', key: 'example_key' };
    case 'model_version_alias.created':
      return { name: 'example_model', alias: 'example_alias', version: '1' };
    case 'model_version_alias.deleted':
      return { name: 'example_model', alias: 'example_alias' };
    case 'model_version_stage.transitioned':
      return { name: 'example_model', version: '1', from_stage: 'Staging', to_stage: 'Production', archived_versions: [] };
    default:
      throw new Error(`no example payload for ${String(name satisfies never)}`);
  }
}

/** The delivery body, built once per event so every attempt sends (and signs) the same bytes. */
export function deliveryBody(entity: string, action: string, data: unknown, at: number): string {
  return JSON.stringify({ entity, action, timestamp: new Date(at).toISOString(), data });
}
