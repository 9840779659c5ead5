export { aiGatewayConfigSchema } from './policy/ai-gateway-config.js';
export { compileEndpointPolicy, parseAiGatewayConfig } from './policy/endpoint-policy.js';
export { createGateway } from './gateway.js';
//# sourceMappingURL=index.js.map