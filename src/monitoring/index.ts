export type * from './types.js';
export { createMetrics } from './prometheus-metrics.js';
export { renderEndpointMetrics } from './render-endpoint.js';
export type * from './series.js';
export { createOtlpTracing, type OtlpTracing } from './tracing/index.js';
export { createPoolMetrics } from './pool-metrics.js';
