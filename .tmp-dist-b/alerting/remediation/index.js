export { runRemediation, DEFAULT_COOLDOWN_SECONDS } from './remediation-runner.js';
export { shiftTraffic } from './traffic-shift.js';
export { webhookActionBody } from './webhook.js';
//# sourceMappingURL=index.js.map