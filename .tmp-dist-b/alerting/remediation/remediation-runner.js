import { runDisable } from './disable.js';
import { runRollback } from './rollback.js';
import { runShiftTraffic } from './shift-traffic.js';
import { runWebhook } from './webhook.js';
/** Without renotify_seconds, the same action of a rule runs at most once an hour per group. */
export const DEFAULT_COOLDOWN_SECONDS = 3600;
async function runOne(action, firing, dependencies) {
    switch (action.kind) {
        case 'rollback':
            return runRollback(action, firing, dependencies);
        case 'shift_traffic':
            return runShiftTraffic(action, firing, dependencies);
        case 'disable':
            return runDisable(action, firing, dependencies);
        case 'webhook':
            return runWebhook(action, firing, dependencies);
    }
}
function errorMessage(error) {
    return error instanceof Error ? error.message.slice(0, 500) : 'The action failed.';
}
/**
 * Runs a rule's actions for one firing group, in order, and records each as a remediation_actions row (applied,
 * dry_run, failed or skipped, with the value, threshold and window that fired it). The evaluator calls this only on
 * the transition to firing; the cool-down (renotify_seconds, else an hour) also stops a flapping alert from
 * repeating an action — a second rollback would re-apply the version that was rolled away from.
 */
export async function runRemediation(input) {
    const { firing, store, dependencies, now } = input;
    const results = [];
    const cooldownMs = (input.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS) * 1000;
    for (const [index, action] of input.actions.entries()) {
        let outcome;
        const recent = await store.recentRemediations(firing.ruleId, action.kind, now - cooldownMs);
        const last = recent.find((row) => row.details.series_key === firing.seriesKey && row.details.action_index === index && (row.status === 'applied' || row.status === 'dry_run'));
        if (last) {
            outcome = { status: 'skipped', message: `Cool-down: this action last ran at ${new Date(last.time).toISOString()}; not again before ${new Date(last.time + cooldownMs).toISOString()}.` };
        }
        else {
            try {
                outcome = await runOne(action, firing, dependencies);
            }
            catch (error) {
                input.logger.warn({ err: error, rule_id: firing.ruleId, action: action.kind }, 'remediation action failed');
                outcome = { status: 'failed', message: errorMessage(error) };
            }
        }
        const id = await store.appendRemediation({
            rule_id: firing.ruleId,
            rule_name: firing.ruleName,
            event_id: firing.eventId,
            endpoint_name: firing.endpointName,
            action: action.kind,
            dry_run: dependencies.dryRun,
            status: outcome.status,
            time: now,
            details: {
                action_index: index,
                series_key: firing.seriesKey,
                series: firing.series,
                aggregation: firing.aggregation,
                comparator: firing.comparator,
                value: firing.value,
                threshold: firing.threshold,
                window_seconds: firing.windowSeconds,
                message: outcome.message,
                ...(outcome.changes ? { changes: outcome.changes } : {}),
            },
        });
        results.push({ action: action.kind, status: outcome.status, message: outcome.message, remediation_id: id });
    }
    return results;
}
//# sourceMappingURL=remediation-runner.js.map