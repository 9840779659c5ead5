import type { AuthService, Principal, SecretStore } from '../auth/index.js';
import { CairnError } from '../errors/index.js';
import { validateProviderBaseUrl } from '../providers/index.js';
import type { ModelVersionResolver } from '../registry/index.js';
import { type normalizeEndpointConfig, secretReferenceFor, type StoredEndpointConfig } from './endpoint-config.js';
import { supportedExternalProviders } from './external-models.js';

/** The secret scope holding endpoints' provider keys, one key per `<endpoint id>.<entity>.<field>`. */
export const endpointSecretScope = 'cairn-endpoints';

export interface ConfigAdmission {
  auth: AuthService;
  secrets: SecretStore;
  registry: ModelVersionResolver;
  allowPrivateNetworks: boolean;
}

/**
 * The checks that can fail a config before it is stored: external models only by admins (SEC-SC-2), known providers
 * and allowed base URLs (SEC API7); registry models that exist, that the principal may read, and whose version is
 * READY (a package version is servable only once its dependencies are installed).
 */
export async function checkEntities(admission: ConfigAdmission, principal: Principal, config: StoredEndpointConfig): Promise<void> {
  const allowPrivate = admission.allowPrivateNetworks;
  for (const entity of config.served_entities) {
    if (entity.external_model) {
      if (!principal.isAdmin) {
        throw new CairnError('PERMISSION_DENIED', 'Only workspace admins may configure external models (their base URLs and keys).');
      }
      if (!supportedExternalProviders.has(entity.external_model.provider)) {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: provider ${entity.external_model.provider} is not supported.`);
      }
      const base = entity.external_model.openai_config?.openai_api_base;
      if (base) validateProviderBaseUrl(base, { allowPrivate });
      const anthropicBase = entity.external_model.anthropic_config?.anthropic_api_base;
      if (anthropicBase) validateProviderBaseUrl(anthropicBase, { allowPrivate });
      continue;
    }
    const name = entity.entity_name ?? '';
    const modelId = await admission.registry.getModelId(name).catch(() => {
      throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: registered model ${name} does not exist.`);
    });
    admission.auth.require(principal, 'registered-models', modelId, 'CAN_READ', `Registered model ${name} does not exist.`);
    const modelVersion = await admission.registry.getModelVersion(name, entity.entity_version ?? '').catch(() => {
      throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: model ${name} has no version ${entity.entity_version}.`);
    });
    if (modelVersion.status !== 'READY') {
      const why = modelVersion.status === 'PENDING_REGISTRATION' ? 'its dependencies are still being installed' : modelVersion.status_message || modelVersion.status;
      throw new CairnError('INVALID_STATE', `Served entity ${entity.name}: version ${modelVersion.version} of ${name} is not READY (${modelVersion.status}): ${why}`);
    }
  }
}

/** Stores the plaintext provider keys a config carried, encrypted, and returns the config holding only references. */
export async function storeEntitySecrets(
  admission: ConfigAdmission,
  endpointId: string,
  config: StoredEndpointConfig,
  secrets: ReturnType<typeof normalizeEndpointConfig>['secrets'],
): Promise<StoredEndpointConfig> {
  if (secrets.length === 0) return config;
  const entities = [];
  for (const entity of config.served_entities) {
    const secret = secrets.find((candidate) => candidate.entityName === entity.name);
    if (!secret || !entity.external_model) {
      entities.push(entity);
      continue;
    }
    const key = `${endpointId}.${entity.name}.${secret.field}`;
    await admission.secrets.put(endpointSecretScope, key, secret.value);
    const reference = secretReferenceFor(endpointSecretScope, key);
    const external = entity.external_model;
    entities.push({
      ...entity,
      external_model:
        secret.field === 'anthropic_api_key'
          ? { ...external, anthropic_config: { ...external.anthropic_config, anthropic_api_key: reference } }
          : { ...external, openai_config: { ...external.openai_config, openai_api_key: reference } },
    });
  }
  return { ...config, served_entities: entities };
}
