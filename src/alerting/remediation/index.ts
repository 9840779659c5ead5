export { runRemediation, DEFAULT_COOLDOWN_SECONDS, type RemediationResult } from './remediation-runner.js';
export { shiftTraffic, type TrafficRoute, type ShiftResult } from './traffic-shift.js';
export { webhookActionBody } from './webhook.js';
export type { ActionDependencies, ActionOutcome, ActionStatus, FiringContext, RemediationServing } from './types.js';
