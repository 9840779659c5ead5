import type { SecretStore } from '../auth/index.js';
import { CairnError } from '../errors/index.js';
import { createAnthropicModel, DEFAULT_ANTHROPIC_BASE_URL } from '../providers/anthropic/index.js';
import { createOpenAiCompatibleModel, validateProviderBaseUrl, type LanguageModel } from '../providers/index.js';
import { parseSecretReference, type StoredServedEntity } from './endpoint-config.js';

export interface ExternalModelDependencies {
  secrets: SecretStore;
  /** `providers.allow_private_networks` from the config. */
  allowPrivateNetworks: boolean;
}

type ExternalModelBuilder = (entity: StoredServedEntity, dependencies: ExternalModelDependencies) => Promise<LanguageModel>;

const defaultOpenAiBase = 'https://api.openai.com/v1';

/** Reads a `{{secrets/<scope>/<key>}}` reference from the secret store; undefined when the field is absent. */
export async function resolveSecretField(entity: StoredServedEntity, field: string, reference: string | undefined, secrets: SecretStore): Promise<string | undefined> {
  if (!reference) return undefined;
  const parsed = parseSecretReference(reference);
  if (!parsed) throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: ${field} is not a secret reference.`);
  return secrets.get(parsed.scope, parsed.key);
}

async function openAiModel(entity: StoredServedEntity, dependencies: ExternalModelDependencies): Promise<LanguageModel> {
  const external = entity.external_model!;
  const openai = external.openai_config ?? {};
  const allowPrivate = dependencies.allowPrivateNetworks;
  const baseUrl = validateProviderBaseUrl(openai.openai_api_base ?? defaultOpenAiBase, { allowPrivate }).toString().replace(/\/$/, '');
  const apiKey = await resolveSecretField(entity, 'openai_api_key', openai.openai_api_key, dependencies.secrets);
  return createOpenAiCompatibleModel({
    baseUrl,
    apiKey,
    model: openai.openai_deployment_name ?? external.name,
    organization: openai.openai_organization,
    allowPrivateNetworks: allowPrivate,
  });
}

async function anthropicModel(entity: StoredServedEntity, dependencies: ExternalModelDependencies): Promise<LanguageModel> {
  const external = entity.external_model!;
  const anthropic = external.anthropic_config ?? {};
  const allowPrivate = dependencies.allowPrivateNetworks;
  const baseUrl = validateProviderBaseUrl(anthropic.anthropic_api_base ?? DEFAULT_ANTHROPIC_BASE_URL, { allowPrivate }).toString().replace(/\/$/, '');
  const apiKey = await resolveSecretField(entity, 'anthropic_api_key', anthropic.anthropic_api_key, dependencies.secrets);
  return createAnthropicModel({ baseUrl, apiKey, model: external.name, allowPrivateNetworks: allowPrivate });
}

/** External providers by `external_model.provider`; a provider not here is rejected when the config is set. */
export const externalModelBuilders: Readonly<Record<string, ExternalModelBuilder>> = {
  openai: openAiModel,
  anthropic: anthropicModel,
};

/** Providers Cairn can serve external models from. */
export const supportedExternalProviders: ReadonlySet<string> = new Set(Object.keys(externalModelBuilders));
