export type * from './types.js';
export { createLimits, type LimitsOptions } from './limits-service.js';
export { formatResetDuration } from './rate-limit-headers.js';
