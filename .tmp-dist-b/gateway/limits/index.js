export { createLimits } from './limits-service.js';
export { formatResetDuration } from './rate-limit-headers.js';
//# sourceMappingURL=index.js.map