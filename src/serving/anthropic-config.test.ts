import { describe, expect, it } from 'vitest';
import { CairnError } from '../errors/index.js';
import { endpointConfigInputSchema, normalizeEndpointConfig } from './endpoint-config.js';
import { supportedExternalProviders } from './external-models.js';

function normalize(anthropicConfig: unknown, provider = 'anthropic') {
  return normalizeEndpointConfig(
    endpointConfigInputSchema.parse({
      served_entities: [{ name: 'claude', external_model: { name: 'claude-sonnet', provider, task: 'llm/v1/chat', anthropic_config: anthropicConfig } }],
    }),
  );
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof CairnError ? error.code : error instanceof Error ? error.name : 'unknown';
  }
}

describe('anthropic_config (Databricks field names)', () => {
  it('is a supported external provider', () => {
    expect(supportedExternalProviders.has('anthropic')).toBe(true);
  });

  it('lifts a plaintext key out of the stored config', () => {
    const { config, secrets } = normalize({ anthropic_api_key_plaintext: 'sk-ant-secret', anthropic_api_base: 'https://proxy.example.com' });
    expect(secrets).toEqual([{ entityName: 'claude', field: 'anthropic_api_key', value: 'sk-ant-secret' }]);
    expect(config.served_entities[0]!.external_model!.anthropic_config).toEqual({ anthropic_api_base: 'https://proxy.example.com' });
    expect(JSON.stringify(config)).not.toContain('sk-ant-secret');
  });

  it('keeps a secret reference as it is', () => {
    const { config, secrets } = normalize({ anthropic_api_key: '{{secrets/team/claude}}' });
    expect(secrets).toEqual([]);
    expect(config.served_entities[0]!.external_model!.anthropic_config).toEqual({ anthropic_api_key: '{{secrets/team/claude}}' });
  });

  it('refuses a raw key in anthropic_api_key, both key fields, no key, no config and unknown fields', () => {
    expect(codeOf(() => normalize({ anthropic_api_key: 'sk-ant-raw' }))).toBe('ZodError');
    expect(codeOf(() => normalize({ anthropic_api_key: '{{secrets/a/b}}', anthropic_api_key_plaintext: 'x' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize({}))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize(undefined))).toBe('INVALID_PARAMETER_VALUE');
    expect(codeOf(() => normalize({ anthropic_api_key_plaintext: 'x', anthropic_org: 'y' }))).toBe('ZodError');
  });
});
