import type { Principal } from '../../auth/index.js';
import type { ServingService } from '../../serving/index.js';
import type { FetchFunction } from '../notifiers/send-http.js';
import type { StoredAction } from '../rule-schema.js';

/** Where an action's outcome ends up: one remediation_actions row. */
export type ActionStatus = 'applied' | 'dry_run' | 'failed' | 'skipped';

export interface ActionOutcome {
  status: ActionStatus;
  message: string;
  /** What changed (or, in dry-run, would change): versions, traffic before/after, the webhook's answer. */
  changes?: Record<string, unknown>;
}

/** What fired the action: recorded with it and sent to webhooks. */
export interface FiringContext {
  ruleId: string;
  ruleName: string;
  endpointName: string | null;
  /** '' for an ungrouped rule, else the group (e.g. the served entity). */
  seriesKey: string;
  groupBy: 'served_entity' | 'model_version' | null;
  filter: Readonly<Record<string, string>>;
  eventId: number | null;
  series: string;
  aggregation: string;
  comparator: string;
  value: number | null;
  threshold: number;
  windowSeconds: number;
  severity: string;
  time: number;
  details: Record<string, unknown>;
}

/** The minimal serving surface the actions use (ServingService in production). */
export type RemediationServing = Pick<ServingService, 'get' | 'rollback' | 'updateConfig' | 'setDisabled'>;

export interface ActionDependencies {
  serving: RemediationServing;
  /** Actions run as the bootstrap admin: the rule's author was checked for CAN_MANAGE when the rule was saved. */
  admin: Principal;
  dryRun: boolean;
  /** Reads a webhook action's signing secret from the secret store (only the rule's own keys). */
  readSecret(ruleId: string, ref: { scope: string; key: string }): Promise<string>;
  webhook: { timeoutMs: number; allowPrivate: boolean; fetch?: FetchFunction | undefined };
}

export type ActionRunner<K extends StoredAction['kind']> = (
  action: Extract<StoredAction, { kind: K }>,
  firing: FiringContext,
  dependencies: ActionDependencies,
) => Promise<ActionOutcome>;
