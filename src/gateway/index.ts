export type * from './policy/ai-gateway-config.js';
export { aiGatewayConfigSchema } from './policy/ai-gateway-config.js';
export { compileEndpointPolicy, parseAiGatewayConfig, type EndpointPolicy } from './policy/endpoint-policy.js';
export { createGateway, type Gateway, type GatewayDependencies } from './gateway.js';
export type * from './guardrails/types.js';
export type * from './limits/types.js';
export type * from './cost/types.js';
export type * from './resilience/types.js';
