import { callTexts } from './call-text.js';
import { callPayloads } from './descriptor-rows.js';
import { judgeMessages, parseJudgeReply } from './judge-reply.js';
import { stableUnit } from './sampling.js';
const DAY_MS = 86_400_000;
/** Consecutive failed judge calls after which a run stops trying (the next run tries again). */
const MAX_CONSECUTIVE_ERRORS = 3;
export function judgeEvaluatorName(monitorName) {
    return `judge:${monitorName}`;
}
/**
 * LLM-as-judge for quality monitors, off the request path: picks a stable fraction of the window's calls, skips
 * those already scored, and sends each to the judge endpoint within a calls-per-minute and a daily cost cap.
 * Runs on the instance holding the monitors lease, so the per-minute window in memory is the only one.
 */
export class JudgeRunner {
    dependencies;
    recent = new Map();
    constructor(dependencies) {
        this.dependencies = dependencies;
    }
    async run(monitor, judge, rows) {
        const { db, now } = this.dependencies;
        const evaluator = judgeEvaluatorName(monitor.name);
        const stats = {
            evaluator, sampled: 0, already_judged: 0, judged: 0, parse_failures: 0, errors: 0, skipped_cost_cap: 0,
            skipped_rate_limit: 0, skipped_no_payload: 0, cost_usd: 0, cost_usd_today: 0, average_score: null,
        };
        const picked = rows
            .filter((row) => stableUnit(`${monitor.id}:${row.request_id}`) < judge.sample_fraction)
            .sort((left, right) => left.request_time - right.request_time || left.request_id.localeCompare(right.request_id));
        stats.sampled = picked.length;
        if (picked.length === 0)
            return stats;
        const judged = await this.alreadyJudged(monitor.endpoint_name, evaluator, picked.map((row) => row.request_id));
        const pending = picked.filter((row) => !judged.has(row.request_id));
        stats.already_judged = picked.length - pending.length;
        const dayStart = Math.floor(now() / DAY_MS) * DAY_MS;
        let spent = await this.spentSince(monitor.endpoint_name, evaluator, dayStart);
        const window = (this.recent.get(monitor.id) ?? []).filter((time) => time > now() - 60_000);
        this.recent.set(monitor.id, window);
        const allowed = Math.max(0, judge.max_calls_per_minute - window.length);
        const payloads = await callPayloads(db, pending.slice(0, allowed).map((row) => row.request_id));
        let scoreSum = 0;
        let scored = 0;
        let consecutiveErrors = 0;
        for (const [index, row] of pending.entries()) {
            if (spent >= judge.max_cost_usd_per_day) {
                stats.skipped_cost_cap += pending.length - index;
                break;
            }
            if (index >= allowed || consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                stats.skipped_rate_limit += pending.length - index;
                break;
            }
            const payload = payloads.get(row.request_id);
            if (!payload || (monitor.endpoint_id !== null && payload.endpoint_id !== null && payload.endpoint_id !== monitor.endpoint_id)) {
                stats.skipped_no_payload++;
                continue;
            }
            window.push(now());
            let reply;
            try {
                reply = await this.dependencies.judgeCall(judge.endpoint, judgeMessages(judge, callTexts(payload.request, payload.response)), {
                    principalId: monitor.created_by,
                    maxTokens: judge.max_tokens,
                });
            }
            catch (error) {
                stats.errors++;
                consecutiveErrors++;
                stats.last_error = error instanceof Error ? error.message.slice(0, 300) : String(error);
                continue;
            }
            consecutiveErrors = 0;
            const cost = reply.costUsd ?? 0;
            spent += cost;
            stats.cost_usd += cost;
            const parsed = parseJudgeReply(judge, reply.text);
            await db
                .insertInto('evaluation_scores')
                .values({
                request_id: row.request_id,
                endpoint_name: monitor.endpoint_name,
                served_entity_name: row.served_entity_name,
                time: now(),
                evaluator,
                score_value: parsed ? parsed.score : null,
                score_label: parsed ? parsed.label : 'unparsed',
                explanation: parsed ? parsed.explanation : 'The judge answer held no score in range.',
                judge_endpoint: judge.endpoint,
                cost_usd: reply.costUsd,
            })
                .execute();
            if (!parsed) {
                stats.parse_failures++;
                continue;
            }
            stats.judged++;
            scoreSum += parsed.score;
            scored++;
            if (judge.flag_below !== undefined && parsed.score < judge.flag_below) {
                await this.flag(monitor, row, { evaluator, score: parsed.score, label: parsed.label, threshold: judge.flag_below });
            }
        }
        stats.cost_usd_today = spent;
        stats.average_score = scored === 0 ? null : scoreSum / scored;
        return stats;
    }
    async flag(monitor, row, detail) {
        const flagForReview = this.dependencies.flagForReview;
        if (!flagForReview)
            return;
        try {
            await flagForReview({
                request_id: row.request_id,
                endpoint_name: monitor.endpoint_name,
                endpoint_id: row.endpoint_id ?? monitor.endpoint_id,
                source: 'quality',
                detail: { monitor: monitor.name, ...detail },
            });
        }
        catch (error) {
            this.dependencies.logger.warn({ err: error, monitor_id: monitor.id }, 'could not flag a call for review');
        }
    }
    async alreadyJudged(endpointName, evaluator, requestIds) {
        const found = new Set();
        for (let start = 0; start < requestIds.length; start += 500) {
            const rows = await this.dependencies.db
                .selectFrom('evaluation_scores')
                .select('request_id')
                .where('endpoint_name', '=', endpointName)
                .where('evaluator', '=', evaluator)
                .where('request_id', 'in', requestIds.slice(start, start + 500))
                .execute();
            for (const row of rows)
                found.add(row.request_id);
        }
        return found;
    }
    async spentSince(endpointName, evaluator, since) {
        const row = await this.dependencies.db
            .selectFrom('evaluation_scores')
            .select((eb) => eb.fn.sum('cost_usd').as('spent'))
            .where('endpoint_name', '=', endpointName)
            .where('evaluator', '=', evaluator)
            .where('time', '>=', since)
            .executeTakeFirst();
        return Number(row?.spent ?? 0);
    }
}
//# sourceMappingURL=judge-runner.js.map