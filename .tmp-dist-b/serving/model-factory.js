import { CairnError } from '../errors/index.js';
import { createDemoModel, createOpenAiCompatibleModel, validateProviderBaseUrl } from '../providers/index.js';
import { DEMO_MODEL_SOURCE } from '../registry/index.js';
import { parseSecretReference } from './endpoint-config.js';
/** Providers Cairn can serve external models from today; others are rejected when the config is set. */
export const supportedExternalProviders = new Set(['openai']);
const defaultOpenAiBase = 'https://api.openai.com/v1';
/** Builds the model behind one served entity. Runs on config changes, never per request. */
export async function createServedEntity(entity, dependencies) {
    if (entity.external_model) {
        const external = entity.external_model;
        if (!supportedExternalProviders.has(external.provider)) {
            throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: provider ${external.provider} is not supported yet.`);
        }
        const openai = external.openai_config ?? {};
        const allowPrivate = dependencies.allowPrivateNetworks;
        const baseUrl = validateProviderBaseUrl(openai.openai_api_base ?? defaultOpenAiBase, { allowPrivate }).toString().replace(/\/$/, '');
        let apiKey;
        if (openai.openai_api_key) {
            const reference = parseSecretReference(openai.openai_api_key);
            if (!reference)
                throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.name}: openai_api_key is not a secret reference.`);
            apiKey = await dependencies.secrets.get(reference.scope, reference.key);
        }
        const model = createOpenAiCompatibleModel({
            baseUrl,
            apiKey,
            model: openai.openai_deployment_name ?? external.name,
            organization: openai.openai_organization,
            allowPrivateNetworks: allowPrivate,
        });
        return { entity, model, modelName: external.name, modelVersion: null };
    }
    const name = entity.entity_name ?? '';
    const version = entity.entity_version ?? '';
    const modelVersion = await dependencies.registry.getModelVersion(name, version);
    if (modelVersion.source === DEMO_MODEL_SOURCE) {
        return { entity, model: createDemoModel(), modelName: name, modelVersion: version };
    }
    throw new CairnError('INVALID_PARAMETER_VALUE', `Model ${name} version ${version} has source ${modelVersion.source}, which Cairn cannot serve yet (model packages arrive with custom JS models).`);
}
//# sourceMappingURL=model-factory.js.map