/** Alerting: rules over monitoring series, the ok → pending → firing → resolved state machine, remediation, history. */
export { createAlerting, type AlertingOptions, type AlertingService, type HistoryQuery, DEFAULT_HISTORY_RESULTS, MAX_HISTORY_RESULTS } from './create-alerting.js';
export type { EvaluationSummary } from './alert-evaluator.js';
export type { AlertEventRow, RemediationRow } from './alert-store.js';
export {
  ruleInputSchema,
  rulePatchSchema,
  actionInputSchema,
  comparators,
  severities,
  noDataPolicies,
  MAX_WINDOW_SECONDS,
  type RuleInput,
  type AlertRule,
  type StoredAction,
  type Comparator,
  type Severity,
  type NoDataPolicy,
} from './rule-schema.js';
export {
  transition,
  initialState,
  classify,
  compare,
  notifiedKinds,
  type AlertState,
  type AlertStateName,
  type AlertEventKind,
  type Observation,
  type MachineRule,
  type Transition,
  type TransitionEvent,
} from './state-machine.js';
export { shiftTraffic, webhookActionBody, DEFAULT_COOLDOWN_SECONDS, type TrafficRoute, type ShiftResult } from './remediation/index.js';
