import { CairnError } from '../errors/index.js';
import { parseAiGatewayConfig } from '../gateway/index.js';
import { validateProviderBaseUrl } from '../providers/index.js';
/** An endpoint's ai-gateway config: the checks before it is stored and its compilation into a policy. */
export class EndpointPolicies {
    dependencies;
    constructor(dependencies) {
        this.dependencies = dependencies;
    }
    /** Parses and compiles an ai-gateway config; the decisions that are an admin's alone are checked here. */
    async check(principal, input) {
        const config = parseAiGatewayConfig(input);
        if (!principal.isAdmin) {
            if (config.inference_table_config?.mask_pii === false) {
                throw new CairnError('PERMISSION_DENIED', 'Only workspace admins may turn PII masking of captured payloads off.');
            }
            const webhooks = [...(config.guardrails?.input?.custom ?? []), ...(config.guardrails?.output?.custom ?? [])].filter((custom) => custom.type === 'webhook');
            if (webhooks.length > 0)
                throw new CairnError('PERMISSION_DENIED', 'Only workspace admins may configure webhook guardrails (they call out to a URL).');
        }
        for (const custom of [...(config.guardrails?.input?.custom ?? []), ...(config.guardrails?.output?.custom ?? [])]) {
            if (custom.type === 'webhook')
                validateProviderBaseUrl(custom.url, { allowPrivate: this.dependencies.allowPrivateNetworks });
        }
        for (const topicEndpoint of [config.guardrails?.input?.topic_embedding_endpoint, config.guardrails?.output?.topic_embedding_endpoint]) {
            if (topicEndpoint && !this.dependencies.queryableEndpointId(principal, topicEndpoint)) {
                throw new CairnError('INVALID_PARAMETER_VALUE', `topic_embedding_endpoint ${topicEndpoint} does not exist or may not be queried by this principal.`);
            }
        }
        await this.dependencies.compiler.compile(config);
        return config;
    }
    /**
     * Compiles the stored ai-gateway config (read from storage when `stored` is not given); a config that no longer
     * compiles leaves the endpoint without policy (not ready).
     */
    async compileStored(endpointId, stored) {
        try {
            const raw = stored === undefined ? (await this.dependencies.repository.findById(endpointId))?.aiGateway : stored;
            return await this.dependencies.compiler.compile(raw === null || raw === undefined ? undefined : parseAiGatewayConfig(raw));
        }
        catch (error) {
            this.dependencies.logger.error({ endpoint_id: endpointId, err: error }, 'the stored ai-gateway config does not compile; the endpoint refuses queries until it is fixed');
            return undefined;
        }
    }
}
/** The compiled form's `source` for a stored config; a config that no longer parses never equals a compiled one. */
export function policySource(stored) {
    if (stored === null || stored === undefined)
        return '';
    try {
        return JSON.stringify(parseAiGatewayConfig(stored));
    }
    catch {
        return '\u0000invalid';
    }
}
//# sourceMappingURL=endpoint-policies.js.map