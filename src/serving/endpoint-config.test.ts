import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../errors/index.js';
import { endpointConfigInputSchema, normalizeEndpointConfig, parseSecretReference, secretReferenceFor } from './endpoint-config.js';

function normalize(input: unknown) {
  return normalizeEndpointConfig(endpointConfigInputSchema.parse(input));
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof CairnError ? error.code : 'NOT_A_CAIRN_ERROR';
  }
}

describe('endpoint config normalisation', () => {
  it('names entities and routes a single entity at 100 %', () => {
    const { config } = normalize({ served_entities: [{ entity_name: 'demo', entity_version: 1 }] });
    expect(config.served_entities[0]).toMatchObject({ name: 'demo-1', entity_name: 'demo', entity_version: '1' });
    expect(config.traffic_config.routes).toEqual([{ served_model_name: 'demo-1', traffic_percentage: 100 }]);
  });

  it('never stores output-only fields a client echoes back or spoofs', () => {
    const { config } = normalize({
      served_entities: [{ entity_name: 'demo', entity_version: '1', state: { deployment: 'DEPLOYMENT_READY' }, creator: 'mallory', creation_timestamp: 1 }],
    });
    expect(config.served_entities[0]).not.toHaveProperty('state');
    expect(config.served_entities[0]).not.toHaveProperty('creator');
    expect(config.served_entities[0]).not.toHaveProperty('creation_timestamp');
  });

  it('maps legacy served_models to entities', () => {
    const { config } = normalize({ served_models: [{ model_name: 'm', model_version: '3', workload_size: 'Small', scale_to_zero_enabled: true }] });
    expect(config.served_entities[0]).toMatchObject({ name: 'm-3', entity_name: 'm', entity_version: '3', workload_size: 'Small' });
  });

  it('rejects routes that do not sum to 100, unknown or duplicate targets', () => {
    const entities = [
      { name: 'a', entity_name: 'demo', entity_version: '1' },
      { name: 'b', entity_name: 'demo', entity_version: '1' },
    ];
    expect(codeOf(() => normalize({ served_entities: entities, traffic_config: { routes: [{ served_model_name: 'a', traffic_percentage: 60 }, { served_model_name: 'b', traffic_percentage: 30 }] } }))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize({ served_entities: entities, traffic_config: { routes: [{ served_model_name: 'zzz', traffic_percentage: 100 }] } }))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize({ served_entities: entities, traffic_config: { routes: [{ served_model_name: 'a', traffic_percentage: 50 }, { served_model_name: 'a', traffic_percentage: 50 }] } }))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize({ served_entities: entities }))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('accepts served_entity_name in routes (newer Databricks clients)', () => {
    const { config } = normalize({
      served_entities: [{ name: 'a', entity_name: 'demo', entity_version: '1' }, { name: 'b', entity_name: 'demo', entity_version: '1' }],
      traffic_config: { routes: [{ served_entity_name: 'a', traffic_percentage: 90 }, { served_model_name: 'b', traffic_percentage: 10 }] },
    });
    expect(config.traffic_config.routes).toEqual([
      { served_model_name: 'a', traffic_percentage: 90 },
      { served_model_name: 'b', traffic_percentage: 10 },
    ]);
  });

  it('requires exactly one of entity_name or external_model, and at least one entity', () => {
    expect(codeOf(() => normalize({ served_entities: [{ name: 'x' }] }))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize({ served_entities: [] }))).toBe('INVALID_PARAMETER_VALUE');
    expect(
      codeOf(() =>
        normalize({
          served_entities: [{ entity_name: 'demo', entity_version: '1', external_model: { name: 'gpt', provider: 'openai', task: 'llm/v1/chat', openai_config: {} } }],
        }),
      ),
    ).toBe('INVALID_PARAMETER_VALUE');
  });

  it('lifts a plaintext API key out of the stored config', () => {
    const { config, secrets } = normalize({
      served_entities: [
        { name: 'gpt', external_model: { name: 'gpt-4o', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_key_plaintext: 'sk-secret-value' } } },
      ],
    });
    expect(secrets).toEqual([{ entityName: 'gpt', field: 'openai_api_key', value: 'sk-secret-value' }]);
    expect(JSON.stringify(config)).not.toContain('sk-secret-value');
  });

  it('only accepts secret references in openai_api_key', () => {
    expect(() =>
      normalize({ served_entities: [{ external_model: { name: 'g', provider: 'openai', task: 'llm/v1/chat', openai_config: { openai_api_key: 'sk-raw' } } }] }),
    ).toThrow();
    expect(parseSecretReference(secretReferenceFor('scope', 'key'))).toEqual({ scope: 'scope', key: 'key' });
  });

  it('accepts exactly the route sets that sum to 100 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (percentages) => {
        const entities = percentages.map((_, index) => ({ name: `e${index}`, entity_name: 'demo', entity_version: '1' }));
        const routes = percentages.map((traffic_percentage, index) => ({ served_model_name: `e${index}`, traffic_percentage }));
        const sum = percentages.reduce((a, b) => a + b, 0);
        const code = codeOf(() => normalize({ served_entities: entities, traffic_config: { routes } }));
        expect(code).toBe(sum === 100 ? undefined : 'INVALID_PARAMETER_VALUE');
      }),
    );
  });
});
