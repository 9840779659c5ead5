import { randomUUID } from 'node:crypto';
import { CairnError } from '../../errors/index.js';
import { pickRoute } from '../../serving/index.js';
/** Bound on one judge call, so a stuck judge cannot hold the monitor loop. */
const JUDGE_TIMEOUT_MS = 60_000;
async function principalOf(auth, principalId) {
    if (principalId === null)
        throw new CairnError('INVALID_STATE', 'The monitor has no creator to run its judge as.');
    const record = await auth.principals.get(principalId).catch(() => undefined);
    if (!record || !record.active)
        throw new CairnError('INVALID_STATE', 'The principal who created the monitor no longer exists or is inactive.');
    const groups = await auth.principals.groupsOf(principalId);
    return { id: record.id, kind: record.kind, name: record.name, displayName: record.displayName, isAdmin: record.isAdmin, groupIds: groups.map((group) => group.id) };
}
/**
 * The judge through Cairn's own serving layer: endpoint lookup, CAN_QUERY as the monitor's creator, the traffic
 * split, the served model (any provider), and the gateway's prices for the cost. It deliberately skips capture
 * (a judge call must not itself be described, judged and sampled into review, which would loop when the judge
 * endpoint is the monitored one) and the caller rate limits (the judge has its own calls-per-minute and daily
 * cost caps).
 */
export function createServingJudge(dependencies) {
    const random = dependencies.random ?? Math.random;
    return async (endpoint, messages, options) => {
        const principal = await principalOf(dependencies.auth, options.principalId);
        const lease = dependencies.serving.acquireForQuery(principal, endpoint);
        try {
            const served = lease.runtime.entities.get(pickRoute(lease.runtime.routes, random()));
            if (!served)
                throw new CairnError('INTERNAL_ERROR', `Judge endpoint ${endpoint} has no served entity.`);
            if (!served.model.capabilities.chat)
                throw new CairnError('CAPABILITY_NOT_SUPPORTED', `Judge endpoint ${endpoint} does not support chat.`);
            const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(JUDGE_TIMEOUT_MS)]) : AbortSignal.timeout(JUDGE_TIMEOUT_MS);
            const result = await served.model.doGenerate({
                input: { kind: 'chat', messages },
                params: { max_tokens: options.maxTokens, temperature: 0, extra: {} },
                signal,
                requestId: `judge-${randomUUID()}`,
            });
            const text = result.choices[0]?.text ?? '';
            const usage = result.usage;
            const costUsd = usage ? dependencies.prices.cost(served.modelName, usage, lease.policy.pricing).usd : null;
            return { text, costUsd };
        }
        finally {
            lease.release();
        }
    };
}
//# sourceMappingURL=judge-call.js.map