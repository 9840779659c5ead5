/** Alerting: rules over monitoring series, the ok → pending → firing → resolved state machine, remediation, history. */
export { createAlerting, DEFAULT_HISTORY_RESULTS, MAX_HISTORY_RESULTS } from './create-alerting.js';
export { ruleInputSchema, rulePatchSchema, actionInputSchema, comparators, severities, noDataPolicies, MAX_WINDOW_SECONDS, } from './rule-schema.js';
export { transition, initialState, classify, compare, notifiedKinds, } from './state-machine.js';
export { shiftTraffic, webhookActionBody, DEFAULT_COOLDOWN_SECONDS } from './remediation/index.js';
//# sourceMappingURL=index.js.map