import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { callRowColumns, payloadTruncated, promptMessages, responseText } from './call-payload.js';
/**
 * Training data out of the review queue and user feedback, as JSON Lines:
 * - `fine_tuning`: OpenAI's chat fine-tuning format, `{"messages": [...prompt, {"role": "assistant", "content": correction}]}`,
 *   from each item's latest `correct` decision and each call's latest feedback correction (a reviewer's correction
 *   wins over feedback on the same call);
 * - `preferences`: OpenAI's preference (DPO) format, `{"input": {"messages": [...]}, "preferred_output": [...],
 *   "non_preferred_output": [...]}`: the same corrections against the original answer, plus approved against
 *   rejected answers to the same prompt.
 * Payloads come from the inference table, so they are masked as capture stored them. Reads go page by page.
 */
const PAGE = 500;
/** Approved × rejected pairs emitted per prompt, so one popular prompt cannot dominate the set. */
export const MAX_PAIRS_PER_PROMPT = 25;
/** Distinct answers kept per prompt and verdict for pairing. */
const MAX_ANSWERS_PER_SIDE = 10;
export function fineTuningLine(messages, correction) {
    return `${JSON.stringify({ messages: [...messages, { role: 'assistant', content: correction }] })}\n`;
}
export function preferenceLine(messages, chosen, rejected) {
    return `${JSON.stringify({
        input: { messages },
        preferred_output: [{ role: 'assistant', content: chosen }],
        non_preferred_output: [{ role: 'assistant', content: rejected }],
    })}\n`;
}
async function loadCalls(db, requestIds) {
    if (requestIds.length === 0)
        return new Map();
    const rows = await db.selectFrom('inference_log').select([...callRowColumns]).where('request_id', 'in', [...new Set(requestIds)]).execute();
    return new Map(rows.map((row) => [row.request_id, row]));
}
/** Each item's latest `correct` decision in range, page by page (keyset on the decision id). */
async function* reviewerCorrections(db, query) {
    let after = 0;
    for (;;) {
        let select = db
            .selectFrom('review_decisions as d')
            .innerJoin('review_items as i', 'i.id', 'd.item_id')
            .select(['d.id', 'd.request_id', 'd.correction'])
            .where('d.endpoint_name', '=', query.endpoint_name)
            .where('d.decision', '=', 'correct')
            .where('d.correction', 'is not', null)
            .where('d.id', '>', after)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('review_decisions as later')
            .select(sql `1`.as('one'))
            .whereRef('later.item_id', '=', 'd.item_id')
            .where('later.decision', '=', 'correct')
            .whereRef('later.id', '>', 'd.id'))));
        if (query.endpoint_id !== null)
            select = select.where((eb) => eb.or([eb('i.endpoint_id', 'is', null), eb('i.endpoint_id', '=', query.endpoint_id)]));
        if (query.from !== undefined)
            select = select.where('d.decided_at', '>=', query.from);
        if (query.to !== undefined)
            select = select.where('d.decided_at', '<=', query.to);
        const rows = await select.orderBy('d.id').limit(PAGE).execute();
        if (rows.length === 0)
            return;
        yield rows.map((row) => ({ request_id: row.request_id, correction: row.correction ?? '' }));
        after = Number(rows.at(-1).id);
        if (rows.length < PAGE)
            return;
    }
}
/** Each call's latest feedback correction in range, page by page (keyset on created_at, id). */
async function* feedbackCorrections(db, query) {
    let cursor;
    for (;;) {
        let select = db
            .selectFrom('feedback as f')
            .select(['f.id', 'f.request_id', 'f.correction', 'f.created_at'])
            .where('f.endpoint_name', '=', query.endpoint_name)
            .where('f.correction', 'is not', null)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('feedback as later')
            .select(sql `1`.as('one'))
            .whereRef('later.request_id', '=', 'f.request_id')
            .where('later.correction', 'is not', null)
            .where((inner) => inner.or([
            inner('later.created_at', '>', inner.ref('f.created_at')),
            inner.and([inner('later.created_at', '=', inner.ref('f.created_at')), inner('later.id', '>', inner.ref('f.id'))]),
        ])))));
        if (query.endpoint_id !== null)
            select = select.where((eb) => eb.or([eb('f.endpoint_id', 'is', null), eb('f.endpoint_id', '=', query.endpoint_id)]));
        if (query.from !== undefined)
            select = select.where('f.created_at', '>=', query.from);
        if (query.to !== undefined)
            select = select.where('f.created_at', '<=', query.to);
        if (cursor) {
            const { t, id } = cursor;
            select = select.where((eb) => eb.or([eb('f.created_at', '>', t), eb.and([eb('f.created_at', '=', t), eb('f.id', '>', id)])]));
        }
        const rows = await select.orderBy('f.created_at').orderBy('f.id').limit(PAGE).execute();
        if (rows.length === 0)
            return;
        yield rows.map((row) => ({ request_id: row.request_id, correction: row.correction ?? '' }));
        const last = rows.at(-1);
        cursor = { t: Number(last.created_at), id: last.id };
        if (rows.length < PAGE)
            return;
    }
}
/** Items whose latest decision is approve or reject, page by page. */
async function* verdicts(db, query) {
    let after = 0;
    for (;;) {
        let select = db
            .selectFrom('review_decisions as d')
            .innerJoin('review_items as i', 'i.id', 'd.item_id')
            .select(['d.id', 'd.request_id', 'd.decision'])
            .where('d.endpoint_name', '=', query.endpoint_name)
            .where('d.decision', 'in', ['approve', 'reject'])
            .where('d.id', '>', after)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('review_decisions as later').select(sql `1`.as('one')).whereRef('later.item_id', '=', 'd.item_id').whereRef('later.id', '>', 'd.id'))));
        if (query.endpoint_id !== null)
            select = select.where((eb) => eb.or([eb('i.endpoint_id', 'is', null), eb('i.endpoint_id', '=', query.endpoint_id)]));
        if (query.from !== undefined)
            select = select.where('d.decided_at', '>=', query.from);
        if (query.to !== undefined)
            select = select.where('d.decided_at', '<=', query.to);
        const rows = await select.orderBy('d.id').limit(PAGE).execute();
        if (rows.length === 0)
            return;
        yield rows;
        after = Number(rows.at(-1).id);
        if (rows.length < PAGE)
            return;
    }
}
function addAnswer(list, answer) {
    if (list.length < MAX_ANSWERS_PER_SIDE && !list.includes(answer))
        list.push(answer);
}
/** Approved × rejected answers of one prompt, at most MAX_PAIRS_PER_PROMPT, skipping identical answers. Pure. */
export function pairAnswers(approved, rejected) {
    const pairs = [];
    for (const bad of rejected) {
        for (const good of approved) {
            if (pairs.length >= MAX_PAIRS_PER_PROMPT)
                return pairs;
            if (good !== bad)
                pairs.push([good, bad]);
        }
    }
    return pairs;
}
/** Streams an export; `counts()` is final once `lines` has been read to the end. */
export function exportExamples(db, query) {
    const counts = { examples: 0, skipped_truncated: 0, skipped_no_prompt: 0, skipped_no_response: 0 };
    /** One example from a correction, or null (counted) when the call cannot make one. */
    function fromCorrection(correction, call) {
        if (!call) {
            counts.skipped_no_prompt += 1;
            return null;
        }
        const truncated = payloadTruncated(call);
        if (truncated.request || (query.kind === 'preferences' && truncated.response)) {
            counts.skipped_truncated += 1;
            return null;
        }
        const messages = promptMessages(call.request);
        if (!messages) {
            counts.skipped_no_prompt += 1;
            return null;
        }
        if (query.kind === 'fine_tuning')
            return fineTuningLine(messages, correction.correction);
        const original = responseText(call.response);
        if (original === null || original === correction.correction) {
            counts.skipped_no_response += 1;
            return null;
        }
        return preferenceLine(messages, correction.correction, original);
    }
    async function* lines() {
        const corrected = new Set();
        for await (const page of reviewerCorrections(db, query)) {
            const calls = await loadCalls(db, page.map((entry) => entry.request_id));
            for (const entry of page) {
                corrected.add(entry.request_id);
                const line = fromCorrection(entry, calls.get(entry.request_id));
                if (line !== null) {
                    counts.examples += 1;
                    yield line;
                }
            }
        }
        for await (const page of feedbackCorrections(db, query)) {
            const fresh = page.filter((entry) => !corrected.has(entry.request_id));
            const calls = await loadCalls(db, fresh.map((entry) => entry.request_id));
            for (const entry of fresh) {
                const line = fromCorrection(entry, calls.get(entry.request_id));
                if (line !== null) {
                    counts.examples += 1;
                    yield line;
                }
            }
        }
        if (query.kind !== 'preferences')
            return;
        // Approved vs rejected answers to the same prompt (same masked messages), grouped by a hash of the messages.
        const groups = new Map();
        for await (const page of verdicts(db, query)) {
            const calls = await loadCalls(db, page.map((entry) => entry.request_id));
            for (const entry of page) {
                const call = calls.get(entry.request_id);
                if (!call) {
                    counts.skipped_no_prompt += 1;
                    continue;
                }
                const truncated = payloadTruncated(call);
                if (truncated.request || truncated.response) {
                    counts.skipped_truncated += 1;
                    continue;
                }
                const messages = promptMessages(call.request);
                const answer = responseText(call.response);
                if (!messages) {
                    counts.skipped_no_prompt += 1;
                    continue;
                }
                if (answer === null) {
                    counts.skipped_no_response += 1;
                    continue;
                }
                const key = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
                let group = groups.get(key);
                if (!group) {
                    group = { messages, approved: [], rejected: [] };
                    groups.set(key, group);
                }
                addAnswer(entry.decision === 'approve' ? group.approved : group.rejected, answer);
            }
        }
        for (const group of groups.values()) {
            for (const [chosen, rejected] of pairAnswers(group.approved, group.rejected)) {
                counts.examples += 1;
                yield preferenceLine(group.messages, chosen, rejected);
            }
        }
    }
    return { lines: lines(), counts: () => ({ ...counts }) };
}
//# sourceMappingURL=review-export.js.map