import { acquireLease, releaseLease } from '../storage/index.js';
import { runRemediation } from './remediation/index.js';
import { notifiedKinds, transition } from './state-machine.js';
export const LEASE_NAME = 'alerting';
/** The window a tick evaluates: [now - window, now). */
function windowOf(rule, now) {
    return { from: now - rule.window_seconds * 1000, to: now };
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * Evaluates every enabled rule on a timer, under the `alerting` lease (TTL three intervals, renewed each tick) so one
 * instance acts at a time and another takes over when it stops. A tick per rule: query the series over the window per
 * group, run the state machine, persist states, append events, run actions on the transition to firing, and hand
 * notifications to the notifier (which only stores deliveries). A rule that throws is logged and skipped.
 */
export class AlertEvaluator {
    dependencies;
    timer;
    running;
    closed = false;
    constructor(dependencies) {
        this.dependencies = dependencies;
    }
    start() {
        if (this.timer || this.closed)
            return;
        const tick = () => {
            void this.evaluateOnce().catch((error) => this.dependencies.logger.warn({ err: error }, 'alert evaluation tick failed'));
        };
        this.timer = setInterval(tick, this.dependencies.intervalMs);
        this.timer.unref();
    }
    async close() {
        this.closed = true;
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
        await this.running?.catch(() => undefined);
        await releaseLease(this.dependencies.db, LEASE_NAME, this.dependencies.holder).catch(() => undefined);
    }
    /** One tick, if this instance holds (or can take) the lease; ticks never overlap. */
    evaluateOnce() {
        if (this.running)
            return this.running;
        const run = this.tick().finally(() => {
            this.running = undefined;
        });
        this.running = run;
        return run;
    }
    async tick() {
        const { db, store, now, intervalMs, holder, logger } = this.dependencies;
        const summary = { acted: false, rules: 0, failed: 0, events: 0 };
        if (this.closed)
            return summary;
        if (!(await acquireLease(db, LEASE_NAME, holder, intervalMs * 3, now())))
            return summary;
        summary.acted = true;
        const rules = await store.listRules({ enabledOnly: true });
        for (const rule of rules) {
            if (this.closed)
                break;
            summary.rules++;
            try {
                summary.events += await this.evaluateRule(rule);
            }
            catch (error) {
                summary.failed++;
                logger.warn({ err: error, rule_id: rule.id, rule: rule.name }, 'alert rule evaluation failed');
            }
        }
        return summary;
    }
    /** The state machine's answer per group, from the stored states; pure apart from the series query. */
    async preview(rule, at) {
        const source = this.dependencies.router.sourceFor(rule.series);
        if (!source)
            throw new Error(`no series source serves ${rule.series}`);
        const { from, to } = windowOf(rule, at);
        const values = await source.evaluate({
            endpointName: rule.endpoint_name,
            series: rule.series,
            filter: rule.filter,
            groupBy: rule.group_by,
            from,
            to,
            aggregation: rule.aggregation,
        });
        const states = await this.dependencies.store.statesOf(rule.id);
        const keys = rule.group_by === null ? [''] : [...new Set([...values.keys(), ...states.keys()])].sort();
        return keys.map((key) => {
            const observed = rule.group_by === null ? (values.get('') ?? singleValue(values)) : values.get(key);
            const previous = states.get(key);
            const result = transition(previous && toState(previous), { value: observed?.value ?? null, ...(observed?.samples !== undefined ? { samples: observed.samples } : {}) }, rule, at);
            return {
                series_key: key,
                value: observed?.value ?? null,
                samples: observed?.samples ?? null,
                details: observed?.details ?? {},
                previous: previous && toState(previous),
                transition: result,
            };
        });
    }
    /** Evaluates and persists one rule; returns the number of events appended. */
    async evaluateRule(rule) {
        const { store, now } = this.dependencies;
        const at = now();
        const groups = await this.preview(rule, at);
        let count = 0;
        for (const group of groups) {
            const { next, events } = group.transition;
            if (rule.group_by !== null && group.value === null && next.state === 'ok' && events.length === 0) {
                // A group that went away (e.g. a removed served entity) and is quiet: forget it.
                await store.dropState(rule.id, group.series_key);
                continue;
            }
            await store.saveState(rule.id, group.series_key, next, { samples: group.samples, ...group.details });
            for (const event of events) {
                const { from, to } = windowOf(rule, at);
                const details = { ...group.details, samples: group.samples, window: { from, to }, aggregation: rule.aggregation, series: rule.series };
                const eventId = await store.appendEvent({
                    rule_id: rule.id,
                    rule_name: rule.name,
                    endpoint_name: rule.endpoint_name,
                    series_key: group.series_key,
                    kind: event.kind,
                    from_state: event.from,
                    to_state: event.to,
                    value: event.value,
                    threshold: rule.threshold,
                    severity: rule.severity,
                    time: at,
                    details,
                });
                count++;
                let remediation = [];
                if (event.kind === 'firing' && rule.actions.length > 0) {
                    remediation = await this.remediate(rule, group.series_key, event.value, eventId, at, details);
                }
                if (notifiedKinds.has(event.kind)) {
                    await this.notify(rule, {
                        eventId,
                        kind: event.kind,
                        rule: notificationRule(rule),
                        seriesKey: group.series_key,
                        value: event.value,
                        time: at,
                        details: { ...details, ...(remediation.length > 0 ? { remediation } : {}), ...(rule.dry_run && remediation.length > 0 ? { dry_run: true } : {}) },
                    });
                }
            }
        }
        return count;
    }
    async remediate(rule, seriesKey, value, eventId, at, details) {
        const firing = {
            ruleId: rule.id,
            ruleName: rule.name,
            endpointName: rule.endpoint_name,
            seriesKey,
            groupBy: rule.group_by,
            filter: rule.filter,
            eventId,
            series: rule.series,
            aggregation: rule.aggregation,
            comparator: rule.comparator,
            value,
            threshold: rule.threshold,
            windowSeconds: rule.window_seconds,
            severity: rule.severity,
            time: at,
            details,
        };
        try {
            return await runRemediation({
                actions: rule.actions,
                firing,
                cooldownSeconds: rule.renotify_seconds,
                store: this.dependencies.store,
                dependencies: { ...this.dependencies.actions, dryRun: rule.dry_run },
                now: at,
                logger: this.dependencies.logger,
            });
        }
        catch (error) {
            this.dependencies.logger.warn({ err: error, rule_id: rule.id }, 'remediation could not be recorded');
            return [];
        }
    }
    /** Hands the notification over; a notifier error is logged and evaluation goes on. */
    async notify(rule, notification) {
        if (rule.channels.length === 0)
            return;
        try {
            await this.dependencies.notifier.enqueue(notification, rule.channels);
        }
        catch (error) {
            this.dependencies.logger.warn({ err: errorText(error), rule_id: rule.id, event_id: notification.eventId }, 'could not enqueue alert notification');
        }
    }
}
export function notificationRule(rule) {
    return {
        id: rule.id,
        name: rule.name,
        endpointName: rule.endpoint_name,
        severity: rule.severity,
        series: rule.series,
        comparator: rule.comparator,
        threshold: rule.threshold,
        windowSeconds: rule.window_seconds,
    };
}
/** An ungrouped query answered under some other key (a source that always keys its groups): take the only one. */
function singleValue(values) {
    return values.size === 1 ? [...values.values()][0] : undefined;
}
function toState(row) {
    return { state: row.state, since: row.since, lastValue: row.lastValue, lastEvaluatedAt: row.lastEvaluatedAt, lastNotifiedAt: row.lastNotifiedAt };
}
//# sourceMappingURL=alert-evaluator.js.map