export { createMetrics } from './prometheus-metrics.js';
export { renderEndpointMetrics } from './render-endpoint.js';
export { createOtlpTracing } from './tracing/index.js';
//# sourceMappingURL=index.js.map